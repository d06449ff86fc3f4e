using System.Globalization;
using GpuSpectral.Core.Planning;
using GpuSpectral.Core.Results;
using GpuSpectral.Engine;
using GpuSpectral.Reports.Plots;

namespace GpuSpectral.Reports.Html;

/// <summary>
/// The plots of an analysis (<c>--plots DIR</c>) and its self-contained HTML page (<c>--report FILE.html</c>):
/// per row the ESD with the fit, the KS landscape, the MP fit and (with <c>--vectors</c>) the localization ratios;
/// per model alpha by layer with the 2 and 6 bands.
/// </summary>
public static class AnalysisVisuals
{
    /// <summary>Renders every row's plots, writing them into <paramref name="plotsDir"/> when it is not null.</summary>
    /// <param name="report">The analysis.</param>
    /// <param name="plotsDir">Folder for the PNG files (created when missing), or null to keep them in memory.</param>
    /// <param name="progress">Called after each row with (done, total), or null.</param>
    /// <returns>Per row (in report order) its plots; then the model plot (alpha by layer).</returns>
    public static (IReadOnlyList<IReadOnlyList<RenderedPlot>> Layers, byte[] AlphaByLayer) Render(
        AnalysisReport report, string? plotsDir, Action<int, int>? progress = null)
    {
        ArgumentNullException.ThrowIfNull(report);
        var layers = new List<IReadOnlyList<RenderedPlot>>(report.Layers.Count);
        foreach (var row in report.Layers)
        {
            var data = DataOf(row);
            layers.Add(plotsDir is null ? LayerPlots.Render(data) : LayerPlots.WriteAll(plotsDir, data));
            progress?.Invoke(layers.Count, report.Layers.Count);
        }

        var alpha = AlphaByLayerPlot.RenderPng(report.Layers);
        if (plotsDir is not null)
        {
            Directory.CreateDirectory(plotsDir);
            PlotKit.Save(Path.Combine(plotsDir, PlotFileNames.AlphaByLayer), alpha);
        }

        return (layers, alpha);
    }

    /// <summary>Writes the HTML page of <paramref name="report"/> with the plots from <see cref="Render"/>.</summary>
    public static void WriteHtml(
        string path, AnalysisReport report, IReadOnlyList<IReadOnlyList<RenderedPlot>> layerPlots, byte[] alphaByLayer)
    {
        ArgumentNullException.ThrowIfNull(report);
        ArgumentNullException.ThrowIfNull(layerPlots);
        var columns = ResultColumns.For(report.Layers);
        var sections = report.Layers.Zip(layerPlots, (row, plots) => new HtmlLayerPlots(
            row.LayerId, row.SliceId, Title(row), [.. plots.Select(p => new HtmlImage(Caption(p.Kind), p.Png))]));
        HtmlReportWriter.Write(path, new HtmlReportModel
        {
            Title = "gpuspectral: " + Path.GetFileName(report.Path.TrimEnd('/', '\\')),
            SourcePath = report.Path,
            OptionsText = $"format {report.Format}; backend {report.Backend}; compat "
                + (report.Options.Compat == CompatMode.WeightWatcher ? "ww" : "default")
                + $"; options {OptionsFingerprint.Describe(report.Options).Replace('\n', ' ').Trim()}",
            Summary = HtmlReportRows.Summary(report.Summary),
            Columns = [.. columns.Select(c => c.Name)],
            Rows = HtmlReportRows.From(report.Layers, columns),
            ModelImages = [new HtmlImage("alpha by layer (bands at 2 and 6)", alphaByLayer)],
            LayerPlots = [.. sections],
        });
    }

    private static LayerPlotData DataOf(LayerResult row) => new()
    {
        LayerId = row.LayerId,
        Name = row.Name,
        SliceId = row.SliceId,
        Evals = row.Evals,
        Fit = row.Fit ?? LayerPlots.FitOf(row),
        Q = row.Q,
        SigmaMp = row.MarchenkoPastur is { Succeeded: true } mp ? mp.SigmaMp : double.NaN,
        LocalizationEvals = row.VectorSpectrum?.Eigenvalues,
        LocalizationRatios = row.VectorSpectrum?.LocalizationRatios,
    };

    private static string Title(LayerResult row) => row.SliceId is int s
        ? string.Create(CultureInfo.InvariantCulture, $"{row.LayerId} {row.Name} (slice {s})")
        : string.Create(CultureInfo.InvariantCulture, $"{row.LayerId} {row.Name}");

    private static string Caption(LayerPlotKind kind) => kind switch
    {
        LayerPlotKind.Esd => "ESD with the power-law fit (PDF and CCDF, log-log)",
        LayerPlotKind.Landscape => "KS distance D versus xmin",
        LayerPlotKind.MpFit => "Marchenko–Pastur fit of the bulk",
        LayerPlotKind.Localization => "localization ratio of each eigenvector",
        _ => kind.ToString(),
    };
}
