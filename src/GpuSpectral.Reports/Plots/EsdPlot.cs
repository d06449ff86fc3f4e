using GpuSpectral.Core.Fitting;
using ScottPlot;

namespace GpuSpectral.Reports.Plots;

/// <summary>Which views of the empirical spectral density <see cref="EsdPlot"/> draws.</summary>
[Flags]
public enum EsdViews
{
    /// <summary>Histogram on log-spaced bins, normalised as a density (log-log axes).</summary>
    Density = 1,

    /// <summary>Empirical complementary CDF P(X ≥ x) (log-log axes).</summary>
    Ccdf = 2,

    /// <summary>Both views side by side (density left, CCDF right).</summary>
    Both = Density | Ccdf,
}

/// <summary>Options of <see cref="EsdPlot"/>.</summary>
public sealed record EsdPlotOptions
{
    /// <summary>Views to draw. Default <see cref="EsdViews.Both"/>.</summary>
    public EsdViews Views { get; init; } = EsdViews.Both;

    /// <summary>Number of log-spaced histogram bins of the density view (at least 1). Default 50.</summary>
    public int Bins { get; init; } = 50;

    /// <summary>Title prefix (the fit's α, xmin and D follow it). Default "ESD".</summary>
    public string Title { get; init; } = "ESD";

    /// <summary>Label of the value axis. Default "eigenvalue λ".</summary>
    public string ValueLabel { get; init; } = "eigenvalue λ";

    /// <summary>Image width in pixels (the whole image, both views together). Default 1400.</summary>
    public int Width { get; init; } = 1400;

    /// <summary>Image height in pixels. Default 600.</summary>
    public int Height { get; init; } = 600;
}

/// <summary>
/// Log-log plot of an empirical spectral density with its power-law fit: the histogram density on log-spaced bins
/// and/or the CCDF, the fitted power law drawn from xmin to the largest value, and a vertical line at xmin.
/// </summary>
/// <remarks>
/// Values that are ≤ 0, NaN or infinite cannot sit on a log axis and are dropped (silently) before anything is
/// computed; the empirical density and CCDF are those of the remaining values, and the fitted line is scaled to the
/// fraction f of them that are ≥ xmin: density f·(α−1)/xmin·(x/xmin)^(−α), CCDF f·(x/xmin)^(1−α). No line is drawn
/// when the fit failed or α is not a finite number &gt; 1 (the title says why).
/// </remarks>
public static class EsdPlot
{
    private const int MaxCcdfPoints = 2000;

    /// <summary>Renders the plot as PNG bytes.</summary>
    /// <param name="values">The eigenvalues (any order; non-positive and non-finite values are dropped).</param>
    /// <param name="fit">The power-law fit of <paramref name="values"/>, or null to draw the data alone.</param>
    /// <param name="options">Views, bins, labels and size; null for the defaults.</param>
    public static byte[] RenderPng(IReadOnlyList<double> values, PowerLawFit? fit, EsdPlotOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(values);
        var o = options ?? new EsdPlotOptions();
        if (o.Bins < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(options), "Bins must be at least 1.");
        }

        if ((o.Views & EsdViews.Both) == 0)
        {
            throw new ArgumentOutOfRangeException(nameof(options), "Views must include Density or Ccdf.");
        }

        var x = values.Where(v => v > 0 && double.IsFinite(v)).Order().ToArray();
        var line = FitLine.Of(fit, x);
        var title = Title(o.Title, fit, x.Length);
        var plots = new List<Plot>();
        if (o.Views.HasFlag(EsdViews.Density))
        {
            plots.Add(Density(x, line, o, title));
        }

        if (o.Views.HasFlag(EsdViews.Ccdf))
        {
            plots.Add(Ccdf(x, line, o, plots.Count == 0 ? title : "CCDF"));
        }

