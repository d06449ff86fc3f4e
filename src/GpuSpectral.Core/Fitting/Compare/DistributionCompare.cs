using GpuSpectral.Core.Fitting.Distributions;

namespace GpuSpectral.Core.Fitting.Compare;

/// <summary>
/// Likelihood-ratio comparison of the power law with an alternative on the same tail, as powerlaw's
/// <c>Fit.distribution_compare(dist1, dist2, normalized_ratio=True)</c> with dist1 = <c>'power_law'</c>.
/// </summary>
/// <remarks>
/// Source: powerlaw-algorithm.md §7 (PL1.5 powerlaw.py:314–352 and 1748–1820): both distributions on x ≥ xmin;
/// ℓ_i = ln p1(x_i) − ln p2(x_i) with −∞ log-likelihoods replaced by ln(1e-308); R = Σℓ_i; σ² = (1/n)Σ(ℓ_i − mean ℓ)²;
/// nested: p = 1 − χ²₁.cdf(|2R|); non-nested: p = erfc(|R|/√(2nσ²)) (Vuong 1989; Clauset, Shalizi &amp; Newman 2009
/// §5.1); normalised R = R/√(nσ²). powerlaw marks the pair nested when one name contains the other, so PL vs TPL is
/// nested and PL vs lognormal / exponential are not. The alternative is fitted by maximum likelihood on the tail:
/// lognormal by <see cref="Lognormal.Fit"/>, exponential by the closed form, TPL by <see cref="TruncatedPowerLaw.FitAtXmin"/>.
/// </remarks>
public static class DistributionCompare
{
    private static readonly double LogFloor = Math.Log(1e-308);

    /// <summary>Compares the power law (α, xmin) with <paramref name="alternative"/> on the values ≥ xmin.</summary>
    /// <param name="values">Data (e.g. the eigenvalues), any order; values below xmin are ignored. Finite.</param>
    /// <param name="alpha">Power-law exponent α &gt; 1 (e.g. <see cref="PowerLawFit.Alpha"/>).</param>
    /// <param name="xmin">Lower cutoff &gt; 0 (e.g. <see cref="PowerLawFit.Xmin"/>).</param>
    /// <param name="alternative">The other distribution.</param>
    /// <returns>R, normalised R and p; all NaN when the tail has fewer than 2 distinct values or the alternative
    /// cannot be fitted.</returns>
    public static LikelihoodRatio Compare(ReadOnlySpan<double> values, double alpha, double xmin, Alternative alternative)
    {
        if (!(xmin > 0) || !double.IsFinite(xmin))
        {
            throw new ArgumentException("xmin must be finite and > 0.", nameof(xmin));
        }

        var tail = new List<double>();
        foreach (var v in values)
        {
            if (v >= xmin)
            {
                tail.Add(v);
            }
        }

        var n = tail.Count;
        var nested = alternative == Alternative.TruncatedPowerLaw;
        Func<double, double> other;
        double[] parameters;
        switch (alternative)
        {
            case Alternative.Lognormal:
                var (mu, sigma, _) = Lognormal.Fit(values, xmin);
                parameters = [mu, sigma];
                other = x => Lognormal.LogPdf(x, mu, sigma, xmin);
                break;
            case Alternative.Exponential:
                var rate = Exponential.FitRate(values, xmin);
                parameters = [rate];
                other = x => Exponential.LogPdf(x, rate, xmin);
                break;
            case Alternative.TruncatedPowerLaw:
                var tpl = TruncatedPowerLaw.FitAtXmin(values, xmin);
                parameters = [tpl.Alpha, tpl.Lambda];
                other = x => TruncatedPowerLaw.LogPdf(x, tpl.Alpha, tpl.Lambda, xmin);
                break;
            default:
                throw new ArgumentException($"Unknown alternative {(int)alternative}.", nameof(alternative));
        }

        if (n < 2 || parameters.Any(double.IsNaN))
        {
            return new LikelihoodRatio(double.NaN, double.NaN, double.NaN, nested, n, parameters);
        }

        var first = new double[n];
        var second = new double[n];
        for (var i = 0; i < n; i++)
        {
            first[i] = PowerLawLogPdf(tail[i], alpha, xmin);
            second[i] = other(tail[i]);
        }

        return Ratio(first, second, nested) with { Parameters = parameters };
    }

    /// <summary>powerlaw's <c>loglikelihood_ratio</c> on per-point log-likelihoods of the same points.</summary>
    /// <param name="logLikelihoods1">ln p1(x_i) (dist1).</param>
    /// <param name="logLikelihoods2">ln p2(x_i) (dist2), same length.</param>
    /// <param name="nested">Whether dist1 is nested in dist2 (χ²₁ p-value) or not (Vuong's p-value).</param>
    /// <returns>R, normalised R and p (R = 0, p = 1 for no points, as powerlaw).</returns>
    public static LikelihoodRatio Ratio(ReadOnlySpan<double> logLikelihoods1, ReadOnlySpan<double> logLikelihoods2, bool nested)
    {
        if (logLikelihoods1.Length != logLikelihoods2.Length)
        {
            throw new ArgumentException("The two log-likelihood arrays must have the same length.", nameof(logLikelihoods2));
        }

        var n = logLikelihoods1.Length;
        if (n == 0)
        {
            return new LikelihoodRatio(0.0, double.NaN, 1.0, nested, 0, []);
        }

        var diff = new double[n];
        var r = 0.0;
        for (var i = 0; i < n; i++)
        {
            diff[i] = Floor(logLikelihoods1[i]) - Floor(logLikelihoods2[i]);
            r += diff[i];
        }

        var mean = r / n;
        var ss = 0.0;
        foreach (var d in diff)
        {
            ss += (d - mean) * (d - mean);
        }

        var variance = ss / n;
        var p = nested
            ? IncompleteGamma.Erfc(Math.Sqrt(Math.Abs(r)))
            : VuongP(r, n, variance);
        var normalized = variance > 0 ? r / Math.Sqrt(n * variance) : double.NaN;
        return new LikelihoodRatio(r, normalized, p, nested, n, []);
    }

    /// <summary>ln p(x) of the continuous power law: ln(α−1) − ln xmin − α ln(x/xmin).</summary>
    /// <param name="x">Point ≥ xmin.</param>
    /// <param name="alpha">α &gt; 1.</param>
    /// <param name="xmin">Lower cutoff &gt; 0.</param>
    /// <returns>ln p(x); −∞ below xmin.</returns>
    public static double PowerLawLogPdf(double x, double alpha, double xmin) =>
        x < xmin ? double.NegativeInfinity : Math.Log(alpha - 1.0) - Math.Log(xmin) - (alpha * Math.Log(x / xmin));

    private static double VuongP(double r, int n, double variance)
    {
        var denominator = Math.Sqrt(2.0 * n * variance);
        if (denominator == 0)
        {
            return r == 0 ? double.NaN : 0.0;
        }

        return IncompleteGamma.Erfc(Math.Abs(r) / denominator);
    }

    private static double Floor(double logLikelihood) =>
        double.IsNegativeInfinity(logLikelihood) ? LogFloor : logLikelihood;
}
