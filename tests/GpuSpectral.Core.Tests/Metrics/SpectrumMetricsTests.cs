using GpuSpectral.Core.Metrics;

namespace GpuSpectral.Core.Tests.Metrics;

public sealed class SpectrumMetricsTests
{
    [Fact]
    public void HandComputedSpectrum()
    {
        // Eigenvalues 0, 1, 4: singular values 0, 1, 2. Rank cut = 2·N·eps, so rank 2 and one lost.
        var m = SpectrumMetrics.Compute([[0.0, 1.0, 4.0]], layerN: 3, tolerance: 1e-6, svMinMaxOverSlices: false);
        Assert.Equal(5.0, m.Norm);
        Assert.Equal(4.0, m.LambdaMax);
        Assert.Equal(2.0, m.SvMax);
        Assert.Equal(0.0, m.SvMin);
        Assert.Equal(2, m.MatrixRank);
        Assert.Equal(1, m.RankLoss);
        Assert.Equal(1, m.WeakRankLoss);
        double[] p = [1e-10, 0.2 + 1e-10, 0.8 + 1e-10];
        var expected = -p.Sum(x => x * Math.Log(x)) / Math.Log(2 + 1e-10);
        Assert.Equal(expected, m.Entropy, 15);
    }

    [Fact]
    public void SvMinVariants()
    {
        double[][] slices = [[1.0, 9.0], [4.0, 16.0]];
        Assert.Equal(1.0, SpectrumMetrics.Compute(slices, 4, 1e-6, svMinMaxOverSlices: false).SvMin);
        Assert.Equal(2.0, SpectrumMetrics.Compute(slices, 4, 1e-6, svMinMaxOverSlices: true).SvMin); // WW:2826
        Assert.Equal(4.0, SpectrumMetrics.Compute(slices, 4, 1e-6, false).SvMax);
    }

    [Fact]
    public void RankLossUsesEachSlicesOwnMaximum()
    {
        // N = 2, so a slice loses σ ≤ σmax(slice)·2·eps. Slice 1: σ = 1e-17 ≤ 4.4e-16 is lost. Slice 2: σ = 1e-10
        // and 1e-9 are tiny against slice 1 but above their own cut (1e-9·4.4e-16), so nothing is lost there.
        double[][] slices = [[1e-34, 1.0], [1e-20, 1e-18]];
        var m = SpectrumMetrics.Compute(slices, 2, 1e-6, false);
        Assert.Equal(1, m.RankLoss);
        Assert.Equal(3, m.MatrixRank); // against the layer's σmax = 1 only 1e-17 falls below 4.4e-16
    }
}
