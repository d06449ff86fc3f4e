using GpuSpectral.Reports.Lsa;

namespace GpuSpectral.Reports.Tests;

public sealed class LsaPlotsTests
{
    [Fact]
    public void WriteAllWritesTheFourPlotsIntoANewFolder()
    {
        using var tmp = new TempDir();
        var dir = Path.Combine(tmp.Path, "plots", "run1");
        var paths = LsaPlots.WriteAll(LsaFixtures.Result(), dir);
        Assert.Equal(["esd.png", "landscape.png", "localization.png", "explained_variance.png"],
            paths.Select(Path.GetFileName));
        PngAssert.ValidFile(paths[0], 1400, 600);
        foreach (var p in paths.Skip(1))
        {
            PngAssert.ValidFile(p, 900, 600);
        }

        Assert.Equal(4, Directory.GetFiles(dir).Length); // no temporary files left behind
    }

    [Fact]
    public void WriteAllSkipsTheLandscapeWhenTheFitDidNotKeepIt()
    {
        using var tmp = new TempDir();
        var r = LsaFixtures.Result(exact: false, keepLandscape: false) with { KPowerLaw = 0, KLocalization = 500 };
        var paths = LsaPlots.WriteAll(r, tmp.Path);
        Assert.Equal(["esd.png", "localization.png", "explained_variance.png"], paths.Select(Path.GetFileName));
        foreach (var p in paths)
        {
            Assert.True(new FileInfo(p).Length > 5_000);
        }
    }

    [Fact]
    public void WriteAllSkipsEmptySeries()
    {
        using var tmp = new TempDir();
        var r = LsaFixtures.Result() with { LocalizationRatios = [], ExplainedVariance = [] };
        var paths = LsaPlots.WriteAll(r, tmp.Path);
        Assert.Equal(["esd.png", "landscape.png"], paths.Select(Path.GetFileName));
    }
}
