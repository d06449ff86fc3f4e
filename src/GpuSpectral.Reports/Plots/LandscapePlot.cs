using GpuSpectral.Core.Fitting;
using ScottPlot;

namespace GpuSpectral.Reports.Plots;

/// <summary>Options of <see cref="LandscapePlot"/>.</summary>
public sealed record LandscapePlotOptions
{
    /// <summary>Title prefix (the chosen xmin and its D follow it). Default "KS distance D vs xmin".</summary>
    public string Title { get; init; } = "KS distance D vs xmin";

    /// <summary>Image width in pixels. Default 900.</summary>
    public int Width { get; init; } = 900;

    /// <summary>Image height in pixels. Default 600.</summary>
    public int Height { get; init; } = 600;
}

/// <summary>The fit landscape: KS distance D of every candidate xmin (log x axis, linear D), the chosen xmin marked.</summary>
/// <remarks>Candidates with xmin ≤ 0 or non-finite, or with a NaN/infinite D, are dropped (silently).</remarks>
public static class LandscapePlot
{
    /// <summary>Renders D versus xmin as PNG bytes.</summary>
    /// <param name="xmins">Candidate xmin values.</param>
    /// <param name="ds">KS distance of each candidate (same length as <paramref name="xmins"/>).</param>
    /// <param name="chosenXmin">The chosen xmin to mark, or null.</param>
    /// <param name="options">Labels and size; null for the defaults.</param>
    /// <exception cref="ArgumentException">The arrays differ in length.</exception>
    public static byte[] RenderPng(IReadOnlyList<double> xmins, IReadOnlyList<double> ds, double? chosenXmin,
        LandscapePlotOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(xmins);
        ArgumentNullException.ThrowIfNull(ds);
        if (xmins.Count != ds.Count)
        {
            throw new ArgumentException($"{xmins.Count} xmins but {ds.Count} Ds.", nameof(ds));
        }

        var o = options ?? new LandscapePlotOptions();
        var lx = new List<double>();
        var y = new List<double>();
        double? chosenD = null;
        for (var i = 0; i < xmins.Count; i++)
        {
            if (xmins[i] > 0 && double.IsFinite(xmins[i]) && double.IsFinite(ds[i]))
            {
                lx.Add(Math.Log10(xmins[i]));
                y.Add(ds[i]);
                if (chosenD is null && chosenXmin == xmins[i])
                {
                    chosenD = ds[i];
                }
            }
        }

        var plt = new Plot();
        PlotKit.StyleGrid(plt);
        plt.XLabel("xmin");
        plt.YLabel("KS distance D");
        var title = o.Title;
        if (lx.Count > 0)
        {
            var sc = plt.Add.Scatter(lx.ToArray(), y.ToArray(), Colors.SteelBlue);
            sc.MarkerSize = lx.Count > 300 ? 2 : 4;
            sc.LineWidth = 1;
            sc.LegendText = $"D per candidate ({lx.Count})";
        }

        if (chosenXmin is double c && c > 0 && double.IsFinite(c))
        {
            var v = plt.Add.VerticalLine(Math.Log10(c), 1.5f, Colors.Red, LinePattern.Dashed);
            v.LegendText = $"chosen xmin = {PlotKit.Num(c)}";
            title += $" (xmin = {PlotKit.Num(c)}";
            if (chosenD is double d)
            {
                var m = plt.Add.Marker(Math.Log10(c), d, MarkerShape.FilledCircle, 10, Colors.Red);
                m.LegendText = $"D = {PlotKit.Num(d)}";
                title += $", D = {PlotKit.Num(d)}";
            }

            title += ")";
        }

        plt.Title(title);
        var (x0, x1) = PlotKit.Range(lx);
        PlotKit.UseLogTicks(plt.Axes.Bottom, x0, x1);
        plt.Axes.AutoScale();
        plt.ShowLegend(Alignment.UpperRight);
        return PlotKit.Png(plt, o.Width, o.Height);
    }

    /// <summary>Renders the landscape kept in <paramref name="fit"/> (xmins and Ds), marking its chosen xmin.</summary>
    /// <exception cref="ArgumentException">The fit carries no landscape (fitted without KeepLandscape).</exception>
    public static byte[] RenderPng(PowerLawFit fit, LandscapePlotOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(fit);
        if (fit.Xmins is null || fit.Ds is null)
        {
            throw new ArgumentException("The fit carries no landscape (fit with KeepLandscape = true).", nameof(fit));
        }

        return RenderPng(fit.Xmins, fit.Ds, fit.Status == FitStatus.Success ? fit.Xmin : null, options);
    }

    /// <summary>Renders D versus xmin and writes it to <paramref name="path"/> (PNG, atomically).</summary>
    /// <param name="path">The PNG file to write; its folder must exist.</param>
    /// <param name="xmins">Candidate xmin values.</param>
    /// <param name="ds">KS distance of each candidate.</param>
    /// <param name="chosenXmin">The chosen xmin to mark, or null.</param>
    /// <param name="options">Labels and size; null for the defaults.</param>
    public static void SavePng(string path, IReadOnlyList<double> xmins, IReadOnlyList<double> ds, double? chosenXmin,
        LandscapePlotOptions? options = null) =>
        PlotKit.Save(path, RenderPng(xmins, ds, chosenXmin, options));

    /// <summary>Renders the landscape of <paramref name="fit"/> and writes it to <paramref name="path"/>.</summary>
    /// <param name="path">The PNG file to write; its folder must exist.</param>
    /// <param name="fit">A fit with its landscape kept.</param>
    /// <param name="options">Labels and size; null for the defaults.</param>
    /// <exception cref="ArgumentException">The fit carries no landscape.</exception>
    public static void SavePng(string path, PowerLawFit fit, LandscapePlotOptions? options = null) =>
        PlotKit.Save(path, RenderPng(fit, options));
}
