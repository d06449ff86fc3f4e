namespace GpuSpectral.Checkpoints.Gguf;

/// <summary>
/// ggml's 6-bit K-quant Q6_K, decoded as <c>dequantize_row_q6_K</c> in ggml-quants.c: y = (d·scale)·q, each
/// product rounded to float32.
/// </summary>
internal static class GgufQ6K
{
    private const int Qk = 256;

    /// <summary><c>u8 ql[128]; u8 qh[64]; i8 scales[16]; half d</c>.</summary>
    public static void Q6_K(ReadOnlySpan<byte> src, Span<double> y)
    {
        for (int i = 0, o = 0; o < y.Length; i += 210, o += Qk)
        {
            var block = src.Slice(i, 210);
            var d = GgufLegacyQuants.Half(block, 208);
            for (var n = 0; n < 2; n++)
            {
                var ql = block.Slice(64 * n, 64);
                var qh = block.Slice(128 + (32 * n), 32);
                var sc = block.Slice(192 + (8 * n), 8);
                var yo = o + (128 * n);
                for (var l = 0; l < 32; l++)
                {
                    var s = l / 16;
                    var q1 = ((ql[l] & 0xF) | (((qh[l] >> 0) & 3) << 4)) - 32;
                    var q2 = ((ql[l + 32] & 0xF) | (((qh[l] >> 2) & 3) << 4)) - 32;
                    var q3 = ((ql[l] >> 4) | (((qh[l] >> 4) & 3) << 4)) - 32;
                    var q4 = ((ql[l + 32] >> 4) | (((qh[l] >> 6) & 3) << 4)) - 32;
                    y[yo + l] = (float)((float)(d * (sbyte)sc[s]) * q1);
                    y[yo + l + 32] = (float)((float)(d * (sbyte)sc[s + 2]) * q2);
                    y[yo + l + 64] = (float)((float)(d * (sbyte)sc[s + 4]) * q3);
                    y[yo + l + 96] = (float)((float)(d * (sbyte)sc[s + 6]) * q4);
                }
            }
        }
    }
}