        return PlotKit.Png(plots, o.Width, o.Height);
    }

    /// <summary>Renders the plot and writes it to <paramref name="path"/> (PNG, atomically).</summary>
    /// <param name="path">The PNG file to write; its folder must exist.</param>
    /// <param name="values">The eigenvalues (any order; non-positive and non-finite values are dropped).</param>
    /// <param name="fit">The power-law fit of <paramref name="values"/>, or null to draw the data alone.</param>
    /// <param name="options">Views, bins, labels and size; null for the defaults.</param>
    public static void SavePng(string path, IReadOnlyList<double> values, PowerLawFit? fit, EsdPlotOptions? options = null) =>
        PlotKit.Save(path, RenderPng(values, fit, options));

    private static Plot Density(double[] x, FitLine? line, EsdPlotOptions o, string title)
    {
        var plt = NewPlot(title, o.ValueLabel, "density");
        if (x.Length == 0)
        {
            return plt;
        }

        var (lo, hi) = (Math.Log10(x[0]), Math.Log10(x[^1]));
        if (hi <= lo)
        {
            (lo, hi) = (lo - 0.5, hi + 0.5);
        }

        var bins = o.Bins;
        var counts = new int[bins];
        foreach (var v in x)
        {
            var b = (int)Math.Floor((Math.Log10(v) - lo) / (hi - lo) * bins);
            counts[Math.Clamp(b, 0, bins - 1)]++;
        }

        var lx = new List<double>();
        var ly = new List<double>();
        for (var b = 0; b < bins; b++)
        {
            if (counts[b] == 0)
            {
                continue;
            }

            var e0 = lo + (hi - lo) * b / bins;
            var e1 = lo + (hi - lo) * (b + 1) / bins;
            var width = Math.Pow(10, e1) - Math.Pow(10, e0);
            lx.Add((e0 + e1) / 2);
            ly.Add(Math.Log10(counts[b] / (x.Length * width)));
        }

        var sc = plt.Add.Scatter(lx.ToArray(), ly.ToArray(), Colors.SteelBlue);
        sc.LegendText = $"empirical density ({x.Length} values, {bins} log bins)";
        sc.MarkerSize = 5;
        sc.LineWidth = 1;
        if (line is { } l)
        {
            var norm = Math.Log10(l.TailFraction * (l.Alpha - 1) / l.Xmin);
            AddFit(plt, l, lxv => norm - l.Alpha * (lxv - Math.Log10(l.Xmin)), $"power law, α = {PlotKit.Num(l.Alpha)}");
        }

        FinishLogLog(plt, lx, ly, line);
        return plt;
    }

    private static Plot Ccdf(double[] x, FitLine? line, EsdPlotOptions o, string title)
    {
        var plt = NewPlot(title, o.ValueLabel, "P(X ≥ λ)");
        var n = x.Length;
        if (n == 0)
        {
            return plt;
        }

        // Ranks from the top (1 = largest); log-spaced ranks when there are many values, so the tail keeps every point.
        var ranks = n <= MaxCcdfPoints
            ? Enumerable.Range(1, n)
            : Enumerable.Range(0, MaxCcdfPoints)
                .Select(i => (int)Math.Round(Math.Pow(n, i / (MaxCcdfPoints - 1.0))))
                .Distinct();
        var lx = new List<double>();
        var ly = new List<double>();
        foreach (var r in ranks)
        {
            lx.Add(Math.Log10(x[n - r]));
            ly.Add(Math.Log10(r / (double)n));
        }

        var sc = plt.Add.ScatterPoints(lx.ToArray(), ly.ToArray(), Colors.SteelBlue);
        sc.LegendText = $"empirical CCDF ({n} values)";
        sc.MarkerSize = 3;
        if (line is { } l)
        {
            var norm = Math.Log10(l.TailFraction);
            AddFit(plt, l, lxv => norm + (1 - l.Alpha) * (lxv - Math.Log10(l.Xmin)), $"power law, α = {PlotKit.Num(l.Alpha)}");
        }

        FinishLogLog(plt, lx, ly, line);
        return plt;
    }

    private static Plot NewPlot(string title, string xLabel, string yLabel)
    {
        var plt = new Plot();
        plt.Title(title);
        plt.XLabel(xLabel);
        plt.YLabel(yLabel);
        PlotKit.StyleGrid(plt);
        return plt;
    }

    private static void AddFit(Plot plt, FitLine l, Func<double, double> log10Y, string label)
    {
        var (a, b) = (Math.Log10(l.Xmin), Math.Log10(l.Xmax));
        var fit = plt.Add.ScatterLine(new[] { a, b }, new[] { log10Y(a), log10Y(b) }, Colors.Red);
        fit.LineWidth = 2;
        fit.LegendText = label;
        var v = plt.Add.VerticalLine(a, 1.5f, Colors.DarkGray, LinePattern.Dashed);
        v.LegendText = $"xmin = {PlotKit.Num(l.Xmin)}";
    }

    private static void FinishLogLog(Plot plt, List<double> lx, List<double> ly, FitLine? line)
    {
        var (x0, x1) = PlotKit.Range(lx);
        var (y0, y1) = PlotKit.Range(ly);
        if (line is { } l)
        {
            x0 = Math.Min(x0, Math.Log10(l.Xmin));
        }

        PlotKit.UseLogTicks(plt.Axes.Bottom, x0, x1);
        PlotKit.UseLogTicks(plt.Axes.Left, y0, y1);
        plt.Axes.AutoScale();
        plt.ShowLegend(Alignment.LowerLeft);
    }

    private static string Title(string prefix, PowerLawFit? fit, int count)
    {
        if (count == 0)
        {
            return $"{prefix}: no positive values";
        }

        if (fit is null)
        {
            return prefix;
        }

        if (fit.Status != FitStatus.Success)
        {
            return $"{prefix}: power-law fit failed ({fit.FailureReason})";
        }

        return $"{prefix}: α = {PlotKit.Num(fit.Alpha)}, xmin = {PlotKit.Num(fit.Xmin)}, D = {PlotKit.Num(fit.D)}";
    }

    /// <summary>The drawable part of a fit: finite α &gt; 1, xmin &gt; 0, and the tail fraction of the plotted data.</summary>
    private readonly record struct FitLine(double Alpha, double Xmin, double Xmax, double TailFraction)
    {
        public static FitLine? Of(PowerLawFit? fit, double[] sorted)
        {
            if (fit is not { Status: FitStatus.Success } || !double.IsFinite(fit.Alpha) || fit.Alpha <= 1
                || !(fit.Xmin > 0) || !double.IsFinite(fit.Xmin) || sorted.Length == 0)
            {
                return null;
            }

            var firstTail = LowerBound(sorted, fit.Xmin);
            if (firstTail == sorted.Length)
            {
                return null;
            }

            var xmax = double.IsFinite(fit.Xmax) && fit.Xmax > fit.Xmin ? fit.Xmax : sorted[^1];
            xmax = Math.Max(xmax, fit.Xmin);
            return new FitLine(fit.Alpha, fit.Xmin, xmax, (sorted.Length - firstTail) / (double)sorted.Length);
        }

        private static int LowerBound(double[] sorted, double v)
        {
            var i = Array.BinarySearch(sorted, v);
            if (i < 0)
            {
                return ~i;
            }

            while (i > 0 && sorted[i - 1] == v)
            {
                i--;
            }

            return i;
        }
    }
}
