using ScottPlot;

namespace GpuSpectral.Reports.Plots;

/// <summary>Options of <see cref="MpFitPlot"/>.</summary>
public sealed record MpFitPlotOptions
{
    /// <summary>Number of equal-width histogram bins (at least 1). Default 100.</summary>
    public int Bins { get; init; } = 100;

    /// <summary>Title prefix (σ, Q and the spike count follow it). Default "MP fit".</summary>
    public string Title { get; init; } = "MP fit";

    /// <summary>Image width in pixels. Default 900.</summary>
    public int Width { get; init; } = 900;

    /// <summary>Image height in pixels. Default 600.</summary>
    public int Height { get; init; } = 600;
}

/// <summary>
/// The Marchenko–Pastur fit over the bulk, as WeightWatcher plots it (weightwatcher-spec.md §b.5): a density
/// histogram of the eigenvalues rescaled to mean 1 (x = λ·n/Σλ), the MP density for (σ, Q) and the bulk edge λ⁺.
/// For Q == 1 exactly the singular values √x are plotted against the quarter-circle density and the edge is
/// √λ⁺ = 2σ.
/// </summary>
/// <remarks>
/// Non-finite eigenvalues are dropped. Without a valid σ (NaN, ≤ 0) or Q (NaN, ≤ 0) the histogram is drawn alone and
/// the title says why; with no eigenvalue left the plot is empty with a title saying so. Never throws for data.
/// </remarks>
public static class MpFitPlot
{
    private const int CurvePoints = 400;

    /// <summary>Renders the plot as PNG bytes.</summary>
    /// <param name="evals">The layer's eigenvalues, all of them (any order; raw units, rescaled here).</param>
    /// <param name="q">Aspect ratio Q = N/M.</param>
    /// <param name="sigma">The fitted bulk scale σ_mp in rescaled units (WeightWatcher's <c>sigma_mp</c>), or NaN.</param>
    /// <param name="options">Bins, title and size; null for the defaults.</param>
    public static byte[] RenderPng(IReadOnlyList<double> evals, double q, double sigma, MpFitPlotOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(evals);
        var o = options ?? new MpFitPlotOptions();
        if (o.Bins < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(options), "Bins must be at least 1.");
        }

        var (x, _) = MarchenkoPastur.Rescale(evals);
        var square = q == 1;
        var values = square ? x.Select(v => Math.Sqrt(Math.Max(v, 0))).ToArray() : x;
        var plt = new Plot();
        PlotKit.StyleGrid(plt);
        plt.XLabel(square ? "singular value √x (x = λ·n/Σλ)" : "rescaled eigenvalue x = λ·n/Σλ");
        plt.YLabel("density");
        if (values.Length == 0)
        {
            plt.Title($"{o.Title}: no eigenvalues");
            return PlotKit.Png(plt, o.Width, o.Height);
        }

        var (lower, upper) = Support(q, sigma, square);
        var hi = Math.Max(values.Max(), double.IsNaN(upper) ? 0 : upper);
        AddHistogram(plt, values, hi > 0 ? hi : 1, o.Bins);
        AddCurve(plt, q, sigma, square, lower, upper);
        plt.Title(Title(o.Title, q, sigma, values, upper));
        plt.Axes.AutoScale();
        var top = plt.Axes.GetLimits().Top;
        plt.Axes.SetLimitsY(0, top > 0 && double.IsFinite(top) ? top : 1);
        plt.ShowLegend(Alignment.UpperRight);
        return PlotKit.Png(plt, o.Width, o.Height);
    }

    /// <summary>Renders the plot and writes it to <paramref name="path"/> (PNG, atomically).</summary>
    /// <param name="path">The PNG file to write; its folder must exist.</param>
    /// <param name="evals">The layer's eigenvalues, all of them (raw units).</param>
    /// <param name="q">Aspect ratio Q = N/M.</param>
    /// <param name="sigma">The fitted σ_mp in rescaled units, or NaN.</param>
    /// <param name="options">Bins, title and size; null for the defaults.</param>
    public static void SavePng(string path, IReadOnlyList<double> evals, double q, double sigma,
        MpFitPlotOptions? options = null) =>
        PlotKit.Save(path, RenderPng(evals, q, sigma, options));

    /// <summary>The plotted support: (λ⁻, λ⁺) of the eigenvalues, or (0, 2σ) of the singular values when Q == 1;
    /// (NaN, NaN) without a valid σ and Q.</summary>
    private static (double Lower, double Upper) Support(double q, double sigma, bool square)
    {
        var (a, b) = MarchenkoPastur.BulkEdges(sigma, q);
        return double.IsNaN(b) ? (double.NaN, double.NaN) : square ? (0, 2 * sigma) : (a, b);
    }

    /// <summary>Adds the density curve over [a, b] and the edge line at b (nothing when b is NaN).</summary>
    private static void AddCurve(Plot plt, double q, double sigma, bool square, double a, double b)
    {
        if (double.IsNaN(b))
        {
            return;
        }

        var xs = new double[CurvePoints + 1];
        var ys = new double[CurvePoints + 1];
        for (var i = 0; i <= CurvePoints; i++)
        {
            // Cosine spacing crowds the points at the square-root edges where the curve is steep.
            var t = (1 - Math.Cos(Math.PI * i / CurvePoints)) / 2;
            xs[i] = a + ((b - a) * t);
            var d = square ? MarchenkoPastur.QuarterCircleDensity(xs[i], sigma) : MarchenkoPastur.Density(xs[i], sigma, q);
            ys[i] = double.IsFinite(d) ? d : 0;
        }

        var curve = plt.Add.ScatterLine(xs, ys, Colors.Red);
        curve.LineWidth = 2;
        curve.LegendText = square
            ? $"quarter circle, σ = {PlotKit.Num(sigma)}"
            : $"Marchenko–Pastur, σ = {PlotKit.Num(sigma)}, Q = {PlotKit.Num(q)}";
        var edge = plt.Add.VerticalLine(b, 1.5f, Colors.DarkOrange, LinePattern.Dashed);
        edge.LegendText = square ? $"bulk edge √λ⁺ = {PlotKit.Num(b)}" : $"bulk edge λ⁺ = {PlotKit.Num(b)}";
    }

    private static void AddHistogram(Plot plt, double[] values, double hi, int bins)
    {
        var width = hi / bins;
        var counts = new int[bins];
        foreach (var v in values)
        {
            counts[Math.Clamp((int)Math.Floor(v / width), 0, bins - 1)]++;
        }

        var positions = Enumerable.Range(0, bins).Select(i => (i + 0.5) * width).ToArray();
        var heights = counts.Select(c => c / (values.Length * width)).ToArray();
        var bars = plt.Add.Bars(positions, heights);
        foreach (var bar in bars.Bars)
        {
            bar.Size = width;
            bar.FillColor = Colors.SteelBlue.WithOpacity(.55);
            bar.LineWidth = 0;
        }

        bars.LegendText = $"rescaled ESD ({values.Length} values, {bins} bins)";
    }

    private static string Title(string prefix, double q, double sigma, double[] values, double upper)
    {
        if (double.IsNaN(upper))
        {
            return $"{prefix}: no MP curve (σ = {PlotKit.Num(sigma)}, Q = {PlotKit.Num(q)})";
        }

        var beyond = values.Count(v => v > upper);
        return $"{prefix}: σ = {PlotKit.Num(sigma)}, Q = {PlotKit.Num(q)}, {beyond} beyond the edge";
    }
}
