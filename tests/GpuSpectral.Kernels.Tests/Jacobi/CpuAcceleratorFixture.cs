using GpuSpectral.Compute.Cpu;
using ILGPU;
using ILGPU.Runtime;
using ILGPU.Runtime.CPU;

namespace GpuSpectral.Kernels.Tests.Jacobi;

/// <summary>
/// One ILGPU CPU accelerator (the emulator: 4 threads/warp × 4 warps, groups of ≤ 16 threads) and the LAPACK float64
/// reference, shared by every eigen-solver test class (one collection, so the emulator never runs two at once).
/// </summary>
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

    /// <summary>LAPACK dsyevd (float64), the independent reference.</summary>
    public ISymmetricEigenSolver Lapack { get; }

    public void Dispose()
    {
        Accelerator.Dispose();
        Context.Dispose();
    }
}

/// <summary>The collection that serializes all eigen-solver tests on the shared emulator.</summary>
[CollectionDefinition(Name)]
public sealed class CpuAcceleratorTests : ICollectionFixture<CpuAcceleratorFixture>
{
    public const string Name = "CPU accelerator eigen-solvers";
}
