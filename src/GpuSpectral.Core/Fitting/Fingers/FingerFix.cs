using System.Globalization;

namespace GpuSpectral.Core.Fitting.Fingers;

/// <summary>WeightWatcher's <c>fix_fingers='clip_xmax'</c>: refit with the largest values ("fingers") removed.</summary>
/// <remarks>
/// Source: weightwatcher-spec.md §a (<c>max_fingers</c>, <c>finger_thresh</c>) and §b.3 (RMT_Util.py:950–1071,
/// <c>fit_clipped_powerlaw</c>). The fits themselves are <see cref="PowerLawFitter.Fit"/> with the caller's options.
/// </remarks>
public static class FingerFix
{
    /// <summary>WeightWatcher's default <c>finger_thresh</c> (constants.py): α must drop by more than this.</summary>
    public const double DefaultFingerThreshold = 1.0;

    /// <summary>WeightWatcher's <c>max_fingers</c> (effectively always 10, weightwatcher-spec.md §a): idx runs 2..9.</summary>
    public const int MaxFingers = 10;

    /// <summary>WeightWatcher's <c>min_alpha</c> of <c>fit_clipped_powerlaw</c>: the search stops once a clipped α ≤ 2.</summary>
    public const double MinAlpha = 2.0;

    /// <summary>
    /// Fits all values (<c>first</c>), then for idx = 2..9 the values without their idx largest. The first clipped fit
    /// with α + <paramref name="fingerThreshold"/> &lt; first.α is the result (num_fingers = idx − 1). Otherwise, a
    /// clipped α ≤ 2 stops the search (this check comes second, as in WeightWatcher) and the result is <c>first</c>
    /// with num_fingers = 0, as it is when no idx qualifies.
    /// </summary>
    /// <param name="values">Input values (e.g. eigenvalues), any order; NaN/∞ give a failed fit.</param>
    /// <param name="options">Fit options (threshold, compat, XmaxDrop, xmin range...); null = defaults. The idx
    /// largest are removed from the values that survive the threshold and XmaxDrop, as WeightWatcher clips
    /// <c>nz_evals</c>.</param>
    /// <param name="fingerThreshold">WeightWatcher's <c>finger_thresh</c> (dimensionless, default 1.0); must be
    /// finite.</param>
    /// <returns>The accepted fit with num_fingers and raw_alpha. When the fit on all values fails, or a clipped fit
    /// fails before the search stops (fewer than 2 values left), the result's fit is failed: WeightWatcher catches
    /// that exception and marks the layer failed.</returns>
    /// <exception cref="ArgumentException">An option or the threshold is out of range.</exception>
    public static ClippedFit ClipXmax(
        ReadOnlySpan<double> values, PowerLawFitOptions? options = null, double fingerThreshold = DefaultFingerThreshold)
    {
        options ??= PowerLawFitOptions.Default;
        options.Validate();
        if (!double.IsFinite(fingerThreshold))
        {
            throw new ArgumentException("fingerThreshold must be finite.", nameof(fingerThreshold));
        }

        var first = PowerLawFitter.Fit(values, options);
        if (first.Status != FitStatus.Success)
        {
            return new ClippedFit(first, 0, double.NaN);
        }

        // The values the first fit saw, ascending: all values minus XmaxDrop's, then the threshold.
        var all = values.ToArray();
        Array.Sort(all);
        var kept = all.Length - (options.XmaxDrop ?? 0);
        var threshold = Math.Max(options.Threshold, 0.0);
        var lowest = 0;
        while (lowest < kept && !(all[lowest] > threshold))
        {
            lowest++;
        }

        var fitted = all.AsSpan(lowest, kept - lowest);
        var clippedOptions = options with { XmaxDrop = null };
        for (var idx = 2; idx < MaxFingers; idx++)
        {
            var fit = idx < fitted.Length
                ? PowerLawFitter.Fit(fitted[..^idx], clippedOptions)
                : PowerLawFit.Failed("no values left");
            if (fit.Status != FitStatus.Success)
            {
                return new ClippedFit(
                    PowerLawFit.Failed(
                        string.Create(CultureInfo.InvariantCulture, $"clip_xmax: the fit without the {idx} largest values failed: {fit.FailureReason}"),
                        fitted.Length),
                    0,
                    first.Alpha);
            }

            if (fit.Alpha + fingerThreshold < first.Alpha)
            {
                return new ClippedFit(fit with { NumPlSpikes = CountAtLeast(all.AsSpan(0, kept), fit.Xmin) }, idx - 1, first.Alpha);
            }

            if (fit.Alpha <= MinAlpha)
            {
                break;
            }
        }

        return new ClippedFit(first, 0, first.Alpha);
    }

    private static int CountAtLeast(ReadOnlySpan<double> sortedAscending, double xmin)
    {
        var count = 0;
        for (var i = sortedAscending.Length - 1; i >= 0 && sortedAscending[i] >= xmin; i--)
        {
            count++;
        }

        return count;
    }
}
