using System.Globalization;
using GpuSpectral.Core.Fitting.Fingers;

namespace GpuSpectral.Core.Fitting.Distributions;

/// <summary>
/// The truncated power law (powerlaw's <c>truncated_power_law</c>; WeightWatcher's <c>fit='TPL'</c> and
/// <c>fit='E_TPL'</c>): maximum-likelihood (α, λ) at each xmin candidate and xmin chosen by the TPL's own KS distance.
/// </summary>
/// <remarks>
/// Source: powerlaw-algorithm.md §7 (pdf, CDF renormalised at xmin, parameter range) and §2 (candidates, left-limit
/// KS over the distinct tail values for <see cref="FitCompat.Powerlaw15"/>, the compat WeightWatcher's TPL path goes
/// through); weightwatcher-spec.md §b.3. Unlike powerlaw's Nelder–Mead with xtol = ftol = 1e-4 (powerlaw.py:623–656),
/// the optimum here is located to ~1e-8 relative (<see cref="TplMle"/>), so α and λ may differ from powerlaw's in the
/// 4th digit where its simplex stopped early. Every candidate is fitted (no subsampling); each fit starts from the
/// previous candidate's optimum.
/// </remarks>
public static class TruncatedPowerLaw
{
    /// <summary>ln p(x) of the TPL (natural log, density in 1/x units); −∞ below xmin.</summary>
    /// <param name="x">Point (units of x).</param>
    /// <param name="alpha">α ≥ 1.</param>
    /// <param name="lambda">λ ≥ 0 (1/x units); λ = 0 with α &gt; 1 is the power law.</param>
    /// <param name="xmin">Lower cutoff &gt; 0.</param>
    /// <returns>ln p(x); NaN for parameters outside the range.</returns>
    public static double LogPdf(double x, double alpha, double lambda, double xmin)
    {
        if (x < xmin)
        {
            return double.NegativeInfinity;
        }

        var s = lambda * xmin;
        return -Math.Log(IncompleteGamma.Scaled(1.0 - alpha, s)) - Math.Log(xmin) - (alpha * Math.Log(x / xmin))
            - (lambda * (x - xmin));
    }

    /// <summary>CDF on [xmin, ∞): 1 − Γ(1−α, λx)/Γ(1−α, λ·xmin) (powerlaw.py:1390–1399), computed as
    /// −expm1 of the log ratio.</summary>
    /// <inheritdoc cref="LogPdf" path="/param"/>
    /// <returns>The CDF in [0, 1]; 0 below xmin.</returns>
    public static double Cdf(double x, double alpha, double lambda, double xmin)
    {
        if (x <= xmin)
        {
            return 0.0;
        }

        var a = 1.0 - alpha;
        var r = x / xmin;
        var s = lambda * xmin;
        var logRatio = Math.Log(IncompleteGamma.Scaled(a, s * r)) - Math.Log(IncompleteGamma.Scaled(a, s))
            + (a * Math.Log(r)) - (s * (r - 1.0));
        return -KsMath.Expm1(logRatio);
    }

    /// <summary>Maximum-likelihood TPL on the values ≥ <paramref name="xmin"/> (xmin fixed).</summary>
    /// <param name="values">Data, any order; values below xmin are ignored. Must be finite.</param>
    /// <param name="xmin">Lower cutoff &gt; 0 (units of x).</param>
    /// <returns>α, λ and the log-likelihood (D is NaN: no KS at a fixed xmin); failed when fewer than 2 tail values
    /// or all tail values are equal.</returns>
    public static TplFit FitAtXmin(ReadOnlySpan<double> values, double xmin)
    {
        if (!(xmin > 0) || !double.IsFinite(xmin))
        {
            throw new ArgumentException("xmin must be finite and > 0.", nameof(xmin));
        }

        double s1 = 0, s2 = 0, max = double.NegativeInfinity;
        var n = 0;
        foreach (var v in values)
        {
            if (!double.IsFinite(v))
            {
                return TplFit.Failed("NaN or infinite value");
            }

            if (v >= xmin)
            {
                s1 += Math.Log(v / xmin);
                s2 += (v - xmin) / xmin;
                max = Math.Max(max, v);
                n++;
            }
        }

        if (n < 2 || !(s1 > 0))
        {
            return TplFit.Failed("fewer than 2 distinct values ≥ xmin", n);
        }

        var (alpha, s, obj) = TplMle.Fit(s1 / n, s2 / n, double.NaN, double.NaN);
        return new TplFit
        {
            Status = FitStatus.Success,
            Alpha = alpha,
            Lambda = s / xmin,
            Xmin = xmin,
            Xmax = max,
            LogLikelihood = -n * (obj + Math.Log(xmin)),
            TailCount = n,
            FittedCount = n,
        };
    }

