using GpuSpectral.Compute;
using GpuSpectral.Core.Fitting;

namespace GpuSpectral.Lsa.Tests.Spectrum;

public class LsaAnalyzerTests
{
    [Fact]
    public void Exact_analysis_fills_every_field()
    {
        var x = TestSparse.TfidfLike(300, 900, 12, seed: 5);
        var messages = new List<string>();
        var analysis = LsaAnalyzer.Run(TestSparse.Corpus(x),
            new LsaOptions { Backend = EigenBackendKind.Lapack }, new SyncProgress(messages));
        var r = analysis.Result;
        Assert.Equal((300, 900, x.NonZeros, 0), r.Shape);
        Assert.True(r.Spectrum.Exact);
        Assert.Equal(300, r.Spectrum.Eigenvalues.Length);
        Assert.Equal(300.0, r.Spectrum.Trace, 1e-9);
        Assert.Equal(FitStatus.Success, r.Fit.Status);
        Assert.Equal(r.Spectrum.Eigenvalues.Count(v => v >= r.Fit.Xmin), r.KPowerLaw);
        Assert.Equal(300, r.LocalizationRatios.Length);
        Assert.Equal(300, r.ExplainedVariance.Length);
        Assert.Equal(1.0, r.ExplainedVariance.Sum(), 1e-12);
        Assert.InRange(r.KExplainedVariance, 1, 300);
        Assert.InRange(r.KLocalization, 1, 300);
        Assert.Equal(["gram", "eigen", "fit", "localization", "elbow"], r.Seconds.Keys);
        Assert.NotEmpty(messages);

        var k = Math.Max(1, r.KPowerLaw);
        Assert.Equal(k, analysis.DocumentLeverage(k).Sum(), 1e-10);
        Assert.Equal(k, analysis.TermLeverage(k).Sum(), 1e-10);
        Assert.Equal(300 * k, analysis.DocumentEmbedding(k).Length);
        Assert.Equal(r.Spectrum.Eigenvalues[^1], analysis.Pairs.Values[0], 1e-10);
    }

    [Fact]
    public void Sketch_analysis_is_flagged_inexact_and_matches_the_exact_top_values()
    {
        var x = TestSparse.TfidfLike(300, 900, 12, seed: 5);
        var corpus = TestSparse.Corpus(x);
        var exact = LsaAnalyzer.Analyze(corpus, new LsaOptions { LocalizationVectors = 10 });
        var sketch = LsaAnalyzer.Analyze(corpus, new LsaOptions { Sketch = 10, PowerIterations = 4 });
        Assert.False(sketch.Spectrum.Exact);
        Assert.Equal(10, sketch.Spectrum.Eigenvalues.Length);
        Assert.Equal(10, sketch.LocalizationRatios.Length);
        Assert.Equal(10, exact.LocalizationRatios.Length);
        Assert.Contains("sketch", sketch.Seconds.Keys);
        Assert.Equal(exact.Spectrum.Eigenvalues[^1], sketch.Spectrum.Eigenvalues[^1], 1e-6 * exact.Spectrum.Eigenvalues[^1]);
        Assert.Equal(exact.LocalizationRatios[0], sketch.LocalizationRatios[0], 1e-3 * exact.LocalizationRatios[0]);
    }

    private sealed class SyncProgress(List<string> sink) : IProgress<string>
    {
        public void Report(string value) => sink.Add(value);
    }
}
