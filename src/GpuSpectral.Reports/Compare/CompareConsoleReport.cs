using System.Globalization;
using GpuSpectral.Engine.Compare;
using Spectre.Console;

namespace GpuSpectral.Reports.Compare;

/// <summary>Human-readable console output of <c>compare</c>: a table of ΔW metrics and distances, the summary, the skips.</summary>
public static class CompareConsoleReport
{
    private const int MaxSkipsShown = 20;

    /// <summary>Writes the table, summary and skipped layers to <paramref name="console"/>.</summary>
    public static void Write(IAnsiConsole console, CompareReport report)
    {
        ArgumentNullException.ThrowIfNull(console);
        ArgumentNullException.ThrowIfNull(report);
        var title = $"ΔW = {report.PathA} − {report.PathB}";
        var table = new Table().Border(TableBorder.Rounded).Title(Markup.Escape(title));
        foreach (var h in new[]
                 {
                     "id", "name", "N×M", "ΔW alpha", "ΔW log_norm", "ΔW log_spec", "ΔW stable_rank", "raw",
                     "euclidean", "cka", "source", "status",
                 })
        {
            table.AddColumn(new TableColumn(h).RightAligned());
        }

        foreach (var row in report.Rows)
        {
            var r = row.Delta;
            table.AddRow(
                Esc(r.LayerId), Markup.Escape(r.Name), Esc($"{r.N}×{r.M}"), Num(r.Alpha), Num(r.LogNorm),
                Num(r.LogSpectralNorm), Num(r.StableRank), Num(row.Distances.Raw), Num(row.Distances.Euclidean),
                Num(row.Distances.Cka), CompareColumns.SourceName(row.Source),
                Markup.Escape(r.Status == "success" ? r.Status : $"{r.Status}: {r.StatusReason}"));
        }

        console.Write(table);
        var s = report.Summary;
        console.MarkupLine(Markup.Escape(string.Create(CultureInfo.InvariantCulture,
            $"summary ({s.LayersCompared} layers compared, {s.LayersSkipped} skipped): ΔW alpha {s.Delta.Alpha:F4}  " +
            $"ΔW log_norm {s.Delta.LogNorm:F4}  distance_raw {s.DistanceRaw:G6}  distance_euclidean " +
            $"{s.DistanceEuclidean:G6}  distance_cka {s.DistanceCka:F6}")));
        if (report.AdapterSide is not null)
        {
            console.MarkupLine(Markup.Escape($"{report.AdapterSide} is a PEFT LoRA adapter; scaling: {report.ScalingSource}"));
        }

        foreach (var k in report.Skipped.Take(MaxSkipsShown))
        {
            console.MarkupLine(Markup.Escape($"skipped {k.Name}: {k.Reason}"));
        }

        if (report.Skipped.Count > MaxSkipsShown)
        {
            console.MarkupLine(Markup.Escape($"… and {report.Skipped.Count - MaxSkipsShown} more skipped (see --out)"));
        }

        console.MarkupLine(Markup.Escape($"backend: {report.Backend}"));
    }

    private static string Esc(object o) => Markup.Escape(Convert.ToString(o, CultureInfo.InvariantCulture) ?? string.Empty);

    private static string Num(double v) => double.IsNaN(v) ? "–" : v.ToString("G5", CultureInfo.InvariantCulture);
}
