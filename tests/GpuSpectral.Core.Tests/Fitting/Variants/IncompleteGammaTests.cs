using GpuSpectral.Core.Fitting.Distributions;
using GpuSpectral.TestSupport;

namespace GpuSpectral.Core.Tests.Fitting.Variants;

/// <summary>The scaled upper incomplete gamma against mpmath.gammainc at 40 digits (fit_variants_reference.py).</summary>
public sealed class IncompleteGammaTests
{
    /// <summary>ln G agrees to 1e-14·(10 + |a|) absolute (≈ relative on G): both branches stop at 1e-16 per term;
    /// the series for z &lt; 1 sums ~20–130 terms of size ≤ 1/|a|, and the continued fraction's Lentz recurrence,
    /// whose partial numerators i(i−a) grow with |a|, accumulates about |a| ulps (measured 1.8e-13 at a = −30).</summary>
    private const double LogScaledAbsolutePerUnitA = 1e-14;

    /// <summary>erfc through Γ(1/2, t²): relative, the same bound as ln G at a = 1/2.</summary>
    private const double ErfcRelative = 1e-13;

    /// <summary>ln erfc for t &lt; 0 is ln(2 − erfc|t|): erfc|t| ≈ 1 carries a few ulps of 1 absolute, which no
    /// relative bound on a result near 0 can absorb (measured 1.3e-15 at t = −1e-9).</summary>
    private const double LogErfcAbsolute = 4e-15;

    [Fact]
    public void ScaledMatchesMpmathOnTheGrid()
    {
        var count = 0;
        foreach (var e in VariantsReference.Root.GetProperty("gamma").EnumerateArray())
        {
            double a = e.Get("a"), z = e.Get("z"), expected = e.Get("log_scaled");
            var actual = Math.Log(IncompleteGamma.Scaled(a, z));
            Assert.True(
                Tolerances.Close(actual, expected, 0, LogScaledAbsolutePerUnitA * (10 + Math.Abs(a))),
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
            Assert.True(Tolerances.Close(IncompleteGamma.LogErfc(t), logExpected, ErfcRelative, LogErfcAbsolute), $"ln erfc({t}) = {IncompleteGamma.LogErfc(t):R} vs {logExpected:R}");
        }
    }
}
