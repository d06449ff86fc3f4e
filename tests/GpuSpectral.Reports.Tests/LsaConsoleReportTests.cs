using GpuSpectral.Core.Fitting;
using GpuSpectral.Lsa.Results;
using GpuSpectral.Reports.Lsa;
using Spectre.Console;

namespace GpuSpectral.Reports.Tests;

public sealed class LsaConsoleReportTests
{
    private static string Render(LsaResult r, string? input = null)
    {
        using var sw = new StringWriter();
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(sw),
            Ansi = AnsiSupport.No,
            ColorSystem = ColorSystemSupport.NoColors,
        });
        console.Profile.Width = 160;
        LsaConsoleReport.Write(console, r, input);
        return sw.ToString();
    }

    [Fact]
    public void ShowsShapeFitKsAndTimings()
    {
        var r = LsaFixtures.Result();
        var text = Render(r, "/data/corpus[1].tsv");
        Assert.Contains("/data/corpus[1].tsv", text, StringComparison.Ordinal);
        Assert.Contains("1000 documents × 5000 terms", text, StringComparison.Ordinal);
        Assert.Contains("3 empty documents", text, StringComparison.Ordinal);
        Assert.Contains("dense Gram", text, StringComparison.Ordinal);
        Assert.Contains("exact, all 1000 eigenvalues", text, StringComparison.Ordinal);
        Assert.DoesNotContain(LsaConsoleReport.SketchWarning, text, StringComparison.Ordinal);
        Assert.Contains("power-law fit: xmin", text, StringComparison.Ordinal);
        Assert.Contains("alpha", text, StringComparison.Ordinal);
        Assert.Matches($@"power law\s*│\s*{r.KPowerLaw}\s*│", text);
        Assert.Matches(@"localization\s*│\s*37\s*│", text);
        Assert.Matches(@"explained variance\s*│\s*23\s*│", text);
        Assert.Contains("tfidf 0.125", text, StringComparison.Ordinal);
        Assert.Contains("total", text, StringComparison.Ordinal);
    }

    [Fact]
    public void WarnsWhenTheSpectrumIsASketch()
    {
        var text = Render(LsaFixtures.Result(exact: false));
        Assert.Contains("sketch, top 400 of 1000 eigenvalues", text, StringComparison.Ordinal);
        Assert.Contains(LsaConsoleReport.SketchWarning, text, StringComparison.Ordinal);
    }

    [Fact]
    public void ReportsAFailedFit()
    {
        var r = LsaFixtures.Result() with { Fit = PowerLawFit.Failed("too few [values]"), KPowerLaw = 0 };
        var text = Render(r);
        Assert.Contains("power-law fit failed: too few [values]", text, StringComparison.Ordinal);
        Assert.Matches(@"power law\s*│\s*0\s*│\s*–", text);
    }
}
