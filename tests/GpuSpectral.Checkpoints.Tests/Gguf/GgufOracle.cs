using GpuSpectral.Checkpoints.Tests.Support;

namespace GpuSpectral.Checkpoints.Tests.Gguf;

/// <summary>
/// Independent dequantization for test oracles: one output element at a time, straight from the formulas in
/// checkpoint-formats.md §5.3 (element index → block, field, bits), halves decoded by explicit exponent/mantissa
/// arithmetic, and every float32 step of ggml emulated by rounding an exact double result to float.
/// </summary>
internal static class GgufOracle
{
    /// <summary>
    /// Round to float32. A float × float or float ± float computed in double and then rounded to float equals the
    /// float32 operation (53 ≥ 2·24 + 2), so this reproduces ggml's float arithmetic step by step.
    /// </summary>
    private static double R(double x) => (float)x;

    private static double Half(byte[] b, int at) => IndependentDecode.Minifloat(b[at] | (b[at + 1] << 8), 5, 10);

    private static int Bit(int value, int bit) => (value >> bit) & 1;

    public static double[] Dequantize(string type, byte[] data, long count)
    {
        var (_, qk, size) = GgufWriter.Types[type];
        var y = new double[count];
        for (var e = 0; e < count; e++)
        {
            var b = data.AsSpan((int)(e / qk * size), size).ToArray();
            y[e] = Element(type, b, e % qk);
        }

        return y;
    }

    private static double Element(string type, byte[] b, int e) => type switch
    {
        "Q4_0" => R((Nibble(b, 2, e) - 8) * Half(b, 0)),
        "Q4_1" => R(R(Nibble(b, 4, e) * Half(b, 0)) + Half(b, 2)),
        "Q5_0" => R((Nibble(b, 6, e) + (16 * Bit(Le32(b, 2), e)) - 16) * Half(b, 0)),
        "Q5_1" => R(R((Nibble(b, 8, e) + (16 * Bit(Le32(b, 4), e))) * Half(b, 0)) + Half(b, 2)),
        "Q8_0" => R((sbyte)b[2 + e] * Half(b, 0)),
        "Q2_K" => Q2K(b, e),
        "Q3_K" => Q3K(b, e),
        "Q4_K" => QK45(b, e, hasHighBits: false),
        "Q5_K" => QK45(b, e, hasHighBits: true),
        "Q6_K" => Q6K(b, e),
        _ => throw new NotSupportedException(type),
    };

    /// <summary>Element j of a 32-block: j &lt; 16 is the low nibble of qs[j], else the high nibble of qs[j − 16].
    /// </summary>
    private static int Nibble(byte[] b, int qsAt, int j) => j < 16 ? b[qsAt + j] & 0xF : b[qsAt + j - 16] >> 4;

    private static int Le32(byte[] b, int at) => b[at] | (b[at + 1] << 8) | (b[at + 2] << 16) | (b[at + 3] << 24);

    private static double Q2K(byte[] b, int e)
    {
        int h = e / 128, j = e % 128 / 32, l = e % 32;
        var q = (b[16 + (32 * h) + l] >> (2 * j)) & 3;
        var sc = b[(8 * h) + (2 * j) + (l >= 16 ? 1 : 0)];
        double d = Half(b, 80), dmin = Half(b, 82);
        return R(R(R(d * (sc & 0xF)) * q) - R(dmin * (sc >> 4)));
    }

    private static double Q3K(byte[] b, int e)
    {
        int h = e / 128, j = e % 128 / 32, l = e % 32;
        var q2 = (b[32 + (32 * h) + l] >> (2 * j)) & 3;
        var hb = Bit(b[l], (4 * h) + j);
        var i = (8 * h) + (2 * j) + (l >= 16 ? 1 : 0);
        var s = b.AsSpan(96, 12);
        var lo = i < 8 ? s[i] & 0xF : s[i - 8] >> 4;
        var hi = (s[8 + (i % 4)] >> (2 * (i / 4))) & 3;
        var scale = lo | (hi << 4);
        return R(R(Half(b, 108) * (scale - 32)) * (q2 - (hb == 1 ? 0 : 4)));
    }

    /// <summary>The 6-bit scale and min number j of Q4_K/Q5_K, assembled bit by bit from the 12 packed bytes.</summary>
    private static (int Scale, int Min) K4(byte[] b, int j)
    {
        var q = b.AsSpan(4, 12);
        int scale = 0, min = 0;
        for (var bit = 0; bit < 6; bit++)
        {
            if (j < 4)
            {
                scale |= Bit(q[j], bit) << bit;
                min |= Bit(q[j + 4], bit) << bit;
            }
            else if (bit < 4)
            {
                scale |= Bit(q[j + 4], bit) << bit;
                min |= Bit(q[j + 4], bit + 4) << bit;
            }
            else
            {
                scale |= Bit(q[j - 4], bit + 2) << bit;
                min |= Bit(q[j], bit + 2) << bit;
            }
        }

        return (scale, min);
    }

    private static double QK45(byte[] b, int e, bool hasHighBits)
    {
        int c = e / 64, l = e % 32;
        var high = e % 64 >= 32;
        var (sc, m) = K4(b, (2 * c) + (high ? 1 : 0));
        var qsAt = hasHighBits ? 48 : 16;
        var qsByte = b[qsAt + (32 * c) + l];
        var q = high ? qsByte >> 4 : qsByte & 0xF;
        if (hasHighBits)
        {
            q += 16 * Bit(b[16 + l], (2 * c) + (high ? 1 : 0));
        }

        double d = Half(b, 0), dmin = Half(b, 2);
        return R(R(R(d * sc) * q) - R(dmin * m));
    }

    private static double Q6K(byte[] b, int e)
    {
        int h = e / 128, quarter = e % 128 / 32, l = e % 32;
        var lAt = (64 * h) + l + (quarter % 2 == 1 ? 32 : 0);
        var low = quarter < 2 ? b[lAt] & 0xF : b[lAt] >> 4;
        var high = (b[128 + (32 * h) + l] >> (2 * quarter)) & 3;
        var scale = (sbyte)b[192 + (8 * h) + (l / 16) + (2 * quarter)];
        return R(R(Half(b, 208) * scale) * ((low | (high << 4)) - 32));
    }

    /// <summary>Offsets of the half-precision fields inside one block of each quantized type.</summary>
    public static int[] HalfOffsets(string type) => type switch
    {
        "Q4_0" or "Q5_0" or "Q8_0" => [0],
        "Q4_1" or "Q5_1" or "Q4_K" or "Q5_K" => [0, 2],
        "Q2_K" => [80, 82],
        "Q3_K" => [108],
        "Q6_K" => [208],
        _ => [],
    };

    /// <summary>Random blocks whose half fields are finite (random sign, exponent 0..30, mantissa).</summary>
    public static byte[] RandomBlocks(string type, int blocks, Random rng)
    {
        var (_, _, size) = GgufWriter.Types[type];
        var data = new byte[blocks * size];
        rng.NextBytes(data);
        for (var k = 0; k < blocks; k++)
        {
            foreach (var at in HalfOffsets(type))
            {
                var bits = (rng.Next(2) << 15) | (rng.Next(31) << 10) | rng.Next(1024);
                data[(k * size) + at] = (byte)bits;
                data[(k * size) + at + 1] = (byte)(bits >> 8);
            }
        }

        return data;
    }
}
