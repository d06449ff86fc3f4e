using GpuSpectral.Compute.Cpu;
using ILGPU;
using ILGPU.Runtime;
using ILGPU.Runtime.CPU;

namespace GpuSpectral.Kernels.Tests;

/// <summary>One ILGPU CPU accelerator (default device: 4 threads/warp × 4 warps, groups of up to 16) and the LAPACK
/// float64 reference, shared by the kernel tests, so each kernel is compiled once; the tests using it run one at a
/// time (the emulator runs one kernel at a time anyway).</summary>
public sealed class CpuAcceleratorFixture : IDisposable
{
    public CpuAcceleratorFixture()
    {
        Context = Context.Create(b => b.CPU().EnableAlgorithms());
        Accelerator = Context.CreateCPUAccelerator(0);
        if (!LapackEigenBackend.TryCreate(out var lapack, out var reason))
        {
            throw new InvalidOperationException($"LAPACK must load in the test environment: {reason}");
        }

        Lapack = lapack!;
    }

    public Context Context { get; }

    public Accelerator Accelerator { get; }

    /// <summary>LAPACK dsyevd (float64), the independent reference of the eigen-solver kernels.</summary>
    public ISymmetricEigenSolver Lapack { get; }

    public void Dispose()
    {
        Accelerator.Dispose();
        Context.Dispose();
    }
}

[CollectionDefinition(Name)]
public sealed class CpuAcceleratorGroup : ICollectionFixture<CpuAcceleratorFixture>
{
    public const string Name = "ILGPU CPU accelerator";
}
