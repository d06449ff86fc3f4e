using System.Runtime.CompilerServices;
using ILGPU;
using ILGPU.Runtime;

namespace GpuSpectral.Kernels.Convert;

/// <summary>
/// Decodes raw element bytes (bf16, f16, fp8 E4M3/E5M2, int8/uint8 with a scale) to float64 or float32 on the device.
/// The kernels are compiled once per accelerator (<see cref="For"/>); every call validates the sizes.
/// </summary>
public sealed class ConvertLauncher
{
    private static readonly ConditionalWeakTable<Accelerator, ConvertLauncher> Cache = [];

    private readonly Action<Index1D, ArrayView<byte>, ArrayView<double>, int, int, double> toFloat64;
    private readonly Action<Index1D, ArrayView<byte>, ArrayView<float>, int, int, double> toFloat32;

    private ConvertLauncher(Accelerator accelerator)
    {
        Accelerator = accelerator;
        toFloat64 = accelerator.LoadAutoGroupedStreamKernel<
            Index1D, ArrayView<byte>, ArrayView<double>, int, int, double>(ConvertKernels.ToFloat64);
        toFloat32 = accelerator.LoadAutoGroupedStreamKernel<
            Index1D, ArrayView<byte>, ArrayView<float>, int, int, double>(ConvertKernels.ToFloat32);
    }

    /// <summary>The accelerator the kernels were compiled for.</summary>
    public Accelerator Accelerator { get; }

    /// <summary>The launcher of <paramref name="accelerator"/>, compiling its kernels on first use.</summary>
    public static ConvertLauncher For(Accelerator accelerator)
    {
        ArgumentNullException.ThrowIfNull(accelerator);
        return Cache.GetValue(accelerator, static a => new ConvertLauncher(a));
    }

    /// <summary>Decodes <paramref name="destination"/>.Length elements of <paramref name="format"/> from
    /// <paramref name="raw"/> into float64 (asynchronously on the default stream).</summary>
    /// <param name="raw">Exactly Length·bytesPerElement bytes, little-endian.</param>
    /// <param name="destination">Receives the values.</param>
    /// <param name="format">The storage format.</param>
    /// <param name="scale">Multiplier of the integer formats (must be finite); must be 1 for the float formats.</param>
    /// <exception cref="ArgumentException">Sizes do not match, or a bad scale.</exception>
    public void ToFloat64(ArrayView<byte> raw, ArrayView<double> destination, RawElementFormat format, double scale = 1.0)
    {
        var bytes = Check(raw.Length, destination.Length, format, scale);
        if (destination.Length > 0)
        {
            toFloat64((int)destination.Length, raw, destination, (int)format, bytes, scale);
        }
    }

    /// <summary>As <see cref="ToFloat64"/>, into float32.</summary>
    /// <inheritdoc cref="ToFloat64" path="/param|/exception"/>
    public void ToFloat32(ArrayView<byte> raw, ArrayView<float> destination, RawElementFormat format, double scale = 1.0)
    {
        var bytes = Check(raw.Length, destination.Length, format, scale);
        if (destination.Length > 0)
        {
            toFloat32((int)destination.Length, raw, destination, (int)format, bytes, scale);
        }
    }

    private static int Check(long rawLength, long count, RawElementFormat format, double scale)
    {
        var bytes = RawElementFormats.BytesPerElement(format);
        if (rawLength != count * bytes)
        {
            throw new ArgumentException(
                $"{format} needs {bytes} byte(s) per element: {count} elements need {count * bytes} bytes, got " +
                $"{rawLength}.", nameof(rawLength));
        }

        if (count > int.MaxValue)
        {
            throw new ArgumentException($"At most {int.MaxValue} elements per launch, got {count}.", nameof(count));
        }

        if (RawElementFormats.IsScaled(format) ? !double.IsFinite(scale) : scale != 1.0)
        {
            throw new ArgumentException(
                RawElementFormats.IsScaled(format)
                    ? $"The scale of {format} must be finite, got {scale}."
                    : $"{format} takes no scale (must be 1), got {scale}.",
                nameof(scale));
        }

        return bytes;
    }
}
