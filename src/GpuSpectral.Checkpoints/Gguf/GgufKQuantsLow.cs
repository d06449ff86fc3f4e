namespace GpuSpectral.Checkpoints.Gguf;

/// <summary>
/// ggml's 2- and 3-bit K-quants (256-element super-blocks), decoded as <c>dequantize_row_q2_K</c> and
/// <c>dequantize_row_q3_K</c> in ggml-quants.c, with float32 rounding at each step.
/// </summary>
internal static class GgufKQuantsLow
{
    private const int Qk = 256;

    /// <summary><c>u8 scales[16]; u8 qs[64]; half d; half dmin</c>.</summary>
    public static void Q2_K(ReadOnlySpan<byte> src, Span<double> y)
    {
        for (int i = 0, o = 0; o < y.Length; i += 84, o += Qk)
        {
            var block = src.Slice(i, 84);
            var scales = block[..16];
            var d = GgufLegacyQuants.Half(block, 80);
            var min = GgufLegacyQuants.Half(block, 82);
            var k = o;
            var s = 0;
            for (var n = 0; n < 2; n++)
            {
                var q = block.Slice(16 + (32 * n), 32);
                for (var shift = 0; shift < 8; shift += 2)
                {
                    for (var half = 0; half < 2; half++)
                    {
                        var sc = scales[s++];
                        var dl = (float)(d * (sc & 0xF));
                        var ml = (float)(min * (sc >> 4));
                        for (var l = 0; l < 16; l++)
                        {
                            var qv = (q[(16 * half) + l] >> shift) & 3;
                            y[k++] = (float)((float)(dl * qv) - ml);
                        }
                    }
                }
            }
        }
    }

    /// <summary><c>u8 hmask[32]; u8 qs[64]; u8 scales[12]; half d</c>.</summary>
    public static void Q3_K(ReadOnlySpan<byte> src, Span<double> y)
    {
        Span<int> scale = stackalloc int[16];
        for (int i = 0, o = 0; o < y.Length; i += 110, o += Qk)
        {
            var block = src.Slice(i, 110);
            var hm = block[..32];
            var packed = block.Slice(96, 12);
            var dAll = GgufLegacyQuants.Half(block, 108);
            for (var k4 = 0; k4 < 4; k4++)
            {
                var hi = packed[8 + k4];
                scale[k4] = (packed[k4] & 0xF) | ((hi & 3) << 4);
                scale[k4 + 4] = (packed[k4 + 4] & 0xF) | (((hi >> 2) & 3) << 4);
                scale[k4 + 8] = (packed[k4] >> 4) | (((hi >> 4) & 3) << 4);
                scale[k4 + 12] = (packed[k4 + 4] >> 4) | (((hi >> 6) & 3) << 4);
            }

            var k = o;
            var s = 0;
            var mask = 1;
            for (var n = 0; n < 2; n++)
            {
                var q = block.Slice(32 + (32 * n), 32);
                for (var shift = 0; shift < 8; shift += 2)
                {
                    for (var half = 0; half < 2; half++)
                    {
                        var dl = (float)(dAll * (scale[s++] - 32));
                        for (var l = 0; l < 16; l++)
                        {
                            var idx = (16 * half) + l;
                            var qv = ((q[idx] >> shift) & 3) - ((hm[idx] & mask) != 0 ? 0 : 4);
                            y[k++] = (float)(dl * qv);
                        }
                    }

                    mask <<= 1;
                }
            }
        }
    }
}
