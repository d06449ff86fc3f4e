using GpuSpectral.Core.Fitting.Distributions;
using GpuSpectral.TestSupport;

namespace GpuSpectral.Core.Tests.Fitting.Variants;

/// <summary>The scaled upper incomplete gamma against mpmath.gammainc at 40 digits (fit_variants_reference.py).</summary>
public sealed class IncompleteGammaTests
{
    /// <summary>ln G agrees to 1e-13 absolute (≈ relative on G): the continued fraction and the series stop at 1e-16
    /// per term; the series for z &lt; 1 adds Γ(a,1) and a sum of terms up to ~1/|a|, losing at most a few ulps times
    /// the number of terms (~20–130).</summary>
    private const double LogScaledAbsolute = 1e-13;

    /// <summary>erfc through Γ(1/2, t²): the same bound, relative.</summary>
    private const double ErfcRelative = 1e-13;

    [Fact]
    public void ScaledMatchesMpmathOnTheGrid()
    {
        var count = 0;
        foreach (var e in VariantsReference.Root.GetProperty("gamma").EnumerateArray())
        {
            double a = e.Get("a"), z = e.Get("z"), expected = e.Get("log_scaled");
            var actual = Math.Log(IncompleteGamma.Scaled(a, z));
            Assert.True(
                Tolerances.Close(actual, expected, 0, LogScaledAbsolute),
                $"a={a} z={z}: ln G = {actual:R}, mpmath {expected:R}");
            count++;
        }

        Assert.True(count > 100);
    }

    [Fact]
    public void RecurrenceHoldsAcrossTheBranchSwitch()
    {
        // Γ(a+1,z) = aΓ(a,z) + z^a e^−z, i.e. z·G(a+1,z) = a·G(a,z) + 1, an identity not used by the evaluation itself.
        foreach (var a in new[] { -7.3, -2.0, -1.0 + 1e-7, -0.5, 0.0, 0.5 })
        {
            foreach (var z in new[] { 1e-4, 0.5, 0.999999, 1.0, 1.000001, 3.0, 40.0 })
            {
                var lhs = z * IncompleteGamma.Scaled(a + 1, z);
                var rhs = (a * IncompleteGamma.Scaled(a, z)) + 1.0;
                Assert.True(Tolerances.Close(lhs, rhs, 1e-12, 1e-14), $"a={a} z={z}: {lhs:R} vs {rhs:R}");
            }
        }
    }

    [Fact]
    public void ZeroArgumentIsThePowerLawLimit()
    {
        Assert.Equal(0.5, IncompleteGamma.Scaled(-2.0, 0.0));
        Assert.True(double.IsPositiveInfinity(IncompleteGamma.Scaled(0.0, 0.0)));
        Assert.True(double.IsNaN(IncompleteGamma.Scaled(-1.0, -1.0)));
    }

    [Fact]
    public void ErfcMatchesMpmath()
    {
        foreach (var e in VariantsReference.Root.GetProperty("erfc").EnumerateArray())
        {
            double t = e.Get("t"), expected = e.Get("erfc"), logExpected = e.Get("log_erfc");
            Assert.True(Tolerances.Close(IncompleteGamma.Erfc(t), expected, ErfcRelative), $"erfc({t})");
            Assert.True(Tolerances.Close(IncompleteGamma.LogErfc(t), logExpected, ErfcRelative, 1e-15), $"ln erfc({t})");
        }
    }
}
