using GpuSpectral.Kernels.Convert;

namespace GpuSpectral.Compute.Gpu;

/// <summary>One matrix waiting for the device: float64 values, or raw storage bytes with their format and scale.</summary>
internal readonly record struct DeviceInput(double[]? Doubles, byte[]? Raw, RawElementFormat Format, double Scale)
{
    /// <summary>The values as float64 on the host (for the CPU fallback), decoding raw bytes bit-exactly.</summary>
    public double[] HostDoubles()
    {
        if (Doubles is not null)
        {
            return Doubles;
        }

        var bytes = RawElementFormats.BytesPerElement(Format);
        var values = new double[Raw!.Length / bytes];
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
