using GpuSpectral.Core.Fitting;

namespace GpuSpectral.Core.Tests.Fitting;

/// <summary>Fitter semantics around the scan: threshold, XmaxDrop, failures, num_pl_spikes, input handling.</summary>
public sealed class PowerLawFitterTests
{
    [Fact]
    public void ValuesAtOrBelowTheAbsoluteThresholdAreIgnored()
    {
        var body = KsScanTests.Pareto(300, 2.5, seed: 5);
        var withSmall = body.Concat([1e-5, 5e-6, 0.0, -2.0, 1e-7]).Reverse().ToArray();
        var clean = PowerLawFitter.Fit(body, new PowerLawFitOptions { KeepLandscape = true });
        var noisy = PowerLawFitter.Fit(withSmall, new PowerLawFitOptions { KeepLandscape = true });

        Assert.Equal(clean.Xmin, noisy.Xmin);
        Assert.Equal(clean.Alpha, noisy.Alpha);
        Assert.Equal(clean.D, noisy.D);
        Assert.Equal(clean.Ds, noisy.Ds);
        Assert.Equal(300, noisy.FittedCount);
        Assert.Equal(clean.NumPlSpikes, noisy.NumPlSpikes);

        // Absolute, not relative: scaling the data down by 1e-6 pushes most of it under 1e-5.
        var scaled = body.Select(v => v * 1e-6).ToArray();
        var fit = PowerLawFitter.Fit(scaled);
        Assert.Equal(scaled.Count(v => v > 1e-5), fit.FittedCount);
        Assert.True(fit.FittedCount < 300);

        // A value just above the threshold is kept.
        var kept = PowerLawFitter.Fit([1.1e-5, 2e-5, 7e-5]);
        Assert.Equal(3, kept.FittedCount);
    }

    [Fact]
    public void CustomThresholdIsApplied()
    {
        var x = KsScanTests.Pareto(200, 2.5, seed: 9);
        var fit = PowerLawFitter.Fit(x, new PowerLawFitOptions { Threshold = 1.5 });
        Assert.Equal(x.Count(v => v > 1.5), fit.FittedCount);
        Assert.True(fit.Xmin > 1.5);
    }

    [Fact]
    public void XmaxDropRemovesTheLargestValues()
    {
        var x = KsScanTests.Pareto(400, 2.5, seed: 13);
        var shuffled = x.Reverse().ToArray();
        var dropped = PowerLawFitter.Fit(shuffled, new PowerLawFitOptions { XmaxDrop = 3, KeepLandscape = true });
        var manual = PowerLawFitter.Fit(x.AsSpan(0, 397), new PowerLawFitOptions { KeepLandscape = true });

        Assert.Equal(FitStatus.Success, dropped.Status);
        Assert.Equal(397, dropped.FittedCount);
        Assert.Equal(x[396], dropped.Xmax);
        Assert.Equal(manual.Xmin, dropped.Xmin);
        Assert.Equal(manual.Alpha, dropped.Alpha);
        Assert.Equal(manual.Ds, dropped.Ds);
        // WeightWatcher counts num_pl_spikes on the clipped eigenvalues (weightwatcher.py:4288).
        Assert.Equal(manual.NumPlSpikes, dropped.NumPlSpikes);
        Assert.Equal(x.Take(397).Count(v => v >= dropped.Xmin), dropped.NumPlSpikes);
    }

    [Fact]
    public void XmaxDropOverHalfFails()
    {
        var x = KsScanTests.Pareto(10, 2.5, seed: 1);
        Assert.Equal(FitStatus.Success, PowerLawFitter.Fit(x, new PowerLawFitOptions { XmaxDrop = 5 }).Status);
        var fit = PowerLawFitter.Fit(x, new PowerLawFitOptions { XmaxDrop = 6 });
        Assert.Equal(FitStatus.Failed, fit.Status);
        Assert.Contains("XmaxDrop", fit.FailureReason, StringComparison.Ordinal);
        Assert.True(double.IsNaN(fit.Alpha));
        Assert.Equal(-1, fit.NumPlSpikes);
    }

