using GpuSpectral.Core.Fitting;
using GpuSpectral.Core.Results;
using GpuSpectral.Reports.Plots;

namespace GpuSpectral.Reports.Tests.Plots;

/// <summary>The analyze plots: valid PNGs of the requested size, drawn marks, and no throw on degenerate input.</summary>
public sealed class AnalyzePlotsTests
{
    /// <summary>The red curve or marker covers hundreds of pixels at these sizes; anti-aliased text has a handful.</summary>
    private const int RedPixelMargin = 100;

    private static readonly double[] Evals = LsaFixtures.ParetoSpectrum();
    private static readonly PowerLawFit Fit = PowerLawFitter.Fit(Evals, new PowerLawFitOptions { KeepLandscape = true });

    [Theory]
    [InlineData(2.0, 640, 480)]
    [InlineData(1.0, 700, 500)]
    [InlineData(0.25, 900, 600)]
    public void MpFitIsAValidPngWithTheCurveDrawn(double q, int w, int h)
    {
        var (x, _) = MarchenkoPastur.Rescale(Evals);
        var sigma = MarchenkoPastur.SigmaFromLargest(x.Max(), q) * 0.3;
        var o = new MpFitPlotOptions { Width = w, Height = h };
        var with = MpFitPlot.RenderPng(Evals, q, sigma, o);
        var without = MpFitPlot.RenderPng(Evals, q, double.NaN, o);
        PngAssert.Valid(with, w, h);
        PngAssert.Valid(without, w, h);
        Assert.True(PngAssert.RedPixels(with) > PngAssert.RedPixels(without) + RedPixelMargin);
    }

    [Fact]
    public void MpFitSurvivesDegenerateInput()
    {
        var o = new MpFitPlotOptions { Width = 400, Height = 300 };
        PngAssert.Valid(MpFitPlot.RenderPng([3.5], 2, 1, o), 400, 300);
        PngAssert.Valid(MpFitPlot.RenderPng([3.5, 3.5, 3.5], 1, 1, o), 400, 300);
        PngAssert.Valid(MpFitPlot.RenderPng([1, 2, double.NaN, double.PositiveInfinity], double.NaN, double.NaN, o), 400, 300);
        var empty = MpFitPlot.RenderPng([], 2, 1, o);
        Assert.Equal(400, System.Buffers.Binary.BinaryPrimitives.ReadInt32BigEndian(empty.AsSpan(16, 4)));
        Assert.Throws<ArgumentOutOfRangeException>(() => MpFitPlot.RenderPng(Evals, 2, 1, new MpFitPlotOptions { Bins = 0 }));
    }

    [Fact]
    public void LocalizationMarksXminAndSurvivesDegenerateInput()
    {
        var rng = new Random(11);
        var ratios = Evals.Select(_ => 1 + (200 * rng.NextDouble())).ToArray();
        var o = new LocalizationPlotOptions { Width = 600, Height = 400 };
        var with = LocalizationPlot.RenderPng(Evals, ratios, Fit.Xmin, o);
        var without = LocalizationPlot.RenderPng(Evals, ratios, double.NaN, o);
        PngAssert.Valid(with, 600, 400);
        Assert.True(PngAssert.RedPixels(with) > PngAssert.RedPixels(without) + RedPixelMargin);
        PngAssert.Valid(LocalizationPlot.RenderPng([2.0], [7.0], double.NaN, o), 600, 400);
        PngAssert.Valid(LocalizationPlot.RenderPng([0, -1, double.NaN], [1, 2, 3], 1, o), 600, 400);
        Assert.Throws<ArgumentException>(() => LocalizationPlot.RenderPng([1, 2], [1], 1, o));
    }

    [Fact]
    public void AlphaByLayerOmitsFailedFitsAndDrawsTheBands()
    {
        double[] ids = [1, 2, 3, 4, 5, 6];
        double[] alphas = [2.5, double.NaN, -1, 7.2, 1.6, double.PositiveInfinity];
        var o = new AlphaByLayerPlotOptions { Width = 800, Height = 400 };
        PngAssert.Valid(AlphaByLayerPlot.RenderPng(ids, alphas, o), 800, 400);
        PngAssert.Valid(AlphaByLayerPlot.RenderPng([], [], o), 800, 400);
        PngAssert.Valid(AlphaByLayerPlot.RenderPng([1], [double.NaN], o), 800, 400);
        Assert.Throws<ArgumentException>(() => AlphaByLayerPlot.RenderPng([1, 2], [3], o));

        var rows = ids.Select((id, i) => Row((int)id, $"l{i}", alphas[i], i == 1 ? "failed" : "success")).ToArray();
        PngAssert.Valid(AlphaByLayerPlot.RenderPng(rows, byOrder: true, o), 800, 400);
    }

