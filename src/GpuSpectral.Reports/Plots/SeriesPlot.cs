using ScottPlot;

namespace GpuSpectral.Reports.Plots;

/// <summary>A labelled vertical marker line of <see cref="SeriesPlot"/> at a 1-based index.</summary>
/// <param name="Label">Legend text, e.g. "K power law = 119".</param>
/// <param name="Index">1-based position on the x axis.</param>
public sealed record SeriesMarker(string Label, int Index);

/// <summary>Options of <see cref="SeriesPlot"/>.</summary>
public sealed record SeriesPlotOptions
{
    /// <summary>Log₁₀ y axis (non-positive values are then dropped). Default false.</summary>
    public bool LogY { get; init; }

    /// <summary>Plot title. Default empty.</summary>
    public string Title { get; init; } = string.Empty;

    /// <summary>Label of the x axis. Default "index".</summary>
    public string XLabel { get; init; } = "index";

    /// <summary>Label of the y axis. Default "value".</summary>
    public string YLabel { get; init; } = "value";

    /// <summary>Legend text of the series. Default empty (no legend entry).</summary>
    public string SeriesLabel { get; init; } = string.Empty;

    /// <summary>Image width in pixels. Default 900.</summary>
    public int Width { get; init; } = 900;

    /// <summary>Image height in pixels. Default 600.</summary>
    public int Height { get; init; } = 600;
}

/// <summary>A series y₁…yₙ plotted over the index 1..n, with labelled vertical marker lines (e.g. chosen Ks).</summary>
/// <remarks>
/// NaN and infinite values are dropped; with <see cref="SeriesPlotOptions.LogY"/> values ≤ 0 are dropped too (a log
/// axis cannot show them). A marker whose index lies outside 1..n is not drawn as a line (it would stretch the axis);
/// it still appears in the legend, marked "(off scale)". The legend sits top right, or bottom right for a series that
/// ends higher than it starts.
/// </remarks>
public static class SeriesPlot
{
    /// <summary>Renders the series as PNG bytes.</summary>
    /// <param name="values">y₁…yₙ, plotted at x = 1..n.</param>
    /// <param name="markers">Vertical marker lines, or null.</param>
    /// <param name="options">Scale, labels and size; null for the defaults.</param>
    public static byte[] RenderPng(IReadOnlyList<double> values, IReadOnlyList<SeriesMarker>? markers = null,
        SeriesPlotOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(values);
        var o = options ?? new SeriesPlotOptions();
        var xs = new List<double>();
        var ys = new List<double>();
        for (var i = 0; i < values.Count; i++)
        {
            var v = values[i];
            if (double.IsFinite(v) && (!o.LogY || v > 0))
            {
                xs.Add(i + 1);
                ys.Add(o.LogY ? Math.Log10(v) : v);
            }
        }

        var plt = new Plot();
        PlotKit.StyleGrid(plt);
        plt.Title(o.Title);
        plt.XLabel(o.XLabel);
        plt.YLabel(o.YLabel);
        if (xs.Count > 0)
        {
            var sc = plt.Add.Scatter(xs.ToArray(), ys.ToArray(), Colors.SteelBlue);
            sc.MarkerSize = xs.Count > 300 ? 0 : 3;
            sc.LineWidth = 1.5f;
            sc.LegendText = o.SeriesLabel;
        }

        var k = 0;
        foreach (var m in markers ?? [])
        {
            var color = PlotKit.MarkerColors[k % PlotKit.MarkerColors.Length];
            var pattern = PlotKit.MarkerPatterns[k % PlotKit.MarkerPatterns.Length];
            k++;
            if (m.Index >= 1 && m.Index <= values.Count)
            {
                var line = plt.Add.VerticalLine(m.Index, 2, color, pattern);
                line.LegendText = m.Label;
            }
            else
            {
                plt.Legend.ManualItems.Add(new LegendItem
                {
                    LabelText = m.Label + " (off scale)", LineColor = color, LineWidth = 2, LinePattern = pattern,
                });
            }
        }

        if (o.LogY)
        {
            var (y0, y1) = PlotKit.Range(ys);
            PlotKit.UseLogTicks(plt.Axes.Left, y0, y1);
        }

        plt.Axes.AutoScale();

        // Keep the legend off the curve's end: a rising series ends top right, so the legend goes bottom right.
        var rising = ys.Count > 1 && ys[^1] > ys[0];
        plt.ShowLegend(rising ? Alignment.LowerRight : Alignment.UpperRight);
        return PlotKit.Png(plt, o.Width, o.Height);
    }

    /// <summary>Renders the series and writes it to <paramref name="path"/> (PNG, atomically).</summary>
    /// <param name="path">The PNG file to write; its folder must exist.</param>
    /// <param name="values">y₁…yₙ, plotted at x = 1..n.</param>
    /// <param name="markers">Vertical marker lines, or null.</param>
    /// <param name="options">Scale, labels and size; null for the defaults.</param>
    public static void SavePng(string path, IReadOnlyList<double> values, IReadOnlyList<SeriesMarker>? markers = null,
        SeriesPlotOptions? options = null) =>
        PlotKit.Save(path, RenderPng(values, markers, options));
}