    [Theory]
    [InlineData(new double[0])]
    [InlineData(new[] { 3.0 })]
    [InlineData(new[] { 3.0, 1e-6, 0.0, -1.0 })]
    [InlineData(new[] { 1e-5, 1e-6 })]
    public void FewerThanTwoValuesAboveTheThresholdFail(double[] values)
    {
        var fit = PowerLawFitter.Fit(values);
        Assert.Equal(FitStatus.Failed, fit.Status);
        Assert.False(string.IsNullOrEmpty(fit.FailureReason));
        Assert.True(double.IsNaN(fit.Alpha));
        Assert.True(double.IsNaN(fit.Xmin));
        Assert.True(double.IsNaN(fit.Xmax));
        Assert.True(double.IsNaN(fit.D));
        Assert.True(double.IsNaN(fit.Sigma));
        Assert.Equal(-1, fit.NumPlSpikes);
        Assert.Equal(-1, fit.CandidateIndex);
        Assert.Equal(values.Count(v => v > 1e-5), fit.FittedCount);
    }

    [Fact]
    public void OneDistinctValueFailsInPowerlaw15ButNotInWeightWatcher()
    {
        double[] x = [2.0, 2.0, 2.0];
        Assert.Equal(FitStatus.Failed, PowerLawFitter.Fit(x, new PowerLawFitOptions { Compat = FitCompat.Powerlaw15 }).Status);
        var ww = PowerLawFitter.Fit(x);

        // WW candidates k=0 (n=3, D=2/3) and k=1 (n=2, D=1/2), both with α = +∞: the second wins.
        Assert.Equal(FitStatus.Success, ww.Status);
        Assert.Equal(double.PositiveInfinity, ww.Alpha);
        Assert.Equal(0.5, ww.D);
        Assert.Equal(1, ww.CandidateIndex);
        Assert.Equal(2, ww.TailCount);
        Assert.Equal(3, ww.NumPlSpikes); // every value ≥ xmin, not just the chosen tail
    }

    [Fact]
    public void NumPlSpikesCountsAllInputValuesAtOrAboveXmin()
    {
        var x = KsScanTests.Pareto(500, 2.5, seed: 21);
        var fit = PowerLawFitter.Fit(x.Concat([0.0, 1e-9]).ToArray());
        Assert.Equal(x.Count(v => v >= fit.Xmin), fit.NumPlSpikes);
        Assert.Equal(fit.TailCount, fit.NumPlSpikes);
        Assert.Equal(x.Max(), fit.Xmax);
    }

    [Fact]
    public void InputIsNotMutated()
    {
        var x = KsScanTests.Pareto(200, 2.5, seed: 2).Reverse().ToArray();
        var copy = x.ToArray();
        _ = PowerLawFitter.Fit(x, new PowerLawFitOptions { XmaxDrop = 4 });
        Assert.Equal(copy, x);
    }

    [Theory]
    [InlineData(double.NaN)]
    [InlineData(double.PositiveInfinity)]
    [InlineData(double.NegativeInfinity)]
    public void NonFiniteInputFailsWithAReason(double bad)
    {
        var x = KsScanTests.Pareto(50, 2.5, seed: 4).Append(bad).ToArray();
        var fit = PowerLawFitter.Fit(x);
        Assert.Equal(FitStatus.Failed, fit.Status);
        Assert.Contains("NaN and infinity", fit.FailureReason, StringComparison.Ordinal);
        Assert.True(double.IsNaN(fit.Alpha));
    }

    [Fact]
    public void InvalidOptionsThrow()
    {
        double[] x = [1, 2, 3];
        Assert.Throws<ArgumentException>(() => PowerLawFitter.Fit(x, new PowerLawFitOptions { XmaxDrop = 0 }));
        Assert.Throws<ArgumentException>(() => PowerLawFitter.Fit(x, new PowerLawFitOptions { XmaxDrop = -2 }));
        Assert.Throws<ArgumentException>(() => PowerLawFitter.Fit(x, new PowerLawFitOptions { Threshold = double.NaN }));
        Assert.Throws<ArgumentException>(
            () => PowerLawFitter.Fit(x, new PowerLawFitOptions { MaxDegreeOfParallelism = 0 }));
        Assert.Throws<ArgumentException>(
            () => PowerLawFitter.Fit(x, new PowerLawFitOptions { Compat = (FitCompat)7 }));
    }

    [Fact]
    public void LandscapeIsOmittedByDefault()
    {
        var fit = PowerLawFitter.Fit(KsScanTests.Pareto(100, 2.5, seed: 8));
        Assert.Null(fit.Ds);
        Assert.Null(fit.Alphas);
        Assert.Null(fit.Xmins);
        Assert.Null(fit.Sigmas);
    }
}
