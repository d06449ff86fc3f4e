using GpuSpectral.Core.Fitting;
using GpuSpectral.Core.Fitting.Fingers;
using GpuSpectral.TestSupport;

namespace GpuSpectral.Core.Tests.Fitting.Variants;

/// <summary>fix_fingers='xmin_peak': numpy.histogram semantics, the fixed and the WeightWatcher (log/linear bug)
/// range, and every layer of three fixtures against numpy (fit_variants_reference.py <c>xmin_peak</c>).</summary>
public sealed class XminPeakTests
{
    /// <summary>numpy's log10/pow and .NET's may differ by an ulp: p = 10^edge moves by ≤ ln 10 · 2 ulps ≈ 1e-15
    /// relative; the bug's log10(0.95p) can be near 0, so the same bound is also used as an absolute one.</summary>
    private const double PeakRelative = 1e-15;

    [Fact]
    public void PeakIsTheLeftEdgeOfTheFirstFullestBin()
    {
        // log10 range [0, 2], bins 0.02 wide: 10 and 10^1.01 share bin 50 (left edge 1.0); 10^1.5 and 10^1.505 share
        // bin 75 too, but bin 50 comes first.
        double[] x = [1, 10, Math.Pow(10, 1.01), Math.Pow(10, 1.5), Math.Pow(10, 1.505), 100];
        Assert.True(Tolerances.Close(XminPeak.Peak(x), 10.0, 1e-14));
    }

    [Fact]
    public void EqualValuesUseNumpysWidenedRange()
    {
        // All equal: numpy widens to [v−0.5, v+0.5] in log10; the value falls in bin 50, left edge log10 v.
        double[] x = [1000, 1000, 1000];
        Assert.True(Tolerances.Close(XminPeak.Peak(x), 1000.0, 1e-13));
    }

    [Fact]
    public void RangeDefaultsAndTheLogBug()
    {
        double[] x = [1, 10, Math.Pow(10, 1.01), 100];
        var fixedRange = XminPeak.Range(x);
        Assert.True(Tolerances.Close(fixedRange.Lower, 9.5, 1e-14));
        Assert.True(Tolerances.Close(fixedRange.Upper, 15.0, 1e-14));
        var bug = XminPeak.Range(x, reproduceLogBug: true);
        Assert.True(Tolerances.Close(bug.Lower, Math.Log10(9.5), 1e-14));
        Assert.Equal(40.0, XminPeak.Range(x, xminMax: 40.0).Upper);
    }

    [Fact]
    public void TheBugLetsValuesBelowThePeakBeCandidates()
    {
        // Peak at 10 (three values in its bin); 2, 3, 5 lie between log10(9.5) ≈ 0.98 and 9.5.
        double[] x = [1, 2, 3, 5, 10, 10.1, 10.2, 12, 14, 30, 100];
        var options = new PowerLawFitOptions { KeepLandscape = true };
        var (fixedFit, _) = XminPeak.Fit(x, options);
        Assert.Equal([10, 10.1, 10.2, 12, 14], fixedFit.Xmins!);
        var (bugFit, bugRange) = XminPeak.Fit(x, options, reproduceLogBug: true);
        Assert.True(bugRange!.Lower < 1.0);
        Assert.Equal([1, 2, 3, 5, 10, 10.1, 10.2, 12, 14], bugFit.Xmins!);
    }

    [Fact]
    public void Powerlaw15RangeDropsTheLargestInRangeValue()
    {
        // powerlaw.py:195–204: unique(data in [lo, hi])[:-1], here [2, 3, 5] of the in-range [2, 3, 5, 10].
        double[] x = [1, 2, 3, 5, 10, 30, 100];
        var fit = PowerLawFitter.Fit(
            x, new PowerLawFitOptions { Compat = FitCompat.Powerlaw15, XminMin = 2, XminMax = 10, KeepLandscape = true });
        Assert.Equal([2, 3, 5], fit.Xmins!);
        var ww = PowerLawFitter.Fit(x, new PowerLawFitOptions { XminMin = 2, XminMax = 10, KeepLandscape = true });
        Assert.Equal([2, 3, 5, 10], ww.Xmins!);
    }

    [Theory]
    [MemberData(nameof(FingerFixTests.Layers), MemberType = typeof(FingerFixTests))]
    public void FixtureLayersMatchReference(string file, string key)
    {
        var e = FingerFixTests.Find(file, key);
        var x = VariantsReference.Layer(file, key);
        foreach (var (tag, bug) in new[] { ("peak_fixed", false), ("peak_bug", true) })
        {
            var r = e.GetProperty(tag);
            var (fit, range) = XminPeak.Fit(x, null, bug);
            Assert.NotNull(range);
            Assert.True(Tolerances.Close(range.Peak, r.Get("peak"), PeakRelative), $"{tag} peak");
            Assert.True(Tolerances.Close(range.Lower, r.Get("lo"), PeakRelative, PeakRelative), $"{tag} lo");
            var expected = r.GetProperty("fit");
            if (expected.ValueKind == System.Text.Json.JsonValueKind.Null)
            {
                Assert.Equal(FitStatus.Failed, fit.Status);
                continue;
            }

            Assert.Equal(expected.Get("xmin"), fit.Xmin);
            Assert.True(Tolerances.Close(fit.Alpha, expected.Get("alpha"), Tolerances.FitRelative), $"{tag} alpha");
            Assert.True(Tolerances.Close(fit.D, expected.Get("D"), Tolerances.FitRelative), $"{tag} D");
        }
    }
}
