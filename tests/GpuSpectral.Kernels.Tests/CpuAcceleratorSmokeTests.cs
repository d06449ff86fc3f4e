using ILGPU;
using ILGPU.Runtime;
using ILGPU.Runtime.CPU;

namespace GpuSpectral.Kernels.Tests;

/// <summary>The ILGPU CPU accelerator that every kernel test runs on is available in CI.</summary>
public sealed class CpuAcceleratorSmokeTests
{
    private static void AddOne(Index1D i, ArrayView1D<double, Stride1D.Dense> v) => v[i] += 1.0;

    [Fact]
    public void A_trivial_kernel_runs_on_the_cpu_accelerator()
    {
        using var context = Context.Create(b => b.CPU().EnableAlgorithms());
        using var accelerator = context.CreateCPUAccelerator(0);
        var kernel = accelerator.LoadAutoGroupedStreamKernel<Index1D, ArrayView1D<double, Stride1D.Dense>>(AddOne);
        using var buffer = accelerator.Allocate1D(new[] { 1.0, 2.0, 3.0 });
        kernel((int)buffer.Length, buffer.View);
        accelerator.Synchronize();
        Assert.Equal(new[] { 2.0, 3.0, 4.0 }, buffer.GetAsArray1D());
    }
}
