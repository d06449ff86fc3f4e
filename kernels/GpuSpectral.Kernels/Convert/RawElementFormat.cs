namespace GpuSpectral.Kernels.Convert;

/// <summary>Storage formats that the convert kernels decode on the device from raw little-endian bytes.</summary>
public enum RawElementFormat
{
    /// <summary>bfloat16: 1 sign, 8 exponent (bias 127), 7 mantissa bits; the upper half of an IEEE float32.</summary>
    BFloat16,

    /// <summary>IEEE 754 binary16: 1 sign, 5 exponent (bias 15), 10 mantissa bits (System.Half).</summary>
    Float16,

    /// <summary>OCP FP8 E4M3 ("e4m3fn"): 1 sign, 4 exponent (bias 7), 3 mantissa bits; no infinity, NaN is
    /// S.1111.111, largest finite 448.</summary>
    Float8E4M3,

    /// <summary>OCP FP8 E5M2: 1 sign, 5 exponent (bias 15), 2 mantissa bits; IEEE-style infinity and NaN, largest
    /// finite 57344.</summary>
    Float8E5M2,

    /// <summary>Signed 8-bit integer (two's complement), multiplied by a scale.</summary>
    Int8,

    /// <summary>Unsigned 8-bit integer, multiplied by a scale.</summary>
    UInt8,
}

/// <summary>Sizes of the <see cref="RawElementFormat"/> values.</summary>
public static class RawElementFormats
{
    /// <summary>Bytes per element of <paramref name="format"/> (1 or 2).</summary>
    /// <exception cref="ArgumentOutOfRangeException">Unknown format.</exception>
    public static int BytesPerElement(RawElementFormat format) => format switch
    {
        RawElementFormat.BFloat16 or RawElementFormat.Float16 => 2,
        RawElementFormat.Float8E4M3 or RawElementFormat.Float8E5M2 or RawElementFormat.Int8
            or RawElementFormat.UInt8 => 1,
        _ => throw new ArgumentOutOfRangeException(nameof(format), format, "Unknown raw element format."),
    };

    /// <summary>True for the integer formats, which take a scale.</summary>
    public static bool IsScaled(RawElementFormat format) =>
        format is RawElementFormat.Int8 or RawElementFormat.UInt8;
}
