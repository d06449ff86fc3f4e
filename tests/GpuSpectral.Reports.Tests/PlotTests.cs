using GpuSpectral.Core.Fitting;
using GpuSpectral.Reports.Plots;

namespace GpuSpectral.Reports.Tests;

public sealed class PlotTests
{
    private static readonly double[] Evals = LsaFixtures.ParetoSpectrum();
    private static readonly PowerLawFit Fit = PowerLawFitter.Fit(Evals, new PowerLawFitOptions { KeepLandscape = true });

    [Theory]
    [InlineData(EsdViews.Density, 640, 480)]
    [InlineData(EsdViews.Ccdf, 700, 500)]
    [InlineData(EsdViews.Both, 1200, 450)]
    public void EsdIsAValidPngOfTheRequestedSize(EsdViews views, int w, int h)
    {
        var png = EsdPlot.RenderPng(Evals, Fit, new EsdPlotOptions { Views = views, Width = w, Height = h });
        PngAssert.Valid(png, w, h);
    }

    [Fact]
    public void EsdDrawsTheFitLine()
    {
        var o = new EsdPlotOptions { Views = EsdViews.Ccdf, Width = 600, Height = 400 };
        var withFit = EsdPlot.RenderPng(Evals, Fit, o);
        var without = EsdPlot.RenderPng(Evals, null, o);
        Assert.True(PngAssert.RedPixels(withFit) > PngAssert.RedPixels(without) + 100);
    }

    [Fact]
    public void EsdDropsNonPositiveAndNonFiniteValues()
    {
        double[] values = [.. Evals, 0, -1, -1e-9, double.NaN, double.PositiveInfinity, double.NegativeInfinity];
        var png = EsdPlot.RenderPng(values, Fit, new EsdPlotOptions { Width = 800, Height = 400 });
        PngAssert.Valid(png, 800, 400);
    }

    [Fact]
    public void EsdRendersFailedFitsAndEmptyData()
    {
        var failed = PowerLawFit.Failed("too few values");
        PngAssert.Valid(EsdPlot.RenderPng([1, 2, 3], failed, new EsdPlotOptions { Width = 500, Height = 300 }), 500, 300);
        var inf = Fit with { Alpha = double.PositiveInfinity };
        PngAssert.Valid(EsdPlot.RenderPng(Evals, inf, new EsdPlotOptions { Width = 500, Height = 300 }), 500, 300);
        var empty = EsdPlot.RenderPng([0, -2, double.NaN], Fit, new EsdPlotOptions { Width = 500, Height = 300 });
        Assert.Equal(500, System.Buffers.Binary.BinaryPrimitives.ReadInt32BigEndian(empty.AsSpan(16, 4)));
        PngAssert.Valid(EsdPlot.RenderPng([4.2], null, new EsdPlotOptions { Width = 500, Height = 300 }), 500, 300);
    }

    [Fact]
    public void EsdCcdfDecimatesLargeSpectra()
    {
        var rng = new Random(5);
        var big = Enumerable.Range(0, 50_000).Select(_ => Math.Pow(1 - rng.NextDouble(), -0.5)).ToArray();
        PngAssert.Valid(EsdPlot.RenderPng(big, null, new EsdPlotOptions { Width = 900, Height = 400 }), 900, 400);
    }

    [Fact]
    public void EsdRejectsBadOptions()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => EsdPlot.RenderPng(Evals, Fit, new EsdPlotOptions { Bins = 0 }));
        Assert.Throws<ArgumentOutOfRangeException>(() => EsdPlot.RenderPng(Evals, Fit, new EsdPlotOptions { Views = 0 }));
        Assert.Throws<ArgumentOutOfRangeException>(() => EsdPlot.RenderPng(Evals, Fit, new EsdPlotOptions { Width = 0 }));
    }

    [Fact]
    public void EsdSavePngWritesTheFile()
    {
        using var dir = new TempDir();
        var path = dir.File("esd.png");
        EsdPlot.SavePng(path, Evals, Fit, new EsdPlotOptions { Width = 640, Height = 360 });
        PngAssert.ValidFile(path, 640, 360);
    }

    [Fact]
    public void LandscapeFromFitMarksTheChosenXmin()
    {
        var o = new LandscapePlotOptions { Width = 640, Height = 400 };
        var png = LandscapePlot.RenderPng(Fit, o);
        PngAssert.Valid(png, 640, 400);
        var unmarked = LandscapePlot.RenderPng(Fit.Xmins!, Fit.Ds!, null, o);
        Assert.True(PngAssert.RedPixels(png) > PngAssert.RedPixels(unmarked) + 50);
    }

    [Fact]
    public void LandscapeDropsBadPointsAndChecksItsInput()
    {
        double[] xmins = [-1, 0, 0.5, 1, 2, double.NaN, 4];
        double[] ds = [0.1, 0.2, 0.3, double.NaN, 0.1, 0.2, double.PositiveInfinity];
        PngAssert.Valid(LandscapePlot.RenderPng(xmins, ds, 2, new LandscapePlotOptions { Width = 400, Height = 300 }), 400, 300);
        Assert.Throws<ArgumentException>(() => LandscapePlot.RenderPng([1, 2], [0.1], null));
        var bare = PowerLawFitter.Fit(Evals);
        Assert.Throws<ArgumentException>(() => LandscapePlot.RenderPng(bare));
    }

    [Fact]
    public void SeriesLogYDropsNonPositiveValues()
    {
        double[] ys = [1, 0.5, 0, -3, 0.1, double.NaN, 0.01, 1e-5];
        var markers = new[] { new SeriesMarker("K power law = 3", 3), new SeriesMarker("K beyond = 99", 99) };
        var png = SeriesPlot.RenderPng(ys, markers, new SeriesPlotOptions { LogY = true, Width = 500, Height = 320 });
        PngAssert.Valid(png, 500, 320);
        PngAssert.Valid(SeriesPlot.RenderPng([0, -1], null, new SeriesPlotOptions { LogY = true, Width = 300, Height = 200 }), 300, 200);
    }

    [Fact]
    public void SeriesMarkersAddInk()
    {
        var ys = Enumerable.Range(1, 100).Select(i => 1.0 / i).ToArray();
        var o = new SeriesPlotOptions { Width = 500, Height = 320 };
        var plain = SeriesPlot.RenderPng(ys, null, o);
        var marked = SeriesPlot.RenderPng(ys, [new SeriesMarker("K = 40", 40)], o);
        Assert.True(PngAssert.RedPixels(marked) > PngAssert.RedPixels(plain) + 50);
    }
}
