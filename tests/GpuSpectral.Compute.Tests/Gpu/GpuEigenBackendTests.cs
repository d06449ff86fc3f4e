using GpuSpectral.Compute.Gpu;
using GpuSpectral.Kernels.Convert;
using GpuSpectral.TestSupport;

// CA2201: the tests construct OutOfMemoryException to simulate the runtime's own out-of-memory failure.
#pragma warning disable CA2201

namespace GpuSpectral.Compute.Tests.Gpu;

/// <summary>
/// GpuEigenBackend on ILGPU's CPU emulator (the same kernels as on a GPU) against LapackEigenBackend (dsyrk +
/// dsyevd on the host) on small odd shapes.
/// </summary>
[Collection(IlgpuCpuDeviceGroup.Name)]
public sealed class GpuEigenBackendTests(IlgpuCpuDeviceFixture fixture)
{
    /// <summary>fp64 device Gram vs dsyrk, both solved by dsyevd: the Gram entries differ only by summation order
    /// (≤ depth·eps·‖a_i‖‖a_j‖), which moves eigenvalues by at most that times n (Weyl); 1e-12·λmax covers n, depth ≤ 40
    /// with a factor of ~100 to spare. Same as the LAPACK-vs-managed agreement bound.</summary>
    private const double Fp64AgreementOfLambdaMax = ComputeTolerances.BackendAgreementOfLambdaMax;

    /// <summary>fp32 Gram (float32 inputs and sums) vs float64: inputs round at 2⁻²⁴ relative and each entry's sum
    /// at depth·2⁻²⁴; for depth ≤ 17 that is ≲ 2e-6·λmax; 1e-5 leaves a factor of 5.</summary>
    private const double Fp32AgreementOfLambdaMax = 1e-5;

    private readonly GpuDevice device = fixture.Device;

    [Theory]
    [InlineData(1, 1)]
    [InlineData(2, 1)]
    [InlineData(1, 3)]
    [InlineData(2, 3)]
    [InlineData(3, 2)]
    [InlineData(3, 3)]
    [InlineData(7, 3)]
    [InlineData(5, 17)]
    [InlineData(19, 13)]
    public void Fp64_on_the_cpu_accelerator_reproduces_lapack(int rows, int cols)
    {
        var w = SeededMatrices.StudentT(rows, cols, dof: 3, seed: (rows * 31) + cols);
        using var backend = new GpuEigenBackend(device);
        var expected = Backends.Get("lapack").GramEigenvalues(w, rows, cols);
        var actual = backend.GramEigenvalues(w, rows, cols);
        AssertClose(expected, actual, Fp64AgreementOfLambdaMax);
    }

    [Theory]
    [InlineData(3, 2)]
    [InlineData(5, 17)]
    public void Fp32_stays_within_the_float32_bound(int rows, int cols)
    {
        var w = SeededMatrices.Gaussian(rows, cols, seed: rows + cols);
        using var backend = new GpuEigenBackend(device, GpuPrecision.Fp32);
        Assert.Contains("precision fp32", backend.Description, StringComparison.Ordinal);
        var expected = Backends.Get("lapack").GramEigenvalues(w, rows, cols);
        AssertClose(expected, backend.GramEigenvalues(w, rows, cols), Fp32AgreementOfLambdaMax);
    }

    [Fact]
    public void Raw_bfloat16_weights_are_decoded_on_the_device()
    {
        const int rows = 6, cols = 4;
        var w = SeededMatrices.Gaussian(rows, cols, seed: 3);
        var raw = new byte[rows * cols * 2];
        var decoded = new double[w.Length];
        for (var i = 0; i < w.Length; i++)
        {
            var bits = BitConverter.SingleToInt32Bits((float)w[i]) >>> 16; // truncate to bf16
            raw[2 * i] = (byte)bits;
            raw[(2 * i) + 1] = (byte)(bits >> 8);
            decoded[i] = BitConverter.Int32BitsToSingle(bits << 16);
        }

        using var backend = new GpuEigenBackend(device);
        var expected = Backends.Get("lapack").GramEigenvalues(decoded, rows, cols);
        AssertClose(expected, backend.GramEigenvalues(raw, RawElementFormat.BFloat16, 1.0, rows, cols),
            Fp64AgreementOfLambdaMax);
    }

