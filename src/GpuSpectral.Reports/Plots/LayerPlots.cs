using GpuSpectral.Core.Fitting;
using GpuSpectral.Core.Results;

namespace GpuSpectral.Reports.Plots;

/// <summary>What <see cref="LayerPlots"/> needs to draw one layer's plots (plain data; no engine types).</summary>
public sealed record LayerPlotData
{
    /// <summary>The layer id (<c>layer_id</c>).</summary>
    public required int LayerId { get; init; }

    /// <summary>The layer name (untrusted text; sanitized for file names).</summary>
    public required string Name { get; init; }

    /// <summary>The slice id of a per-slice row, or null.</summary>
    public int? SliceId { get; init; }

    /// <summary>All eigenvalues of the layer (raw units, any order).</summary>
    public required IReadOnlyList<double> Evals { get; init; }

    /// <summary>The power-law fit; null draws the ESD without a fit. Its landscape (Xmins, Ds), when kept, gives the
    /// landscape plot.</summary>
    public PowerLawFit? Fit { get; init; }

    /// <summary>Aspect ratio Q = N/M (NaN: no MP plot).</summary>
    public double Q { get; init; } = double.NaN;

    /// <summary>σ_mp of the MP fit in rescaled units; NaN draws the MP plot with WeightWatcher's starting σ
    /// (<see cref="MarchenkoPastur.SigmaFromLargest"/>), titled as such.</summary>
    public double SigmaMp { get; init; } = double.NaN;

    /// <summary>Eigenvalue of each eigenvector for the localization plot, or null (no localization plot).</summary>
    public IReadOnlyList<double>? LocalizationEvals { get; init; }

    /// <summary>Localization ratio of each eigenvector (same length as <see cref="LocalizationEvals"/>), or null.</summary>
    public IReadOnlyList<double>? LocalizationRatios { get; init; }
}

/// <summary>One rendered plot: its kind, file name (no folder) and PNG bytes.</summary>
/// <param name="Kind">Which plot.</param>
/// <param name="FileName">Its <see cref="PlotFileNames.ForLayer"/> name.</param>
/// <param name="Png">PNG bytes.</param>
public sealed record RenderedPlot(LayerPlotKind Kind, string FileName, byte[] Png);

/// <summary>Renders (and optionally writes) every plot of one layer for <c>analyze --plots</c>.</summary>
public static class LayerPlots
{
    /// <summary>
    /// Renders the layer's plots in the order ESD, landscape, MP fit, localization. Skipped (documented, not an
    /// error): the landscape when the fit is null or kept no landscape; the MP plot when Q is not a finite number
    /// &gt; 0; the localization plot when its arrays are null or empty. The ESD is always drawn (an empty spectrum or
    /// failed fit gives a plot whose title says so).
    /// </summary>
    /// <exception cref="ArgumentException">The localization arrays differ in length.</exception>
    public static IReadOnlyList<RenderedPlot> Render(LayerPlotData data)
    {
        ArgumentNullException.ThrowIfNull(data);
        var list = new List<RenderedPlot>();
        string File(LayerPlotKind k) => PlotFileNames.ForLayer(data.LayerId, data.Name, k, data.SliceId);

        var title = $"ESD of {Short(data.Name)}";
        list.Add(new(LayerPlotKind.Esd, File(LayerPlotKind.Esd),
            EsdPlot.RenderPng(data.Evals, data.Fit, new EsdPlotOptions { Title = title })));

        if (data.Fit is { Xmins: not null, Ds: not null } fit)
        {
            list.Add(new(LayerPlotKind.Landscape, File(LayerPlotKind.Landscape), LandscapePlot.RenderPng(fit)));
        }

        if (data.Q > 0 && double.IsFinite(data.Q))
        {
            var sigma = data.SigmaMp;
            var mpTitle = "MP fit";
            if (!(sigma > 0 && double.IsFinite(sigma)))
            {
                var (x, _) = MarchenkoPastur.Rescale(data.Evals);
                sigma = x.Length == 0 ? double.NaN : MarchenkoPastur.SigmaFromLargest(x.Max(), data.Q);
                mpTitle = "MP curve with σ₀ from λmax (no MP fit)";
            }

            list.Add(new(LayerPlotKind.MpFit, File(LayerPlotKind.MpFit),
                MpFitPlot.RenderPng(data.Evals, data.Q, sigma, new MpFitPlotOptions { Title = mpTitle })));
        }

        if (data.LocalizationEvals is { Count: > 0 } le && data.LocalizationRatios is { } lr)
        {
            var xmin = data.Fit is { Status: FitStatus.Success } f ? f.Xmin : double.NaN;
            list.Add(new(LayerPlotKind.Localization, File(LayerPlotKind.Localization),
                LocalizationPlot.RenderPng(le, lr, xmin)));
        }

        return list;
    }

    /// <summary>Renders the layer's plots (see <see cref="Render"/>) and writes each into <paramref name="dir"/>
    /// (created when missing) atomically; returns them with their bytes, for an HTML report.</summary>
    public static IReadOnlyList<RenderedPlot> WriteAll(string dir, LayerPlotData data)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(dir);
        Directory.CreateDirectory(dir);
        var plots = Render(data);
        foreach (var p in plots)
        {
            PlotKit.Save(Path.Combine(dir, p.FileName), p.Png);
        }

        return plots;
    }

    /// <summary>
    /// The fit as a result row reports it (alpha, xmin, xmax, D, sigma, num_pl_spikes), for drawing the ESD when the
    /// engine's <see cref="PowerLawFit"/> is not at hand: successful when the status is <c>success</c> and alpha, xmin
    /// are finite (WeightWatcher's −1 sentinels count as failed); it carries no landscape.
    /// </summary>
    public static PowerLawFit FitOf(LayerResult row)
    {
        ArgumentNullException.ThrowIfNull(row);
        if (row.Status != "success" || !double.IsFinite(row.Alpha) || !(row.Xmin > 0) || !double.IsFinite(row.Xmin))
        {
            return PowerLawFit.Failed(row.StatusReason.Length > 0 ? row.StatusReason : "fit failed");
        }

        return new PowerLawFit
        {
            Status = FitStatus.Success, Alpha = row.Alpha, Xmin = row.Xmin, Xmax = row.Xmax, D = row.D, Sigma = row.Sigma,
            NumPlSpikes = row.NumPlSpikes ?? -1, TailCount = row.NumPlSpikes ?? 0,
        };
    }

    private static string Short(string name) => name.Length <= 60 ? name : string.Concat(name.AsSpan(0, 57), "…");
}
