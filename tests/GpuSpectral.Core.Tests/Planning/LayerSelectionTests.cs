using GpuSpectral.Core.Planning;

namespace GpuSpectral.Core.Tests.Planning;

public sealed class LayerSelectionTests
{
    [Fact]
    public void EmptyKeepsEverything() => Assert.True(LayerSelection.All.Keeps(1, "x", LayerType.Dense));

    [Fact]
    public void IncludeRegexTypeAndId()
    {
        var s = LayerSelection.Parse(["q_proj,conv2d", "7"]);
        Assert.True(s.Keeps(1, "layers.0.q_proj", LayerType.Dense));
        Assert.True(s.Keeps(2, "features.0", LayerType.Conv2D));
        Assert.True(s.Keeps(7, "head", LayerType.Dense));
        Assert.False(s.Keeps(3, "layers.0.k_proj", LayerType.Dense));
    }

    [Fact]
    public void ExcludesWinAndNegativeIdsExclude()
    {
        var s = LayerSelection.Parse(["proj", "-k_proj", "-3", "-dense"]);
        Assert.False(s.Keeps(1, "k_proj", LayerType.Conv2D));
        Assert.False(s.Keeps(3, "q_proj", LayerType.Conv2D));
        Assert.False(s.Keeps(4, "q_proj", LayerType.Dense));
        Assert.True(s.Keeps(5, "q_proj", LayerType.Conv2D));
    }

    [Fact]
    public void InvalidRegexNamesTheTerm()
    {
        var e = Assert.Throws<ArgumentException>(() => LayerSelection.Parse(["(open"]));
        Assert.Contains("(open", e.Message, StringComparison.Ordinal);
    }
}
