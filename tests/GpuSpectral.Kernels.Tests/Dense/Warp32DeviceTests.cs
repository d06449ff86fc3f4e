using GpuSpectral.Kernels.Dense;
using GpuSpectral.Kernels.Jacobi;
using GpuSpectral.Kernels.Tests.Jacobi;
using ILGPU;
using ILGPU.Runtime;
using ILGPU.Runtime.CPU;

namespace GpuSpectral.Kernels.Tests.Dense;

/// <summary>
/// The group kernels on an emulated device with 32-thread warps and 64-thread groups (the default CPU device has
/// 4-thread warps and 16-thread groups), so that the strided loops and reductions also run with more threads than
/// work items (n = 5: 15 Jacobi items per pass, ≤ 4 rows per Householder step).
/// </summary>
[Collection(KernelAcceleratorGroup.Name)]
public sealed class Warp32DeviceTests(KernelAcceleratorFixture fixture)
{
    [Fact]
    public void Jacobi_and_dense_solvers_agree_with_lapack_on_64_thread_groups()
    {
        const int n = 5;
        var device = new CPUDevice(numThreadsPerWarp: 32, numWarpsPerMultiprocessor: 2, numMultiprocessors: 1);
        using var context = Context.Create(b => b.CPU(device).EnableAlgorithms());
        using var accelerator = context.CreateCPUAccelerator(0);
        Assert.Equal(64, accelerator.MaxNumThreadsPerGroup);
        var mats = new[] { SymmetricTestMatrices.Make("random", n, 51) };
        var flat = mats.SelectMany(m => m).ToArray();

        using var forJacobi = accelerator.Allocate1D(flat);
        var jacobi = new BatchedJacobiSolver().Eigenvalues(accelerator, forJacobi.View, n, mats.Length);
        using var forDense = accelerator.Allocate1D(flat);
        var dense = new DenseEigenSolver().Eigenvalues(accelerator, forDense.View, n, mats.Length);
        for (var b = 0; b < mats.Length; b++)
        {
            var expected = fixture.Lapack.Eigenvalues((double[])mats[b].Clone(), n);
            var tol = EigenAssert.Tolerance(n, SymmetricTestMatrices.Frobenius(mats[b]));
            EigenAssert.Close(expected, jacobi[b], tol, $"jacobi warp-32 b={b}");
            EigenAssert.Close(expected, dense[b], tol, $"dense warp-32 b={b}");
        }
    }
}