    /// <summary>
    /// WeightWatcher's <c>fit='E_TPL'</c>: the TPL of <see cref="Fit"/> with the xmin search restricted to the
    /// <c>xmin_peak</c> range (weightwatcher-spec.md §a, <c>fit</c> row: "E_TPL = TPL + fix_fingers='xmin_peak'"; the
    /// spec gives no other difference, so none is made).
    /// </summary>
    /// <param name="values">Input values, any order.</param>
    /// <param name="options">As for <see cref="Fit"/>; XminMax is the caller's xmin_max (default 1.5·peak), XminMin
    /// is replaced by the range's lower end. Null = defaults.</param>
    /// <param name="reproduceLogBug">See <see cref="XminPeak.Range"/> (false: lower end 0.95·peak).</param>
    /// <returns>The fit and the range (null when fewer than 2 values survive the threshold).</returns>
    public static (TplFit Fit, XminPeakRange? Range) FitXminPeak(
        ReadOnlySpan<double> values, PowerLawFitOptions? options = null, bool reproduceLogBug = false)
    {
        options ??= PowerLawFitOptions.Default;
        options.Validate();
        var nz = XminPeak.Fitted(values, options);
        if (nz is null || nz.Length < 2)
        {
            return (Fit(values, options with { XminMin = null }), null);
        }

        var range = XminPeak.Range(nz, options.XminMax, reproduceLogBug);
        return (Fit(values, options with { XminMin = range.Lower, XminMax = range.Upper }), range);
    }

    /// <summary>
    /// The TPL fit with xmin chosen by the TPL's KS distance over every candidate (powerlaw's
    /// <c>Fit(x, xmin_distribution='truncated_power_law')</c>).
    /// </summary>
    /// <param name="values">Input values (e.g. eigenvalues), any order.</param>
    /// <param name="options">Threshold, XmaxDrop, Compat (candidates and KS points; WeightWatcher's TPL goes through
    /// powerlaw, so pass <see cref="FitCompat.Powerlaw15"/> to reproduce it; on tie-free data both agree),
    /// XminMin/XminMax, KeepLandscape and MaxDegreeOfParallelism are honoured. Null = defaults.</param>
    /// <returns>The fit at the first candidate with the smallest D; failed on NaN/∞ input, fewer than 2 values, or no
    /// candidate.</returns>
    public static TplFit Fit(ReadOnlySpan<double> values, PowerLawFitOptions? options = null)
    {
        options ??= PowerLawFitOptions.Default;
        options.Validate();
        var x = XminPeak.Fitted(values, options);
        if (x is null)
        {
            return TplFit.Failed("NaN/infinite input or XmaxDrop larger than half the values");
        }

        if (x.Length < 2)
        {
            return TplFit.Failed(
                string.Create(CultureInfo.InvariantCulture, $"{x.Length} value(s) above the threshold: at least 2 are needed"),
                x.Length);
        }

        var candidates = KsScan.CandidateIndices(x, options.Compat);
        if (options.XminMin is not null || options.XminMax is not null)
        {
            candidates = PowerLawFitter.CandidatesInRange(x, candidates, options);
        }

        if (candidates.Length == 0)
        {
            return TplFit.Failed("no xmin candidate", x.Length);
        }

        var scan = TplScan.Run(x, candidates, options.Compat, options.MaxDegreeOfParallelism);
        var best = scan.Best;
        if (best < 0)
        {
            return TplFit.Failed("no candidate has a finite TPL fit", x.Length);
        }

        var xmin = x[candidates[best]];
        var tail = x.Length - candidates[best];
        var kept = values.Length - (options.XmaxDrop ?? 0);
        var sorted = values.ToArray();
        Array.Sort(sorted);
        var spikes = 0;
        for (var i = kept - 1; i >= 0 && sorted[i] >= xmin; i--)
        {
            spikes++;
        }

        return new TplFit
        {
            Status = FitStatus.Success,
            Alpha = scan.Alphas[best],
            Lambda = scan.Lambdas[best],
            Xmin = xmin,
            Xmax = x[^1],
            D = scan.Ds[best],
            LogLikelihood = scan.LogLikelihoods[best],
            TailCount = tail,
            FittedCount = x.Length,
            NumPlSpikes = spikes,
            Xmins = options.KeepLandscape ? [.. candidates.Select(c => x[c])] : null,
            Alphas = options.KeepLandscape ? scan.Alphas : null,
            Lambdas = options.KeepLandscape ? scan.Lambdas : null,
            Ds = options.KeepLandscape ? scan.Ds : null,
        };
    }
}
