namespace GpuSpectral.Checkpoints.Gguf;

/// <summary>
/// ggml's 4- and 5-bit K-quants (256-element super-blocks with eight 6-bit scales and mins), decoded as
/// <c>dequantize_row_q4_K</c> and <c>dequantize_row_q5_K</c> in ggml-quants.c, with float32 rounding at each step.
/// </summary>
internal static class GgufKQuantsMid
{
    private const int Qk = 256;

    /// <summary>ggml's <c>get_scale_min_k4</c>: the 6-bit scale and min number <paramref name="j"/>.</summary>
    internal static (int Scale, int Min) ScaleMinK4(int j, ReadOnlySpan<byte> q)
    {
        if (j < 4)
        {
            return (q[j] & 63, q[j + 4] & 63);
        }

        return ((q[j + 4] & 0xF) | ((q[j - 4] >> 6) << 4), (q[j + 4] >> 4) | ((q[j] >> 6) << 4));
    }

    /// <summary><c>half d; half dmin; u8 scales[12]; u8 qs[128]</c>.</summary>
    public static void Q4_K(ReadOnlySpan<byte> src, Span<double> y)
    {
        for (int i = 0, o = 0; o < y.Length; i += 144, o += Qk)
        {
            var block = src.Slice(i, 144);
            var d = GgufLegacyQuants.Half(block, 0);
            var min = GgufLegacyQuants.Half(block, 2);
            var scales = block.Slice(4, 12);
            var k = o;
            for (var c = 0; c < 4; c++)
            {
                var q = block.Slice(16 + (32 * c), 32);
                var (sc1, m1i) = ScaleMinK4(2 * c, scales);
                var (sc2, m2i) = ScaleMinK4((2 * c) + 1, scales);
                float d1 = (float)(d * sc1), m1 = (float)(min * m1i);
                float d2 = (float)(d * sc2), m2 = (float)(min * m2i);
                for (var l = 0; l < 32; l++)
                {
                    y[k++] = (float)((float)(d1 * (q[l] & 0xF)) - m1);
                }

                for (var l = 0; l < 32; l++)
                {
                    y[k++] = (float)((float)(d2 * (q[l] >> 4)) - m2);
                }
            }
        }
    }

    /// <summary><c>half d; half dmin; u8 scales[12]; u8 qh[32]; u8 qs[128]</c>.</summary>
    public static void Q5_K(ReadOnlySpan<byte> src, Span<double> y)
    {
        for (int i = 0, o = 0; o < y.Length; i += 176, o += Qk)
        {
            var block = src.Slice(i, 176);
            var d = GgufLegacyQuants.Half(block, 0);
            var min = GgufLegacyQuants.Half(block, 2);
            var scales = block.Slice(4, 12);
            var qh = block.Slice(16, 32);
            var k = o;
            int u1 = 1, u2 = 2;
            for (var c = 0; c < 4; c++)
            {
                var ql = block.Slice(48 + (32 * c), 32);
                var (sc1, m1i) = ScaleMinK4(2 * c, scales);
                var (sc2, m2i) = ScaleMinK4((2 * c) + 1, scales);
                float d1 = (float)(d * sc1), m1 = (float)(min * m1i);
                float d2 = (float)(d * sc2), m2 = (float)(min * m2i);
                for (var l = 0; l < 32; l++)
                {
                    var qv = (ql[l] & 0xF) + ((qh[l] & u1) != 0 ? 16 : 0);
                    y[k++] = (float)((float)(d1 * qv) - m1);
                }

                for (var l = 0; l < 32; l++)
                {
                    var qv = (ql[l] >> 4) + ((qh[l] & u2) != 0 ? 16 : 0);
                    y[k++] = (float)((float)(d2 * qv) - m2);
                }

                u1 <<= 2;
                u2 <<= 2;
            }
        }
    }
}
