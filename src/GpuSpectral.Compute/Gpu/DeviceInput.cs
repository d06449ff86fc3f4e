using GpuSpectral.Kernels.Convert;

namespace GpuSpectral.Compute.Gpu;

/// <summary>One matrix waiting for the device: float64 values, or raw storage bytes with their format and scale. The
/// memory is the caller's (never copied): a retry or the CPU fallback reads it again.</summary>
internal readonly record struct DeviceInput(
    ReadOnlyMemory<double> Doubles, ReadOnlyMemory<byte> Raw, RawElementFormat Format, double Scale)
{
    /// <summary>The same matrix as a span view.</summary>
    public HostMatrix Host => new(Doubles.Span, Raw.Span, Format, Scale);
}

/// <summary>A matrix on the host as spans (float64 values, or raw bytes when <see cref="Raw"/> is not empty).</summary>
internal readonly ref struct HostMatrix(
    ReadOnlySpan<double> doubles, ReadOnlySpan<byte> raw, RawElementFormat format, double scale)
{
    public ReadOnlySpan<double> Doubles { get; } = doubles;

    public ReadOnlySpan<byte> Raw { get; } = raw;

    public RawElementFormat Format { get; } = format;

    public double Scale { get; } = scale;

    public bool IsRaw => !Raw.IsEmpty;

    /// <summary>The values as float64 on the host (for the CPU fallback): the caller's span itself, or raw bytes
    /// decoded bit-exactly into a new array.</summary>
    public ReadOnlySpan<double> HostDoubles()
    {
        if (!IsRaw)
        {
            return Doubles;
        }

        var bytes = RawElementFormats.BytesPerElement(Format);
        var values = new double[Raw.Length / bytes];
        for (var i = 0; i < values.Length; i++)
        {
            var bits = bytes == 2 ? Raw[2 * i] | (Raw[(2 * i) + 1] << 8) : Raw[i];
            values[i] = Format switch
            {
                RawElementFormat.BFloat16 => ElementBits.BFloat16(bits),
                RawElementFormat.Float16 => ElementBits.Float16(bits),
                RawElementFormat.Float8E4M3 => ElementBits.Float8E4M3(bits),
                RawElementFormat.Float8E5M2 => ElementBits.Float8E5M2(bits),
                RawElementFormat.Int8 => (sbyte)Raw[i] * Scale,
                _ => Raw[i] * Scale,
            };
        }

        return values;
    }
}
