using GpuSpectral.Core.Results;
using ScottPlot;

namespace GpuSpectral.Reports.Plots;

/// <summary>Options of <see cref="AlphaByLayerPlot"/>.</summary>
public sealed record AlphaByLayerPlotOptions
{
    /// <summary>Plot title. Default "alpha by layer".</summary>
    public string Title { get; init; } = "alpha by layer";

    /// <summary>Label of the x axis. Default "layer_id".</summary>
    public string XLabel { get; init; } = "layer_id";

    /// <summary>Image width in pixels. Default 1200.</summary>
    public int Width { get; init; } = 1200;

    /// <summary>Image height in pixels. Default 600.</summary>
    public int Height { get; init; } = 600;
}

/// <summary>
/// One point per layer: x = layer id (or order), y = the power-law exponent α, with the band 2 ≤ α ≤ 6 shaded and its
/// edges α = 2 (below: over-trained warning) and α = 6 (above: under-trained warning) drawn.
/// </summary>
/// <remarks>
/// Failed fits are omitted: every point whose α is not a finite number &gt; 0 (NaN in our mode, −1 in WeightWatcher
/// mode, +∞ for a one-value tail) or whose x is not finite. The title counts the omitted layers. Never throws for data.
/// </remarks>
public static class AlphaByLayerPlot
{
    /// <summary>Lower edge of the band: α below it draws WeightWatcher's <c>over-trained</c> warning.</summary>
    public const double LowerBand = 2;

    /// <summary>Upper edge of the band: α above it draws WeightWatcher's <c>under-trained</c> warning.</summary>
    public const double UpperBand = 6;

    /// <summary>Renders the plot as PNG bytes.</summary>
    /// <param name="x">Position of each layer (layer id or order).</param>
    /// <param name="alphas">α of each layer (same length as <paramref name="x"/>).</param>
    /// <param name="options">Labels and size; null for the defaults.</param>
    /// <exception cref="ArgumentException">The arrays differ in length.</exception>
    public static byte[] RenderPng(IReadOnlyList<double> x, IReadOnlyList<double> alphas,
        AlphaByLayerPlotOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(alphas);
        if (x.Count != alphas.Count)
        {
            throw new ArgumentException($"{x.Count} positions but {alphas.Count} alphas.", nameof(alphas));
        }

        var o = options ?? new AlphaByLayerPlotOptions();
        var px = new List<double>();
        var py = new List<double>();
        for (var i = 0; i < x.Count; i++)
        {
            if (alphas[i] > 0 && double.IsFinite(alphas[i]) && double.IsFinite(x[i]))
            {
                px.Add(x[i]);
                py.Add(alphas[i]);
            }
        }

        var plt = new Plot();
        PlotKit.StyleGrid(plt);
        plt.XLabel(o.XLabel);
        plt.YLabel("alpha");
        var span = plt.Add.VerticalSpan(LowerBand, UpperBand);
        span.FillStyle.Color = Colors.Green.WithOpacity(.08);
        span.LineStyle.Width = 0;
        span.LegendText = $"{LowerBand} ≤ α ≤ {UpperBand}";
        var lo = plt.Add.HorizontalLine(LowerBand, 1.5f, Colors.DarkOrange, LinePattern.Dashed);
        lo.LegendText = $"α = {LowerBand} (below: over-trained)";
        var hi = plt.Add.HorizontalLine(UpperBand, 1.5f, Colors.Purple, LinePattern.Dashed);
        hi.LegendText = $"α = {UpperBand} (above: under-trained)";
        if (px.Count > 0)
        {
            var sc = plt.Add.Scatter(px.ToArray(), py.ToArray(), Colors.SteelBlue);
            sc.MarkerSize = px.Count > 300 ? 3 : 6;
            sc.LineWidth = 1;
            sc.LegendText = $"alpha ({px.Count} layers)";
        }

        var omitted = x.Count - px.Count;
        plt.Title(omitted == 0 ? o.Title : $"{o.Title} ({omitted} failed fit{(omitted == 1 ? "" : "s")} omitted)");
        plt.Axes.Bottom.TickGenerator = new ScottPlot.TickGenerators.NumericAutomatic { IntegerTicksOnly = true };
        plt.Axes.AutoScale();
        var yMax = Math.Max(UpperBand, py.Count > 0 ? py.Max() : UpperBand) * 1.05;
        var yMin = Math.Min(LowerBand, py.Count > 0 ? py.Min() : LowerBand) * 0.9;
        plt.Axes.SetLimitsY(Math.Min(yMin, 1), yMax);
        plt.ShowLegend(Alignment.UpperRight);
        return PlotKit.Png(plt, o.Width, o.Height);
    }

    /// <summary>Renders α of <paramref name="rows"/>: x = layer id, or the row's position (0-based) when
    /// <paramref name="byOrder"/>; rows whose status is <c>failed</c> are omitted as well.</summary>
    /// <param name="rows">The analysed layers, in output order.</param>
    /// <param name="byOrder">Use the position instead of the layer id.</param>
    /// <param name="options">Labels and size; null for the defaults (x label "layer order" when by order).</param>
    public static byte[] RenderPng(IReadOnlyList<LayerResult> rows, bool byOrder = false,
        AlphaByLayerPlotOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(rows);
        var o = options ?? new AlphaByLayerPlotOptions { XLabel = byOrder ? "layer order" : "layer_id" };
        var x = rows.Select((r, i) => byOrder ? i : (double)r.LayerId).ToArray();
        var a = rows.Select(r => r.Status == "failed" ? double.NaN : r.Alpha).ToArray();
        return RenderPng(x, a, o);
    }

    /// <summary>Renders the plot and writes it to <paramref name="path"/> (PNG, atomically).</summary>
    /// <param name="path">The PNG file to write; its folder must exist.</param>
    /// <param name="x">Position of each layer.</param>
    /// <param name="alphas">α of each layer.</param>
    /// <param name="options">Labels and size; null for the defaults.</param>
    public static void SavePng(string path, IReadOnlyList<double> x, IReadOnlyList<double> alphas,
        AlphaByLayerPlotOptions? options = null) =>
        PlotKit.Save(path, RenderPng(x, alphas, options));
}
