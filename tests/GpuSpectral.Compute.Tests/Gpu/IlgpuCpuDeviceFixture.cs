using GpuSpectral.Compute.Gpu;

namespace GpuSpectral.Compute.Tests.Gpu;

/// <summary>One ILGPU CPU-emulator device shared by the GPU-layer tests (kernels compile once); they run one at a
/// time.</summary>
public sealed class IlgpuCpuDeviceFixture : IDisposable
{
    public GpuDevice Device { get; } = GpuDevice.Open(GpuDeviceKind.IlgpuCpu);

    public void Dispose() => Device.Dispose();
}

[CollectionDefinition(Name)]
public sealed class IlgpuCpuDeviceGroup : ICollectionFixture<IlgpuCpuDeviceFixture>
{
    public const string Name = "ILGPU CPU device";
}

/// <summary>A fact that runs only where a CUDA device and cuSOLVER are present; elsewhere it is skipped with the
/// catalog's reason.</summary>
public sealed class CudaFactAttribute : FactAttribute
{
    private static readonly Lazy<string?> Missing = new(() =>
    {
        var catalog = DeviceCatalog.Probe();
        if (catalog.FirstUsable(GpuDeviceKind.Cuda) is null)
        {
            return $"no CUDA device: {catalog.WhyNot(GpuDeviceKind.Cuda)}";
        }

        return CusolverDeviceSolver.TryCreate(out _, out var why) ? null : why;
    });

    public CudaFactAttribute()
    {
        if (Missing.Value is { } reason)
        {
            Skip = reason;
        }
    }
}
