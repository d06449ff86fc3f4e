using GpuSpectral.Compute;
using GpuSpectral.Lsa.Spectrum;

namespace GpuSpectral.Lsa.Tests.Spectrum;

/// <summary>Backend choice of the LSA exact path: which solver ran is recorded, auto stays on the CPU, and the cuda
/// backend fails clearly (before the Gram matrix is formed) where there is no CUDA.</summary>
public class LsaBackendTests
{
    private static TfidfCorpusFixture Small => new(TestSparse.Corpus(TestSparse.TfidfLike(60, 300, 8, seed: 4)));

    [Theory]
    [InlineData(EigenBackendKind.Lapack, "lapack")]
    [InlineData(EigenBackendKind.Managed, "managed")]
    public void The_solver_that_ran_is_recorded(EigenBackendKind kind, string name)
    {
        var result = LsaAnalyzer.Analyze(Small.Corpus, new LsaOptions { Backend = kind, LocalizationVectors = 5 });
        Assert.Equal(name, result.Spectrum.Backend);
        Assert.True(result.Spectrum.Exact);
    }

    [Fact]
    public void Auto_stays_on_the_cpu_like_analyze()
    {
        // analyze's auto is "LAPACK if found, else managed"; lsa keeps the same rule even where a GPU exists
        var result = LsaAnalyzer.Analyze(Small.Corpus, new LsaOptions { LocalizationVectors = 5 });
        Assert.Contains(result.Spectrum.Backend, new[] { "lapack", "managed" });
        Assert.DoesNotContain("cuSOLVER", result.Spectrum.Method, StringComparison.Ordinal);
    }

    [Fact]
    public void A_sketch_with_the_cuda_backend_warns_and_runs_on_the_cpu()
    {
        var lines = new List<string>();
        var result = LsaAnalyzer.Analyze(Small.Corpus,
            new LsaOptions { Backend = EigenBackendKind.Cuda, Sketch = 10, LocalizationVectors = 5 },
            new SyncProgress(lines.Add));
        Assert.Equal("randomized", result.Spectrum.Backend);
        Assert.False(result.Spectrum.Exact);
        Assert.Contains(lines, l => l.StartsWith("warning: the randomized sketch runs on the CPU", StringComparison.Ordinal));
    }

    [NoCudaFact]
    public void Cuda_without_a_gpu_is_a_clear_error()
    {
        var e = Assert.Throws<InvalidOperationException>(() =>
            ExactSpectrum.CreateSolver(EigenBackendKind.Cuda, 100, warn: null));
        // order 100: 8·(100² + 100 + 1 + 600 + 2·100²) = 245 608 bytes
        Assert.Equal($"The cuda backend (cuSOLVER syevd; order 100, ≈ 0 GB of device memory) is unavailable: "
            + $"{CudaConditions.Missing}.", e.Message);
        Assert.Equal(245_608, Compute.Gpu.CusolverSymmetricEigenSolver.DeviceBytes(100, vectors: true));
        Assert.Equal(8 * (10_000 + 100 + 201), Compute.Gpu.CusolverSymmetricEigenSolver.DeviceBytes(100, vectors: false));
    }

    [NoCudaFact]
    public void Analyzer_fails_before_forming_the_gram_matrix()
    {
        var lines = new List<string>();
        Assert.Throws<InvalidOperationException>(() => LsaAnalyzer.Analyze(Small.Corpus,
            new LsaOptions { Backend = EigenBackendKind.Cuda }, new SyncProgress(lines.Add)));
        Assert.DoesNotContain(lines, l => l.StartsWith("forming the", StringComparison.Ordinal));
    }

    private sealed record TfidfCorpusFixture(Results.TfidfCorpus Corpus);

    /// <summary>Calls the action on the reporting thread (Progress&lt;T&gt; would post to the thread pool).</summary>
    private sealed class SyncProgress(Action<string> report) : IProgress<string>
    {
        public void Report(string value) => report(value);
    }
}
