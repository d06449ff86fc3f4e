using ILGPU;
using ILGPU.Runtime;

namespace GpuSpectral.Compute.Gpu;

public sealed partial class GpuEigenBackend
{
    /// <summary>Elements of float64 staged on the device per narrowing launch (2²⁴ = 128 MiB): bounds the extra device
    /// memory of an fp32 upload while keeping launches few.</summary>
    internal const long NarrowChunk = 1L << 24;

    private Action<Index1D, ArrayView<double>, ArrayView<float>>? narrow;

    /// <summary>Test hook: float64 elements staged per narrowing launch (default <see cref="NarrowChunk"/>).</summary>
    internal long NarrowChunkElements { get; init; } = NarrowChunk;

    /// <summary>float64 values from the caller's span to a float32 device buffer: uploaded in chunks of at most
    /// <see cref="NarrowChunk"/> into a pooled float64 staging buffer and rounded to nearest float32 on the device
    /// (the same rounding as a host <c>(float)</c> cast), so the host makes no copy at all.</summary>
    private void UploadNarrowed(ReadOnlySpan<double> values, ArrayView<float> destination)
    {
        var accelerator = device.Accelerator;
        narrow ??= accelerator.LoadAutoGroupedStreamKernel<Index1D, ArrayView<double>, ArrayView<float>>(NarrowKernel);
        var chunk = Math.Min(values.Length, NarrowChunkElements);
        using var staging = device.Pool.Rent<double>(chunk);
        for (var offset = 0; offset < values.Length; offset += (int)chunk)
        {
            var length = (int)Math.Min(chunk, values.Length - offset);
            var part = staging.View.SubView(0, length);
            part.CopyFromCPU(values.Slice(offset, length));
            narrow(length, part, destination.SubView(offset, length));
        }

        accelerator.Synchronize(); // the pooled staging buffer is reused as soon as it is returned
    }

    /// <summary>dst[i] = (float)src[i], round to nearest even.</summary>
    private static void NarrowKernel(Index1D i, ArrayView<double> source, ArrayView<float> destination) =>
        destination[i] = (float)source[i];
}
