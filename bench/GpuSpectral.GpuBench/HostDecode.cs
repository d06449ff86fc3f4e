using GpuSpectral.Kernels.Convert;

namespace GpuSpectral.GpuBench;

/// <summary>Host float64 decoding of raw element bytes, the reference of the convert case (written from the format
/// definitions, independently of the device kernels).</summary>
internal static class HostDecode
{
    public static double Decode(ReadOnlySpan<byte> raw, long i, RawElementFormat format) => format switch
    {
        // bf16 is the upper half of a float32.
        RawElementFormat.BFloat16 => BitConverter.Int32BitsToSingle(Half16(raw, i) << 16),
        RawElementFormat.Float16 => (double)BitConverter.UInt16BitsToHalf((ushort)Half16(raw, i)),

        // E5M2 is the upper byte of an IEEE binary16.
        RawElementFormat.Float8E5M2 => (double)BitConverter.UInt16BitsToHalf((ushort)(raw[(int)i] << 8)),
        RawElementFormat.Float8E4M3 => E4M3(raw[(int)i]),
        _ => throw new ArgumentOutOfRangeException(nameof(format), format, "not benchmarked"),
    };

    private static int Half16(ReadOnlySpan<byte> raw, long i) => raw[(int)(2 * i)] | (raw[(int)((2 * i) + 1)] << 8);

    /// <summary>OCP E4M3 (e4m3fn): bias 7, no infinity, S.1111.111 is NaN, subnormals m·2⁻⁹.</summary>
    private static double E4M3(byte b)
    {
        var sign = (b & 0x80) != 0 ? -1.0 : 1.0;
        var e = (b >> 3) & 0xF;
        var m = b & 0x7;
        if (e == 0xF && m == 0x7)
        {
            return double.NaN;
        }

        return sign * (e == 0 ? Math.ScaleB(m, -9) : Math.ScaleB(1.0 + (m / 8.0), e - 7));
    }
}
