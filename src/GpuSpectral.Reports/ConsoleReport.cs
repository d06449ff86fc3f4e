using System.Globalization;
using GpuSpectral.Core.Planning;
using GpuSpectral.Core.Results;
using GpuSpectral.Engine;
using Spectre.Console;

namespace GpuSpectral.Reports;

/// <summary>Human-readable console output: a table of the main columns, the summary and the skipped layers.</summary>
public static class ConsoleReport
{
    /// <summary>Writes the analysis table, the summary and the skips to <paramref name="console"/>.</summary>
    public static void Write(IAnsiConsole console, AnalysisReport report)
    {
        var table = new Table().Border(TableBorder.Rounded).Title(Markup.Escape(report.Path));
        foreach (var h in new[]
                 {
                     "id", "name", "type", "N×M", "rf", "alpha", "alpha_w", "log_norm", "log_spec", "stable_rank",
                     "D", "xmin", "spikes", "status", "phase",
                 })
        {
            table.AddColumn(new TableColumn(h).RightAligned());
        }

        foreach (var r in report.Layers)
        {
            table.AddRow(
                Esc(r.LayerId), Markup.Escape(r.Name), r.LayerType, Esc($"{r.N}×{r.M}"), Esc(r.Rf),
                Num(r.Alpha), Num(r.AlphaWeighted), Num(r.LogNorm), Num(r.LogSpectralNorm), Num(r.StableRank),
                Num(r.D), Num(r.Xmin), r.NumPlSpikes is int k ? Esc(k) : "–", StatusText(r),
                Markup.Escape(r.Phase?.Label ?? "–"));
        }

        console.Write(table);
        var s = report.Summary;
        console.MarkupLine(Markup.Escape(string.Create(CultureInfo.InvariantCulture,
            $"summary ({report.Layers.Count} layers): alpha {s.Alpha:F4}  alpha_weighted {s.AlphaWeighted:F4}  " +
            $"log_norm {s.LogNorm:F4}  log_spectral_norm {s.LogSpectralNorm:F4}  stable_rank {s.StableRank:F2}")));
        if (s.Phases.Count > 0 || s.Warnings.Count > 0)
        {
            console.MarkupLine(Markup.Escape("phases: " + Counts(s.Phases) + (s.Warnings.Count > 0 ? "; warnings: " + Counts(s.Warnings) : string.Empty)));
        }

        WriteSkipped(console, report.Skipped);
        console.MarkupLine(Markup.Escape($"backend: {report.Backend}; compat: " +
            (report.Options.Compat == CompatMode.WeightWatcher ? "ww" : "default")));
    }

    /// <summary>Writes the layer plan (the <c>describe</c> command).</summary>
    public static void WritePlan(IAnsiConsole console, string path, IReadOnlyList<LayerPlan> plans)
    {
        var table = new Table().Border(TableBorder.Rounded).Title(Markup.Escape(path));
        foreach (var h in new[] { "id", "name", "kind", "dtype", "shape", "N×M", "slices", "Q", "evals", "analysed" })
        {
            table.AddColumn(h);
        }

        foreach (var p in plans)
        {
            var analysed = p.IsAnalysed ? "yes" : "no: " + p.SkipReason;
            if (p.Note is not null)
            {
                analysed += $" ({p.Note})";
            }

            table.AddRow(
                Esc(p.LayerId), Markup.Escape(p.Name), LayerTypeNames.Of(p.Type), Markup.Escape(p.Tensor.DisplayDType),
                Markup.Escape(p.Tensor.ShapeText), p.M == 0 ? "–" : Esc($"{p.N}×{p.M}"), Esc(p.SliceCount),
                p.M == 0 ? "–" : Num(p.Q), Esc(p.NumEvals), Markup.Escape(analysed));
        }

        console.Write(table);
        console.MarkupLine(Markup.Escape(
            $"{plans.Count(p => p.IsAnalysed)} of {plans.Count} layers will be analysed "
            + "(biases, BatchNorm buffers and norm shifts are not layers and are not listed)."));
    }

    private static void WriteSkipped(IAnsiConsole console, IReadOnlyList<LayerPlan> skipped)
    {
        if (skipped.Count == 0)
        {
            return;
        }

        console.MarkupLine(Markup.Escape($"skipped {skipped.Count} tensors:"));
        foreach (var g in skipped.GroupBy(p => p.SkipReason))
        {
            var names = string.Join(", ", g.Take(4).Select(p => p.Name)) + (g.Count() > 4 ? ", …" : string.Empty);
            console.MarkupLine(Markup.Escape($"  {g.Count()} × {g.Key} ({names})"));
        }
    }

    private static string StatusText(LayerResult r) =>
        r.Status != "success" ? "[red]failed[/]" : r.Warning.Length == 0 ? "ok" : $"[yellow]{r.Warning}[/]";

    private static string Num(double v) =>
        double.IsNaN(v) ? "–" : v.ToString(Math.Abs(v) >= 1e-3 || v == 0 ? "0.####" : "0.##e0", CultureInfo.InvariantCulture);

    private static string Esc(IFormattable v) => Markup.Escape(v.ToString(null, CultureInfo.InvariantCulture));

    private static string Counts(IReadOnlyDictionary<string, int> counts) =>
        string.Join(", ", counts.Select(kv => string.Create(CultureInfo.InvariantCulture, $"{kv.Key} {kv.Value}")));
}
