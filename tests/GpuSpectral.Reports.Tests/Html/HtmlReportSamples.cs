using GpuSpectral.Core.Results;
using GpuSpectral.Reports.Html;
using GpuSpectral.Reports.Plots;
using GpuSpectral.Reports.Tests.Plots;

namespace GpuSpectral.Reports.Tests.Html;

/// <summary>A small synthetic report: five layers (one failed fit, hostile names), a phase column, real PNGs.</summary>
internal static class HtmlReportSamples
{
    public const string HostileName = "<img src=x onerror=\"document.title='pwned'\">&'</script><script>throw 1</script>";

    /// <summary>Alphas by layer id 1..5 (NaN = failed fit).</summary>
    public static readonly double[] Alphas = [3.1, 1.7, double.NaN, 6.8, 2.4];

    public static readonly string[] Phases = ["heavy-tailed", "heavy-tailed", "", "random-like", "bulk+spikes"];

    public static readonly string[] Names = ["embed", HostileName, "mlp.down", "attn/q k", "lm_head"];

    private static readonly Lazy<byte[]> Png = new(() =>
        AlphaByLayerPlot.RenderPng([1, 2, 3], [2.5, 3, 4], new AlphaByLayerPlotOptions { Width = 120, Height = 80 }));

    public static byte[] SmallPng => Png.Value;

    /// <summary>Columns: ResultColumns.All plus "phase" and "rand_num_spikes".</summary>
    public static IReadOnlyList<(string Name, Func<LayerResult, Cell> Get)> Columns { get; } =
    [
        .. ResultColumns.All,
        ("phase", r => new Cell(null, null, Phases[r.LayerId - 1], null)),
        ("rand_num_spikes", r => new Cell(null, r.LayerId == 4 ? 2 : 0, null, null)),
    ];

    public static IReadOnlyList<LayerResult> Results() =>
        Enumerable.Range(1, 5).Select(id => AnalyzePlotsTests.Row(id, Names[id - 1], Alphas[id - 1],
            double.IsNaN(Alphas[id - 1]) ? "failed" : "success",
            Alphas[id - 1] < 2 ? "over-trained" : Alphas[id - 1] > 6 ? "under-trained" : string.Empty)).ToArray();

    public static HtmlReportModel Model(bool withPlots = true)
    {
        var results = Results();
        var plots = withPlots
            ? results.Where(r => r.LayerId != 3).Select(r => new HtmlLayerPlots(r.LayerId, null, r.Name,
                [new HtmlImage($"ESD of {r.Name}", SmallPng), new HtmlImage("landscape", SmallPng)])).ToArray()
            : [];
        return new HtmlReportModel
        {
            Title = "Report <of> \"model\"",
            SourcePath = "/models/a&b.safetensors",
            OptionsText = "backend: lapack\nmode: default",
            Summary = HtmlReportRows.Summary(AnalysisSummary.Of(results)),
            Columns = Columns.Select(c => c.Name).ToArray(),
            Rows = HtmlReportRows.From(results, Columns),
            ModelImages = withPlots ? [new HtmlImage("alpha by layer", SmallPng)] : [],
            LayerPlots = plots,
        };
    }

    public static string Render(HtmlReportModel model)
    {
        using var sw = new StringWriter();
        HtmlReportWriter.WriteTo(sw, model);
        return sw.ToString();
    }
}