    [Fact]
    public void LayerPlotsRendersEveryKindWithDeterministicNamesAndSkipsWhatIsMissing()
    {
        var data = new LayerPlotData
        {
            LayerId = 7, Name = "model.layers.0/attn:q", Evals = Evals, Fit = Fit, Q = 2, SigmaMp = 0.5,
            LocalizationEvals = Evals, LocalizationRatios = Evals.Select(v => 1 + v).ToArray(),
        };
        var all = LayerPlots.Render(data);
        Assert.Equal([LayerPlotKind.Esd, LayerPlotKind.Landscape, LayerPlotKind.MpFit, LayerPlotKind.Localization],
            all.Select(p => p.Kind));
        Assert.Equal("layer7.model_layers_0_attn_q.esd.png", all[0].FileName);
        Assert.Equal("layer7.model_layers_0_attn_q.mpfit.png", all[2].FileName);
        foreach (var p in all)
        {
            using var img = new ScottPlot.Image(p.Png);
            Assert.True(img.Width >= 16 && img.Height >= 16);
        }

        // A failed fit without landscape, no Q, no vectors: the ESD alone (documented skips).
        var bare = LayerPlots.Render(new LayerPlotData
        {
            LayerId = 1, Name = "x", Evals = [4.0], Fit = PowerLawFit.Failed("too few values"),
        });
        Assert.Equal([LayerPlotKind.Esd], bare.Select(p => p.Kind));

        // σ_mp missing: the MP plot still appears, with WeightWatcher's starting σ.
        var noSigma = LayerPlots.Render(data with { SigmaMp = double.NaN, LocalizationEvals = null });
        Assert.Contains(noSigma, p => p.Kind == LayerPlotKind.MpFit);

        using var dir = new TempDir();
        var written = LayerPlots.WriteAll(dir.Path, data);
        foreach (var p in written)
        {
            Assert.Equal(p.Png, File.ReadAllBytes(Path.Combine(dir.Path, p.FileName)));
        }
    }

    [Fact]
    public void FitOfARowKeepsItsColumnsAndTreatsSentinelsAsFailed()
    {
        var ok = LayerPlots.FitOf(Row(1, "a", 2.5));
        Assert.Equal(FitStatus.Success, ok.Status);
        Assert.Equal((2.5, 1.0, 3.0, 0.05), (ok.Alpha, ok.Xmin, ok.Xmax, ok.D));
        Assert.Equal(FitStatus.Failed, LayerPlots.FitOf(Row(1, "a", double.NaN, "failed")).Status);
        Assert.Equal(FitStatus.Failed, LayerPlots.FitOf(Row(1, "a", -1) with { Xmin = -1 }).Status);

        // The row's fit draws the same fitted line as the engine's fit would (red pixels present).
        var o = new EsdPlotOptions { Views = EsdViews.Ccdf, Width = 600, Height = 400 };
        var row = Row(1, "a", Fit.Alpha) with { Xmin = Fit.Xmin, Xmax = Fit.Xmax, D = Fit.D };
        Assert.True(PngAssert.RedPixels(EsdPlot.RenderPng(Evals, LayerPlots.FitOf(row), o))
            > PngAssert.RedPixels(EsdPlot.RenderPng(Evals, null, o)) + RedPixelMargin);
    }

    [Fact]
    public void FileNamesAreSanitizedAndCannotCollide()
    {
        string[] names = ["a/b", "a\\b", "a.b", "a b", "../../etc/passwd", "ünï", "", "a:b*?\"<>|", new string('x', 500)];
        var files = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < names.Length; i++)
        {
            foreach (var kind in Enum.GetValues<LayerPlotKind>())
            {
                var f = PlotFileNames.ForLayer(i, names[i], kind);
                Assert.True(files.Add(f), f);
                Assert.Equal(f, Path.GetFileName(f));
                Assert.Matches("^layer[0-9]+\\.[A-Za-z0-9_-]{1,80}\\.[a-z]+\\.png$", f);
            }
        }

        Assert.True(files.Add(PlotFileNames.ForLayer(0, "a/b", LayerPlotKind.Esd, sliceId: 0)));
        Assert.True(files.Add(PlotFileNames.ForLayer(-3, "a/b", LayerPlotKind.Esd)));
        Assert.DoesNotContain(PlotFileNames.AlphaByLayer, files);
        Assert.Equal("layer12-s3", PlotFileNames.Anchor(12, 3));
        Assert.Equal("unnamed", PlotFileNames.Sanitize(null));
        Assert.Equal(PlotFileNames.ForLayer(5, "q.k", LayerPlotKind.Esd), PlotFileNames.ForLayer(5, "q.k", LayerPlotKind.Esd));
    }

    internal static LayerResult Row(int id, string name, double alpha, string status = "success", string warning = "") => new()
    {
        LayerId = id, Name = name, LongName = name, LayerType = "dense", DType = "F32", N = 64, M = 32, Rf = 1, Q = 2,
        NumEvals = 32, Status = status, StatusReason = string.Empty, Warning = warning, Alpha = alpha,
        AlphaWeighted = alpha * 0.5, LogAlphaNorm = 1, Norm = 10, LogNorm = 1, SpectralNorm = 3, LogSpectralNorm = 0.47,
        StableRank = 3.3, MatrixRank = 32, Entropy = 0.9, LambdaMax = 3, SvMax = 1.7, SvMin = 0.1, RankLoss = 0,
        WeakRankLoss = 0, D = 0.05, Xmin = 1, Xmax = 3, Sigma = 0.1, NumPlSpikes = 10,
    };
}
