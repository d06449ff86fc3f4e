using GpuSpectral.Compute.Gpu;
using GpuSpectral.TestSupport;

namespace GpuSpectral.Compute.Tests.Gpu;

/// <summary>The CUDA path (ILGPU kernels + cuSOLVER) against LAPACK. Skipped, with the reason, where there is no CUDA
/// device or no cuSOLVER.</summary>
public sealed class CudaEigenBackendTests
{
    /// <summary>Same bound as the CPU-accelerator test: the Gram differs from dsyrk by summation order (and FMA on the
    /// GPU), and syevd/syevj are backward stable to ~n·eps·λmax.</summary>
    private const double CudaAgreementOfLambdaMax = ComputeTolerances.BackendAgreementOfLambdaMax;

    [CudaFact]
    public void Cuda_backend_reproduces_lapack_with_syevd_and_batched_jacobi()
    {
        using var backend = GpuEigenBackend.Create(GpuDeviceKind.Cuda, GpuPrecision.Fp64, null);
        Assert.Equal("cuda", backend.Name);
        var lapack = Backends.Get("lapack");
        foreach (var (rows, cols) in new[] { (1, 1), (3, 2), (33, 65), (300, 200) })
        {
            var w = SeededMatrices.StudentT(rows, cols, 3, seed: rows + cols);
            GpuEigenBackendTests.AssertClose(lapack.GramEigenvalues(w, rows, cols),
                backend.GramEigenvalues(w, rows, cols), CudaAgreementOfLambdaMax);
        }

        var batch = Enumerable.Range(0, 4).Select(s => SeededMatrices.Gaussian(40, 20, seed: s)).ToList();
        var results = backend.GramEigenvaluesBatch(batch, 40, 20); // order 20 ≤ 32: syevjBatched
        for (var i = 0; i < batch.Count; i++)
        {
            GpuEigenBackendTests.AssertClose(lapack.GramEigenvalues(batch[i], 40, 20), results[i],
                CudaAgreementOfLambdaMax);
        }
    }
}
