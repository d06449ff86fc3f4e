using GpuSpectral.Core.Fitting;
using GpuSpectral.Core.Fitting.Distributions;
using GpuSpectral.TestSupport;

namespace GpuSpectral.Core.Tests.Fitting.Variants;

/// <summary>The truncated power law against fit_variants_reference.py (scipy Nelder–Mead on (√(α−1), √(λ·xmin)) with
/// the normaliser from mpmath.gammainc).</summary>
public sealed class TruncatedPowerLawTests
{
    /// <summary>α and λ·xmin relative (or absolute near λ = 0). Both sides locate the optimum of a smooth convex
    /// objective: ours by golden section to 1e-10 relative width, the reference by a simplex to xatol 1e-12; on a flat
    /// minimum the position is only determined to ~√eps ≈ 1.5e-8 relative times the conditioning (≤ ~100 here).</summary>
    private const double ParameterRelative = 2e-6;

    /// <summary>Log-likelihood relative: at the optimum it is second-order in the parameter error, ~1e-12, plus the
    /// sum of n ≤ 400 terms.</summary>
    private const double LogLikelihoodRelative = 1e-9;

    /// <summary>D absolute: first-order in the parameter error (dT/dα·Δα with Δα ≲ 1e-7).</summary>
    private const double DAbsolute = 1e-6;

    public static TheoryData<string> CompareSets() =>
        [.. VariantsReference.Root.GetProperty("compare").EnumerateObject().Select(p => p.Name)];

    public static TheoryData<string> ScanSets() =>
        [.. VariantsReference.Root.GetProperty("tpl_scan").EnumerateObject().Select(p => p.Name)];

    [Theory]
    [MemberData(nameof(CompareSets))]
    public void FitAtThePowerLawXminMatchesReference(string name)
    {
        var e = VariantsReference.Root.GetProperty("compare").GetProperty(name);
        var tpl = e.GetProperty("tpl");
        var xmin = e.Get("xmin");
        var fit = TruncatedPowerLaw.FitAtXmin(VariantsReference.Data(name), xmin);
        Assert.Equal(FitStatus.Success, fit.Status);
        Assert.Equal(e.GetProperty("ntail").GetInt32(), fit.TailCount);
        Assert.True(Tolerances.Close(fit.Alpha, tpl.Get("alpha"), ParameterRelative), $"alpha {fit.Alpha:R} vs {tpl.Get("alpha"):R}");
        Assert.True(
            Tolerances.Close(fit.Lambda * xmin, tpl.Get("Lambda") * xmin, ParameterRelative, ParameterRelative),
            $"Lambda {fit.Lambda:R} vs {tpl.Get("Lambda"):R}");
        Assert.True(Tolerances.Close(fit.LogLikelihood, tpl.Get("loglik"), LogLikelihoodRelative), "loglik");
    }

    [Theory]
    [MemberData(nameof(ScanSets))]
    public void XminChosenByTheTplKsMatchesReference(string name)
    {
        var e = VariantsReference.Root.GetProperty("tpl_scan").GetProperty(name);
        double[] x = [.. e.GetProperty("input").EnumerateArray().Select(v => v.GetDouble())];
        var fit = TruncatedPowerLaw.Fit(x, new PowerLawFitOptions { Compat = FitCompat.Powerlaw15 });
        Assert.Equal(FitStatus.Success, fit.Status);

        // The reference's best D leads the runner-up by d_gap, far more than DAbsolute, so the argmin is robust.
        Assert.True(e.Get("d_gap") > 10 * DAbsolute);
        Assert.Equal(e.Get("xmin"), fit.Xmin);
        Assert.True(Tolerances.Close(fit.Alpha, e.Get("alpha"), ParameterRelative), $"alpha {fit.Alpha:R}");
        Assert.True(
            Tolerances.Close(fit.Lambda * fit.Xmin, e.Get("Lambda") * fit.Xmin, ParameterRelative, ParameterRelative),
            $"Lambda {fit.Lambda:R}");
        Assert.True(Tolerances.Close(fit.D, e.Get("D"), 0, DAbsolute), $"D {fit.D:R}");
        Assert.True(Tolerances.Close(fit.LogLikelihood, e.Get("loglik"), LogLikelihoodRelative), "loglik");
        Assert.Equal(x.Count(v => v >= fit.Xmin), fit.NumPlSpikes);
    }

    [Fact]
    public void ETplSearchesOnlyThePeakWindow()
    {
        var x = VariantsReference.Data("lognormal1");
        var options = new PowerLawFitOptions { KeepLandscape = true };
        var (fit, range) = TruncatedPowerLaw.FitXminPeak(x, options);
        Assert.Equal(FitStatus.Success, fit.Status);
        Assert.NotNull(range);
        Assert.All(fit.Xmins!, v => Assert.InRange(v, range.Lower, range.Upper));
        Assert.Equal(x.Count(v => v >= range.Lower && v <= range.Upper), fit.Xmins!.Length);
        Assert.InRange(fit.Xmin, range.Lower, range.Upper);
    }

    [Fact]
    public void ZeroLambdaIsThePowerLaw()
    {
        // λ = 0: p = (α−1)/xmin (x/xmin)^−α and F = 1 − (x/xmin)^(1−α), by hand at α = 3, xmin = 2, x = 4.
        Assert.True(Tolerances.Close(TruncatedPowerLaw.LogPdf(4, 3, 0, 2), Math.Log(2.0 / 2.0 / 8.0), 1e-15));
        Assert.True(Tolerances.Close(TruncatedPowerLaw.Cdf(4, 3, 0, 2), 0.75, 1e-15));
    }

    [Fact]
    public void PdfIntegratesToOne()
    {
        // Trapezoid on a log grid over [xmin, xmin·1e4]; the tail beyond is e^(−λ·1e4·xmin)-small.
        const double alpha = 2.7, lambda = 0.03, xmin = 1.5;
        var sum = 0.0;
        var prev = xmin;
        var fprev = Math.Exp(TruncatedPowerLaw.LogPdf(prev, alpha, lambda, xmin));
        for (var i = 1; i <= 200000; i++)
        {
            var x = xmin * Math.Pow(1e4, i / 200000.0);
            var f = Math.Exp(TruncatedPowerLaw.LogPdf(x, alpha, lambda, xmin));
            sum += 0.5 * (f + fprev) * (x - prev);
            (prev, fprev) = (x, f);
        }

        Assert.True(Tolerances.Close(sum, 1.0, 1e-6), $"∫p = {sum:R}");
        Assert.True(Tolerances.Close(TruncatedPowerLaw.Cdf(xmin * 1e4, alpha, lambda, xmin), 1.0, 1e-12));
    }
}
