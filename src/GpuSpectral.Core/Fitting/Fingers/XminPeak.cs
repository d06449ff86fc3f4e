using System.Globalization;

namespace GpuSpectral.Core.Fitting.Fingers;

/// <summary>
/// WeightWatcher's <c>fix_fingers='xmin_peak'</c> (also used by <c>fit='E_TPL'</c>): restrict the xmin search to a
/// window starting at the peak of the ESD.
/// </summary>
/// <remarks>
/// Source: weightwatcher-spec.md §b.3 (weightwatcher.py:4205–4231) and the <c>xmin_max</c> row of §a. WeightWatcher
/// runs this only through the powerlaw package; here the exhaustive KS scan of <see cref="PowerLawFitter"/> is simply
/// restricted to the candidates inside the range (<see cref="PowerLawFitOptions.XminMin"/>,
/// <see cref="PowerLawFitOptions.XminMax"/>). Pass <see cref="FitCompat.Powerlaw15"/> to reproduce powerlaw's range
/// candidate set exactly.
/// </remarks>
public static class XminPeak
{
    /// <summary>Number of histogram bins WeightWatcher uses.</summary>
    public const int Bins = 100;

    /// <summary>
    /// The ESD peak: <c>h = numpy.histogram(log10(x), bins=100)</c>; p = 10^(h.edges[argmax h.counts]) (first maximum).
    /// </summary>
    /// <param name="values">The values above the threshold (WeightWatcher's <c>nz_evals</c>), any order, finite and
    /// &gt; 0; at least one.</param>
    /// <returns>p, in the units of the values.</returns>
    /// <remarks>numpy semantics exactly: the range is [min, max] of log10 x (widened by ±0.5 when they are equal),
    /// edges are <c>linspace</c> (edge_i = start + i·(delta/100), the last edge = max), bin i holds
    /// edge_i ≤ v &lt; edge_{i+1}, and the last bin also holds v = max.</remarks>
    /// <exception cref="ArgumentException">No values, or a value that is not finite and positive.</exception>
    public static double Peak(ReadOnlySpan<double> values)
    {
        if (values.IsEmpty)
        {
            throw new ArgumentException("At least one value is needed.", nameof(values));
        }

        var logs = new double[values.Length];
        for (var i = 0; i < values.Length; i++)
        {
            if (!(values[i] > 0) || !double.IsFinite(values[i]))
            {
                throw new ArgumentException(
                    string.Create(CultureInfo.InvariantCulture, $"value {i} is {values[i]}: must be finite and > 0"), nameof(values));
            }

            logs[i] = Math.Log10(values[i]);
        }

        var edges = HistogramEdges(logs.Min(), logs.Max());
        var counts = HistogramCounts(logs, edges);
        var best = 0;
        for (var b = 1; b < counts.Length; b++)
        {
            if (counts[b] > counts[best])
            {
                best = b;
            }
        }

        return Math.Pow(10.0, edges[best]);
    }

    /// <summary>The xmin range WeightWatcher passes to the fit.</summary>
    /// <param name="values">The values above the threshold, as for <see cref="Peak"/>.</param>
    /// <param name="xminMax">WeightWatcher's <c>xmin_max</c>; null = 1.5·p.</param>
    /// <param name="reproduceLogBug">false (default): the range is [0.95·p, xmin_max] in the units of the values.
    /// true: WeightWatcher's range (log10(0.95·p), xmin_max), whose lower end is a log10 used as a linear value
    /// (weightwatcher.py:4221; weightwatcher-spec.md §b.3 "Bug").</param>
    /// <returns>The peak and the inclusive bounds (powerlaw keeps min ≤ x ≤ max, powerlaw.py:195–200).</returns>
    public static XminPeakRange Range(ReadOnlySpan<double> values, double? xminMax = null, bool reproduceLogBug = false)
    {
        var p = Peak(values);
        var lower = reproduceLogBug ? Math.Log10(0.95 * p) : 0.95 * p;
        return new XminPeakRange(p, lower, xminMax ?? (1.5 * p));
    }

    /// <summary>
    /// The power-law fit with xmin restricted to <see cref="Range"/>: the values are thresholded (and XmaxDrop
    /// applied) as in <see cref="PowerLawFitter.Fit"/>, the peak is taken from what is left, and the fit runs with
    /// XminMin/XminMax set to the range.
    /// </summary>
    /// <param name="values">Input values, any order. NaN/∞ or fewer than 2 values above the threshold give a failed fit.</param>
    /// <param name="options">Fit options; its XminMin/XminMax are replaced by the range (xmin_max = its XminMax when
    /// set, else 1.5·p). Null = defaults.</param>
    /// <param name="reproduceLogBug">See <see cref="Range"/>.</param>
    /// <returns>The fit (failed when no candidate lies in the range) and the range used (null when the fit failed
    /// before the peak could be taken).</returns>
    public static (PowerLawFit Fit, XminPeakRange? Range) Fit(
        ReadOnlySpan<double> values, PowerLawFitOptions? options = null, bool reproduceLogBug = false)
    {
        options ??= PowerLawFitOptions.Default;
        options.Validate();
        var nz = Fitted(values, options);
        if (nz is null || nz.Length < 2)
        {
            return (PowerLawFitter.Fit(values, options with { XminMin = null }), null);
        }

        var range = Range(nz, options.XminMax, reproduceLogBug);
        return (PowerLawFitter.Fit(values, options with { XminMin = range.Lower, XminMax = range.Upper }), range);
    }

    /// <summary>The values the fitter would fit (sorted), or null when some are not finite or XmaxDrop is too large.</summary>
    internal static double[]? Fitted(ReadOnlySpan<double> values, PowerLawFitOptions options)
    {
        foreach (var v in values)
        {
            if (!double.IsFinite(v))
            {
                return null;
            }
        }

        var all = values.ToArray();
        Array.Sort(all);
        var kept = all.Length - (options.XmaxDrop ?? 0);
        if (options.XmaxDrop is { } k && k > all.Length / 2.0)
        {
            return null;
        }

        var threshold = Math.Max(options.Threshold, 0.0);
        return [.. all.Take(kept).Where(v => v > threshold)];
    }

    /// <summary>numpy.histogram's edges: linspace(first, last, 101), widened by ±0.5 when first == last.</summary>
    internal static double[] HistogramEdges(double first, double last)
    {
        if (first == last)
        {
            first -= 0.5;
            last += 0.5;
        }

        var step = (last - first) / Bins;
        var edges = new double[Bins + 1];
        for (var i = 0; i < Bins; i++)
        {
            edges[i] = (i * step) + first;
        }

        edges[Bins] = last;
        return edges;
    }

    /// <summary>numpy.histogram's counts for uniform edges: bin i holds edges[i] ≤ v &lt; edges[i+1]; the last bin is
    /// closed. numpy's own index guess (v − first)/(last − first)·bins is corrected against the edges, which is what
    /// makes the assignment exact.</summary>
    internal static int[] HistogramCounts(ReadOnlySpan<double> v, double[] edges)
    {
        var counts = new int[Bins];
        var first = edges[0];
        var last = edges[Bins];
        foreach (var x in v)
        {
            if (x < first || x > last)
            {
                continue;
            }

            var i = (int)((x - first) / (last - first) * Bins);
            i = Math.Min(i, Bins - 1);
            while (i > 0 && x < edges[i])
            {
                i--;
            }

            while (i < Bins - 1 && x >= edges[i + 1])
            {
                i++;
            }

            counts[i]++;
        }

        return counts;
    }
}
