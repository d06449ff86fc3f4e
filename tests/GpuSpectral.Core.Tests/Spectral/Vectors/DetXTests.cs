using GpuSpectral.Core.Spectral;
using GpuSpectral.TestSupport;

namespace GpuSpectral.Core.Tests.Spectral.Vectors;

/// <summary>detX on hand-made spectra and against WeightWatcher's scan written literally in numpy on the fixtures'
/// eigenvalues (vectors_detx_reference.py).</summary>
public sealed class DetXTests
{
    /// <summary>numpy rescales with a pairwise sum and tests a product; we sum in order and test a log-sum: both
    /// differ from exact arithmetic by a few ulps, which moves the values by ≤ 1e-15 relative and never moved the cut.</summary>
    private const double ValueRelative = 1e-13;

    [Fact]
    public void StopsAtTheFirstTailWithProductBelowOne()
    {
        // Raw [0.2, 0.4, 1.4, 6.0], Σ = 8, n = 4 → rescaled [0.1, 0.2, 0.7, 3.0].
        // idx 3: 3.0; idx 2: 3·0.7 = 2.1; idx 1: 2.1·0.2 = 0.42 < 1 → idx 1, num = 3, raw 0.4, rescaled 0.2.
        var d = DetX.Compute([0.2, 0.4, 1.4, 6.0]);

        Assert.Equal(3, d.Num);
        Assert.Equal(0.4, d.Value, 15);
        Assert.Equal(0.2, d.ValueRescaled, 15);
        Assert.Equal(0.5, d.RescaleFactor, 15);
    }

    [Fact]
    public void ProductExactlyOneDoesNotStop()
    {
        // Rescaled [0.5, 0.5, 1, 2]: idx 1 gives 2·1·0.5 = 1, which is not < 1; the scan ends at idx 1 without a
        // stop, so idx = 0: num = n = 4 and the value is the smallest eigenvalue.
        var d = DetX.Compute([0.5, 0.5, 1.0, 2.0]);

        Assert.Equal(4, d.Num);
        Assert.Equal(0.5, d.Value);
    }

    [Fact]
    public void ZeroEigenvalueEndsTheScan()
    {
        // [0, 0, 2, 2]: idx 3: 2, idx 2: 4, idx 1: 0 < 1 → num = 3, value 0.
        var d = DetX.Compute([0.0, 0.0, 2.0, 2.0]);

        Assert.Equal(3, d.Num);
        Assert.Equal(0.0, d.Value);
    }

    [Fact]
    public void ColumnNamesFixedAndWeightWatcherSwap()
    {
        var d = DetX.Compute([0.2, 0.4, 1.4, 6.0]);

        Assert.Equal([("detX_num", 3.0), ("detX_val", 0.4), ("detX_val_rescaled", d.ValueRescaled)], d.Columns());
        // WeightWatcher: detX_val is the RAW value and detX_val_unrescaled holds the RESCALED one.
        Assert.Equal([("detX_num", 3.0), ("detX_val", 0.4), ("detX_val_unrescaled", d.ValueRescaled)],
            d.WeightWatcherColumns());
        // Δλ_min = x̃min − λ̃_detX: xmin = 1.4 raw → 0.7 rescaled; 0.7 − 0.2 = 0.5.
        Assert.Equal(0.5, d.DeltaLambdaMin(1.4), 15);
    }

    [Fact]
    public void RejectsUnsortedOrEmpty()
    {
        Assert.Throws<ArgumentException>(() => DetX.Compute([2.0, 1.0]));
        Assert.Throws<ArgumentException>(() => DetX.Compute([]));
        Assert.True(double.IsNaN(DetX.Compute([0.0, 0.0]).Value));
    }

    [Fact]
    public void MatchesWeightWatcherScanOnFixtureEigenvalues()
    {
        var checkedCount = 0;
        foreach (var c in VectorsDetXReference.DetX())
        {
            var archive = c.GetProperty("archive").GetString()!;
            var key = c.GetProperty("key").GetString()!;
            var evals = TestNpz.Get(SharedData.Fixture($"expected_{archive}_evals.npz"), key);

            var d = DetX.Compute(evals);

            Assert.Equal(c.GetProperty("num").GetInt32(), d.Num);
            Assert.True(Tolerances.Close(d.Value, c.GetProperty("val").GetDouble(), ValueRelative), key);
            Assert.True(Tolerances.Close(d.ValueRescaled, c.GetProperty("val_rescaled").GetDouble(), ValueRelative), key);
            checkedCount++;
        }

        Assert.Equal(15, checkedCount);
    }
}
