using GpuSpectral.Compute.Gpu;
using GpuSpectral.TestSupport;

// CA2201: the tests construct OutOfMemoryException to simulate the runtime's own out-of-memory failure.
#pragma warning disable CA2201

namespace GpuSpectral.Compute.Tests.Gpu;

/// <summary>
/// The upload path without host copies (W straight from the caller's span; fp32 narrowed on the device in chunks),
/// the device memory limit, and the launch counter, on ILGPU's CPU emulator against LapackEigenBackend (dsyrk + dsyevd
/// in float64 on the host).
/// </summary>
[Collection(IlgpuCpuDeviceGroup.Name)]
public sealed class GpuEigenBackendUploadTests(IlgpuCpuDeviceFixture fixture)
{
    /// <summary>fp64 device Gram vs dsyrk: they differ by summation order only (see GpuEigenBackendTests).</summary>
    private const double Fp64AgreementOfLambdaMax = ComputeTolerances.BackendAgreementOfLambdaMax;

    /// <summary>fp32 Gram vs float64: inputs round at 2⁻²⁴ relative (≤ 2·2⁻²⁴ on each product) and each entry's sum
    /// at depth·2⁻²⁴; for depth 40 that is ≲ 2.5e-6·λmax (Weyl); 1e-5 leaves a factor of 4.</summary>
    private const double Fp32AgreementOfLambdaMax = 1e-5;

    private readonly GpuDevice device = fixture.Device;

    [Fact]
    public void Fp32_narrowed_on_the_device_in_chunks_still_matches_lapack()
    {
        const int rows = 40, cols = 24;
        var w = SeededMatrices.StudentT(rows, cols, dof: 3, seed: 77);
        var copy = (double[])w.Clone();

        // 37 elements per launch: 26 chunks, the last one partial.
        using var backend = new GpuEigenBackend(device, GpuPrecision.Fp32) { NarrowChunkElements = 37 };
        var actual = backend.GramEigenvalues(w.AsSpan(), rows, cols);
        GpuEigenBackendTests.AssertClose(
            Backends.Get("lapack").GramEigenvalues(w, rows, cols), actual, Fp32AgreementOfLambdaMax);
        Assert.Equal(copy, w); // the caller's data is read, never written
        Assert.Equal(1, backend.Launches);
    }

    [Fact]
    public void Fp32_batch_matches_lapack_per_matrix()
    {
        const int rows = 17, cols = 9;
        var matrices = Enumerable.Range(0, 4).Select(s => SeededMatrices.Gaussian(rows, cols, seed: 300 + s)).ToList();
        using var backend = new GpuEigenBackend(device, GpuPrecision.Fp32) { NarrowChunkElements = 50 };
        var results = backend.GramEigenvaluesBatch(matrices, rows, cols);
        for (var i = 0; i < matrices.Count; i++)
        {
            GpuEigenBackendTests.AssertClose(Backends.Get("lapack").GramEigenvalues(matrices[i], rows, cols),
                results[i], Fp32AgreementOfLambdaMax);
        }
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Out_of_memory_on_one_matrix_re_reads_the_callers_span_on_the_cpu(bool fp32)
    {
        const int rows = 9, cols = 6;
        var w = SeededMatrices.Gaussian(rows, cols, seed: 5);
        var warnings = new List<string>();
        using var backend = new GpuEigenBackend(device, fp32 ? GpuPrecision.Fp32 : GpuPrecision.Fp64, warn: warnings.Add)
        {
            FaultInjector = (_, _) => new OutOfMemoryException("simulated"),
        };

        // The CPU computes it in float64 from the span itself, whatever the precision.
        var actual = backend.GramEigenvalues(w.AsSpan(), rows, cols);
        GpuEigenBackendTests.AssertClose(
            Backends.Get("lapack").GramEigenvalues(w, rows, cols), actual, Fp64AgreementOfLambdaMax);
        Assert.Contains(warnings, m => m.Contains("on the CPU", StringComparison.Ordinal));
        Assert.Equal(0, backend.Launches);
    }

    [Fact]
    public void A_matrix_over_the_device_limit_goes_to_the_cpu_with_a_warning()
    {
        const int rows = 12, cols = 8;
        var w = SeededMatrices.Gaussian(rows, cols, seed: 8);
        var warnings = new List<string>();
        using var backend = new GpuEigenBackend(device, warn: warnings.Add);
        var need = backend.DeviceNeed(rows, cols);

        // 256-element size classes: the 8×8 Gram and the 96 weights take 2 KiB each, the solver 49 doubles.
        Assert.Equal((256 * 8) + (256 * 8) + (49 * 8), need);
        backend.MaxDeviceMemory = need - 1;
        Assert.Same(backend.CpuFallback, backend.BackendFor("blocks.0.mlp", rows, cols));
        Assert.Contains(warnings, m => m.Contains("'blocks.0.mlp'", StringComparison.Ordinal)
                                       && m.Contains($"{need} bytes", StringComparison.Ordinal));
        var actual = backend.GramEigenvalues(w, rows, cols);
        GpuEigenBackendTests.AssertClose(
            Backends.Get("lapack").GramEigenvalues(w, rows, cols), actual, Fp64AgreementOfLambdaMax);
        Assert.Equal(0, backend.Launches);
        backend.MaxDeviceMemory = need;
        Assert.Same(backend, backend.BackendFor("blocks.0.mlp", rows, cols));
    }

    [Fact]
    public void Batches_are_sized_to_the_device_limit_and_counted_as_launches()
    {
        const int rows = 10, cols = 6;
        var matrices = Enumerable.Range(0, 7).Select(s => SeededMatrices.Gaussian(rows, cols, seed: 40 + s)).ToList();
        using var backend = new GpuEigenBackend(device, jacobi: new Kernels.Jacobi.BatchedJacobiSolver());
        backend.GramEigenvaluesBatch(matrices, rows, cols);
        Assert.Equal(1, backend.Launches); // all 7 in one launch

        backend.MaxDeviceMemory = backend.DeviceNeed(rows, cols, 3);
        var results = backend.GramEigenvaluesBatch(matrices, rows, cols);
        Assert.Equal(1 + 3, backend.Launches); // 3 + 3 + 1
        Assert.Equal(14, backend.MatricesOnDevice);
        for (var i = 0; i < matrices.Count; i++)
        {
            GpuEigenBackendTests.AssertClose(Backends.Get("lapack").GramEigenvalues(matrices[i], rows, cols),
                results[i], Fp64AgreementOfLambdaMax);
        }
    }
}
