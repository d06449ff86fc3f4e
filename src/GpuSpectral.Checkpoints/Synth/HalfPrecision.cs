namespace GpuSpectral.Checkpoints.Synth;

/// <summary>Float32 to 16-bit encodings used when writing synthetic checkpoints.</summary>
public static class HalfPrecision
{
    /// <summary>
    /// bfloat16 bits of <paramref name="value"/>, rounded to nearest, ties to even (the upper 16 bits of the
    /// float32 after adding <c>0x7FFF</c> plus the lowest kept bit). Infinities and signed zeros are kept; values
    /// that round past the largest finite bfloat16 become infinity; NaN stays NaN (quiet, sign kept).
    /// </summary>
    public static ushort ToBFloat16Bits(float value)
    {
        var bits = BitConverter.SingleToUInt32Bits(value);
        if (float.IsNaN(value))
        {
            return (ushort)((bits >> 16) | 0x0040);
        }

        var bias = 0x7FFFu + ((bits >> 16) & 1u);
        return (ushort)((bits + bias) >> 16);
    }

    /// <summary>IEEE binary16 bits of <paramref name="value"/> (<see cref="System.Half"/>'s conversion: round to
    /// nearest even, overflow to infinity, NaN kept).</summary>
    public static ushort ToFloat16Bits(float value) => BitConverter.HalfToUInt16Bits((Half)value);
}
