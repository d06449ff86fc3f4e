using ILGPU;

namespace GpuSpectral.Kernels.Convert;

/// <summary>
/// Bit-level decoders of the small float formats to float64, written with integer operations and exact powers of two
/// only, so they run unchanged inside ILGPU kernels (CUDA, OpenCL, CPU accelerator) and give the exact value: every
/// bf16/f16/f8 value is representable in float64 (and float32).
/// </summary>
/// <remarks>NaN codes decode to the canonical quiet NaN with the code's sign; the NaN payload is not kept.</remarks>
public static class ElementBits
{
    private const int Float64Bias = 1023;

    /// <summary>Decodes one element of <paramref name="format"/> starting at byte <paramref name="byteOffset"/>
    /// (little-endian) and multiplies integer formats by <paramref name="scale"/> (float64 product, rounded once).</summary>
    /// <param name="raw">Raw element bytes.</param>
    /// <param name="byteOffset">Offset of the element's first byte.</param>
    /// <param name="format">A <see cref="RawElementFormat"/> as int.</param>
    /// <param name="scale">Scale of the integer formats; ignored for the float formats.</param>
    /// <returns>The decoded value.</returns>
    public static double Decode(ArrayView<byte> raw, long byteOffset, int format, double scale)
    {
        if (format == (int)RawElementFormat.BFloat16)
        {
            return BFloat16(raw[byteOffset] | (raw[byteOffset + 1] << 8));
        }

        if (format == (int)RawElementFormat.Float16)
        {
            return Float16(raw[byteOffset] | (raw[byteOffset + 1] << 8));
        }

        if (format == (int)RawElementFormat.Float8E4M3)
        {
            return Float8E4M3(raw[byteOffset]);
        }

        if (format == (int)RawElementFormat.Float8E5M2)
        {
            return Float8E5M2(raw[byteOffset]);
        }

        if (format == (int)RawElementFormat.Int8)
        {
            var b = (int)raw[byteOffset];
            return (b >= 128 ? b - 256 : b) * scale;
        }

        return raw[byteOffset] * scale;
    }

    /// <summary>bfloat16 bit pattern (low 16 bits of <paramref name="bits"/>) to float64.</summary>
    public static double BFloat16(int bits) => MiniFloat(bits, 8, 7, true);

    /// <summary>IEEE binary16 bit pattern (low 16 bits) to float64.</summary>
    public static double Float16(int bits) => MiniFloat(bits, 5, 10, true);

    /// <summary>FP8 E4M3 (e4m3fn) bit pattern (low 8 bits) to float64: no infinity, 0x7F/0xFF are NaN.</summary>
    public static double Float8E4M3(int bits) => MiniFloat(bits, 4, 3, false);

    /// <summary>FP8 E5M2 bit pattern (low 8 bits) to float64, IEEE-style infinity and NaN.</summary>
    public static double Float8E5M2(int bits) => MiniFloat(bits, 5, 2, true);

    /// <summary>2^<paramref name="k"/> exactly, for −1022 ≤ k ≤ 1023.</summary>
    public static double Pow2(int k) => Interop.IntAsFloat((ulong)(k + Float64Bias) << 52);

    /// <summary>
    /// Decodes a sign/exponent/mantissa pattern with <paramref name="expBits"/> exponent bits (bias 2^(e−1)−1) and
    /// <paramref name="mantBits"/> mantissa bits. With <paramref name="ieeeSpecials"/> the all-ones exponent means
    /// infinity (mantissa 0) or NaN; without it (E4M3) only the all-ones exponent with all-ones mantissa is NaN and
    /// the rest of that exponent are normal numbers.
    /// </summary>
    private static double MiniFloat(int bits, int expBits, int mantBits, bool ieeeSpecials)
    {
        var expMax = (1 << expBits) - 1;
        var mantMask = (1 << mantBits) - 1;
        var bias = (1 << (expBits - 1)) - 1;
        var negative = ((bits >> (expBits + mantBits)) & 1) != 0;
        var e = (bits >> mantBits) & expMax;
        var m = bits & mantMask;
        double magnitude;
        if (e == expMax && (ieeeSpecials || m == mantMask))
        {
            magnitude = ieeeSpecials && m == 0 ? double.PositiveInfinity : double.NaN;
        }
        else if (e == 0)
        {
            magnitude = m * Pow2(1 - bias - mantBits); // subnormal (or zero): exact, m < 2^mantBits
        }
        else
        {
            magnitude = Interop.IntAsFloat(((ulong)(e - bias + Float64Bias) << 52) | ((ulong)m << (52 - mantBits)));
        }

        return negative ? -magnitude : magnitude;
    }
}
