using GpuSpectral.Compute;
using GpuSpectral.Compute.Cpu;
using GpuSpectral.Lsa.Diagnostics;
using GpuSpectral.Lsa.Spectrum;

namespace GpuSpectral.Lsa.Tests.Spectrum;

/// <summary>
/// The cuda backend (cuSOLVER syevd, JOBZ='V', on the device) against the LAPACK backend (dsytrd + dsterf + dstemr +
/// dormtr on the host) on one TF-IDF-like sparse matrix: an independent implementation of the same float64 problem.
/// Runs only on a machine with a CUDA GPU ([CudaFact]).
/// </summary>
public class CusolverSpectrumTests
{
    /// <summary>Both solvers are backward stable: each eigenvalue is off by ≤ c·n·eps·λmax (n = 300: ≈ 7e-14·λmax);
    /// 1e-12 leaves a factor ~15 for c.</summary>
    private const double EigenvalueOfLambdaMax = 1e-12;

    /// <summary>Vectors are compared only where the eigenvalue is separated from its neighbours by at least this
    /// share of λmax: their angle is then ≤ backward error / gap ≈ 7e-14 / 1e-3 ≈ 7e-11 (Davis–Kahan).</summary>
    private const double GapOfLambdaMax = 1e-3;

    /// <summary>Largest |u_cuda ∓ u_lapack| entry for a separated pair: 100× the Davis–Kahan angle above.</summary>
    private const double VectorEntry = 1e-8;

    /// <summary>Localization ratio ‖v‖₁/‖v‖∞ of v = Xᵀu/√λ (1500 terms): a perturbation δu moves it by at most
    /// ~2·terms·‖δv‖ relative; with ‖δv‖ ≲ 1e-10 that is ≤ 3e-7, so 1e-6 relative.</summary>
    private const double RatioRelative = 1e-6;

    [CudaFact]
    public void Cuda_spectrum_and_top_vectors_match_lapack()
    {
        var x = TestSparse.TfidfLike(300, 1500, 15, seed: 5);
        var gram = SparseGram.Compute(x);
        const int k = 60;
        var lapack = ExactSpectrum.CreateSolver(EigenBackendKind.Lapack, gram.Order, warn: null);
        var (expected, expectedPairs) = ExactSpectrum.ComputeWithPairs(gram, lapack, k);
        using var cuda = (IDisposable)ExactSpectrum.CreateSolver(EigenBackendKind.Cuda, gram.Order, warn: null);
        var copy = (double[])gram.Values.Clone();
        var (spectrum, pairs) = ExactSpectrum.ComputeWithPairs(gram, (ISymmetricEigenSolver)cuda, k);

        Assert.Equal(copy, gram.Values); // the host Gram is only uploaded, never written
        Assert.Equal("cusolver", spectrum.Backend);
        Assert.Contains("cuSOLVER syevd", spectrum.Method, StringComparison.Ordinal);
        Assert.Contains("JOBZ='V'", spectrum.Method, StringComparison.Ordinal);
        Assert.Equal(expected.Dimension, spectrum.Dimension);
        var lmax = expected.Eigenvalues[^1];
        for (var i = 0; i < gram.Order; i++)
        {
            Assert.True(Math.Abs(expected.Eigenvalues[i] - spectrum.Eigenvalues[i]) <= EigenvalueOfLambdaMax * lmax,
                $"λ{i}: {spectrum.Eigenvalues[i]} vs {expected.Eigenvalues[i]}");
        }

        Assert.Equal(k, pairs.Count);
        Assert.Equal(expectedPairs.Side, pairs.Side);
        var ratios = Localization.Ratios(x, pairs, k);
        var expectedRatios = Localization.Ratios(x, expectedPairs, k);
        var n = gram.Order;
        var compared = 0;
        for (var j = 0; j < k; j++)
        {
            Assert.True(Math.Abs(expectedPairs.Values[j] - pairs.Values[j]) <= EigenvalueOfLambdaMax * lmax, $"pair {j}");
            var all = expected.Eigenvalues; // ascending: pair j is all[n − 1 − j]
            var above = j == 0 ? double.PositiveInfinity : all[n - j] - all[n - 1 - j];
            var below = all[n - 1 - j] - all[n - 2 - j];
            if (Math.Min(above, below) < GapOfLambdaMax * lmax)
            {
                continue;
            }

            compared++;
            var u = pairs.Vectors.AsSpan(j * n, n);
            var e = expectedPairs.Vectors.AsSpan(j * n, n);
            var sign = Dot(u, e) < 0 ? -1.0 : 1.0;
            var worst = 0.0;
            for (var i = 0; i < n; i++)
            {
                worst = Math.Max(worst, Math.Abs((sign * u[i]) - e[i]));
            }

            Assert.True(worst <= VectorEntry, $"vector {j}: max |Δ| = {worst}");
            Assert.True(Math.Abs(ratios[j] - expectedRatios[j]) <= RatioRelative * expectedRatios[j],
                $"ratio {j}: {ratios[j]} vs {expectedRatios[j]}");
        }

        Assert.True(compared >= 10, $"only {compared} of the top {k} eigenvalues are separated by ≥ {GapOfLambdaMax}·λmax");
    }

    [CudaFact]
    public void Cuda_values_only_match_lapack()
    {
        var x = TestSparse.Random(90, 200, 0.05, seed: 2, decay: 50);
        var gram = SparseGram.Compute(x);
        var expected = ExactSpectrum.Compute(gram, ExactSpectrum.CreateSolver(EigenBackendKind.Lapack, gram.Order, null));
        using var cuda = (IDisposable)ExactSpectrum.CreateSolver(EigenBackendKind.Cuda, gram.Order, warn: null);
        var spectrum = ExactSpectrum.Compute(gram, (ISymmetricEigenSolver)cuda);
        Assert.Contains("JOBZ='N'", spectrum.Method, StringComparison.Ordinal);
        var lmax = expected.Eigenvalues[^1];
        for (var i = 0; i < gram.Order; i++)
        {
            Assert.True(Math.Abs(expected.Eigenvalues[i] - spectrum.Eigenvalues[i]) <= EigenvalueOfLambdaMax * lmax, $"λ{i}");
        }
    }

    [CudaFact]
    public void Analyzer_on_cuda_records_the_backend_and_matches_lapack()
    {
        var corpus = TestSparse.Corpus(TestSparse.TfidfLike(250, 1200, 12, seed: 9));
        var onCpu = LsaAnalyzer.Analyze(corpus, new LsaOptions { Backend = EigenBackendKind.Lapack, LocalizationVectors = 40 });
        var onGpu = LsaAnalyzer.Analyze(corpus, new LsaOptions { Backend = EigenBackendKind.Cuda, LocalizationVectors = 40 });
        Assert.Equal("lapack", onCpu.Spectrum.Backend);
        Assert.Equal("cusolver", onGpu.Spectrum.Backend);
        Assert.Equal(40, onGpu.LocalizationRatios.Length);
        var lmax = onCpu.Spectrum.Eigenvalues[^1];
        for (var i = 0; i < onCpu.Spectrum.Eigenvalues.Length; i++)
        {
            Assert.True(Math.Abs(onCpu.Spectrum.Eigenvalues[i] - onGpu.Spectrum.Eigenvalues[i]) <= EigenvalueOfLambdaMax * lmax, $"λ{i}");
        }
    }

    private static double Dot(ReadOnlySpan<double> a, ReadOnlySpan<double> b)
    {
        var s = 0.0;
        for (var i = 0; i < a.Length; i++)
        {
            s += a[i] * b[i];
        }

        return s;
    }
}
