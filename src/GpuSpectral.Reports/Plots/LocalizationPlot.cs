using ScottPlot;

namespace GpuSpectral.Reports.Plots;

/// <summary>Options of <see cref="LocalizationPlot"/>.</summary>
public sealed record LocalizationPlotOptions
{
    /// <summary>Plot title. Default "Localization ratio per eigenvector".</summary>
    public string Title { get; init; } = "Localization ratio per eigenvector";

    /// <summary>Image width in pixels. Default 900.</summary>
    public int Width { get; init; } = 900;

    /// <summary>Image height in pixels. Default 600.</summary>
    public int Height { get; init; } = 600;
}

/// <summary>
/// Scatter of each eigenvector's localization ratio ‖v‖₁/‖v‖∞ (weightwatcher-spec.md §b.7) against its eigenvalue λ
/// (log₁₀ x axis, linear y), bulk (λ &lt; xmin) and tail (λ ≥ xmin) in two colours, xmin marked.
/// </summary>
/// <remarks>
/// Pairs whose λ is ≤ 0 or not finite, or whose ratio is not finite, are dropped (a log axis cannot show them).
/// A NaN, infinite or non-positive xmin draws no marker and puts every point in the bulk colour. Never throws for data.
/// </remarks>
public static class LocalizationPlot
{
    /// <summary>Renders the plot as PNG bytes.</summary>
    /// <param name="evals">Eigenvalue of each eigenvector.</param>
    /// <param name="ratios">Localization ratio of each eigenvector (same length as <paramref name="evals"/>).</param>
    /// <param name="xmin">The power-law xmin (same units as <paramref name="evals"/>), or NaN.</param>
    /// <param name="options">Title and size; null for the defaults.</param>
    /// <exception cref="ArgumentException">The arrays differ in length.</exception>
    public static byte[] RenderPng(IReadOnlyList<double> evals, IReadOnlyList<double> ratios, double xmin,
        LocalizationPlotOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(evals);
        ArgumentNullException.ThrowIfNull(ratios);
        if (evals.Count != ratios.Count)
        {
            throw new ArgumentException($"{evals.Count} eigenvalues but {ratios.Count} ratios.", nameof(ratios));
        }

        var o = options ?? new LocalizationPlotOptions();
        var hasXmin = xmin > 0 && double.IsFinite(xmin);
        var (bx, by, tx, ty) = (new List<double>(), new List<double>(), new List<double>(), new List<double>());
        for (var i = 0; i < evals.Count; i++)
        {
            var (l, r) = (evals[i], ratios[i]);
            if (!(l > 0) || !double.IsFinite(l) || !double.IsFinite(r))
            {
                continue;
            }

            var tail = hasXmin && l >= xmin;
            (tail ? tx : bx).Add(Math.Log10(l));
            (tail ? ty : by).Add(r);
        }

        var plt = new Plot();
        PlotKit.StyleGrid(plt);
        plt.XLabel("eigenvalue λ");
        plt.YLabel("localization ratio ‖v‖₁ / ‖v‖∞");
        var n = bx.Count + tx.Count;
        plt.Title(n == 0 ? $"{o.Title}: no eigenvectors" : o.Title);
        AddPoints(plt, bx, by, Colors.SteelBlue, hasXmin ? $"bulk, λ < xmin ({bx.Count})" : $"eigenvectors ({bx.Count})");
        AddPoints(plt, tx, ty, Colors.DarkOrange, $"tail, λ ≥ xmin ({tx.Count})");
        if (hasXmin)
        {
            var v = plt.Add.VerticalLine(Math.Log10(xmin), 1.5f, Colors.Red, LinePattern.Dashed);
            v.LegendText = $"xmin = {PlotKit.Num(xmin)}";
        }

        var (x0, x1) = PlotKit.Range([.. bx, .. tx, .. (hasXmin ? new[] { Math.Log10(xmin) } : [])]);
        PlotKit.UseLogTicks(plt.Axes.Bottom, x0, x1);
        plt.Axes.AutoScale();
        plt.ShowLegend(Alignment.UpperLeft);
        return PlotKit.Png(plt, o.Width, o.Height);
    }

    /// <summary>Renders the plot and writes it to <paramref name="path"/> (PNG, atomically).</summary>
    /// <param name="path">The PNG file to write; its folder must exist.</param>
    /// <param name="evals">Eigenvalue of each eigenvector.</param>
    /// <param name="ratios">Localization ratio of each eigenvector.</param>
    /// <param name="xmin">The power-law xmin, or NaN.</param>
    /// <param name="options">Title and size; null for the defaults.</param>
    public static void SavePng(string path, IReadOnlyList<double> evals, IReadOnlyList<double> ratios, double xmin,
        LocalizationPlotOptions? options = null) =>
        PlotKit.Save(path, RenderPng(evals, ratios, xmin, options));

    private static void AddPoints(Plot plt, List<double> x, List<double> y, Color color, string label)
    {
        if (x.Count == 0)
        {
            return;
        }

        var sc = plt.Add.ScatterPoints(x.ToArray(), y.ToArray(), color);
        sc.MarkerSize = x.Count > 2000 ? 2 : 4;
        sc.LegendText = label;
    }
}