    [Fact]
    public void Nan_weights_raise_an_arithmetic_exception_like_lapack()
    {
        var w = SeededMatrices.Gaussian(3, 2, seed: 1);
        w[4] = double.NaN;
        using var backend = new GpuEigenBackend(device);
        var e = Assert.Throws<ArithmeticException>(() => backend.GramEigenvalues(w, 3, 2));
        Assert.Contains("NaN", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Out_of_memory_halves_the_batch_then_uses_the_cpu_and_loses_nothing()
    {
        const int rows = 5, cols = 3;
        var matrices = Enumerable.Range(0, 5).Select(s => SeededMatrices.Gaussian(rows, cols, seed: 100 + s)).ToList();
        var warnings = new List<string>();
        using var backend = new GpuEigenBackend(device, warn: warnings.Add)
        {
            // Batches of more than 2 fail; matrix 4 alone fails too (it must go to the CPU).
            FaultInjector = (first, count) =>
                count > 2 || (first == 4 && count == 1) ? new OutOfMemoryException("simulated") : null,
        };
        var results = backend.GramEigenvaluesBatch(matrices, rows, cols);
        var lapack = Backends.Get("lapack");
        for (var i = 0; i < matrices.Count; i++)
        {
            AssertClose(lapack.GramEigenvalues(matrices[i], rows, cols), results[i], Fp64AgreementOfLambdaMax);
        }

        Assert.Contains(warnings, w => w.Contains("batch of 5", StringComparison.Ordinal)
                                       && w.Contains("batches of 2", StringComparison.Ordinal));
        Assert.Contains(warnings, w => w.Contains("on the CPU", StringComparison.Ordinal));
    }

    [Fact]
    public void Name_and_description_say_device_precision_and_solvers()
    {
        using var backend = new GpuEigenBackend(device);
        Assert.Equal("ilgpu-cpu", backend.Name);
        Assert.Contains("ILGPU-CPU", backend.Description, StringComparison.Ordinal);
        Assert.Contains("precision fp64", backend.Description, StringComparison.Ordinal);
        Assert.Contains("host-lapack-fallback", backend.Description, StringComparison.Ordinal);
        Assert.IsType<HostLapackFallbackSolver>(backend.SolverFor(10, 1));
    }

    [Fact]
    public void EigenBackends_creates_the_ilgpu_cpu_kind()
    {
        var backend = EigenBackends.Create(EigenBackendKind.IlgpuCpu, null);
        try
        {
            Assert.Equal("ilgpu-cpu", backend.Name);
            var w = SeededMatrices.Gaussian(2, 3, seed: 9);
            AssertClose(Backends.Get("lapack").GramEigenvalues(w, 2, 3), backend.GramEigenvalues(w, 2, 3),
                Fp64AgreementOfLambdaMax);
        }
        finally
        {
            ((IDisposable)backend).Dispose();
        }
    }

    [Fact]
    public void Wrong_sizes_are_rejected()
    {
        using var backend = new GpuEigenBackend(device);
        Assert.Throws<ArgumentException>(() => backend.GramEigenvalues(new double[5], 2, 3));
        var e = Assert.Throws<ArgumentException>(
            () => backend.GramEigenvalues(new byte[5], RawElementFormat.Float16, 1.0, 1, 3));
        Assert.Contains("needs 6 bytes", e.Message, StringComparison.Ordinal);
    }

    internal static void AssertClose(double[] expected, double[] actual, double ofLambdaMax)
    {
        Assert.Equal(expected.Length, actual.Length);
        var scale = expected.Max(Math.Abs);
        for (var i = 0; i < expected.Length; i++)
        {
            Assert.True(Math.Abs(expected[i] - actual[i]) <= ofLambdaMax * scale,
                $"λ[{i}] = {actual[i]:R}, LAPACK {expected[i]:R} (λmax {scale:R})");
        }
    }
}
