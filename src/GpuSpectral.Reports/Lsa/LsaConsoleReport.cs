using System.Globalization;
using GpuSpectral.Core.Fitting;
using GpuSpectral.Lsa.Results;
using Spectre.Console;

namespace GpuSpectral.Reports.Lsa;

/// <summary>Human-readable console output of an LSA run: shape, spectrum, fit, the three Ks and the timings.</summary>
public static class LsaConsoleReport
{
    /// <summary>The warning written when the spectrum is a top-k sketch.</summary>
    public const string SketchWarning = "fit restricted to the top k computed eigenvalues";

    /// <summary>Writes the report to <paramref name="console"/>.</summary>
    /// <param name="console">Destination console.</param>
    /// <param name="result">The LSA result.</param>
    /// <param name="input">The input path for the heading, or null.</param>
    public static void Write(IAnsiConsole console, LsaResult result, string? input = null)
    {
        ArgumentNullException.ThrowIfNull(console);
        ArgumentNullException.ThrowIfNull(result);
        if (input is not null)
        {
            console.MarkupLine("[bold]" + Markup.Escape(input) + "[/]");
        }

        var (docs, terms, nnz, empty) = result.Shape;
        var density = docs > 0 && terms > 0 ? 100.0 * nnz / ((double)docs * terms) : double.NaN;
        Line(console, $"corpus: {docs} documents × {terms} terms, {nnz} stored entries ({Pct(density)}% dense), {empty} empty documents");

        var s = result.Spectrum;
        var how = s.Exact
            ? FormattableString.Invariant($"exact, all {s.Eigenvalues.Length} eigenvalues")
            : FormattableString.Invariant($"sketch, top {s.Eigenvalues.Length} of {s.Dimension} eigenvalues");
        Line(console, $"spectrum: {s.Method}; {how}; trace Σλ = {Num(s.Trace)}");
        if (!s.Exact)
        {
            console.MarkupLine("[yellow]" + Markup.Escape(string.Create(CultureInfo.InvariantCulture,
                $"warning: the spectrum is a sketch: {SketchWarning} (k = {s.Eigenvalues.Length} of {s.Dimension})"))
                + "[/]");
        }

        var f = result.Fit;
        if (f.Status == FitStatus.Success)
        {
            Line(console, $"power-law fit: xmin {Num(f.Xmin)}, alpha {Num(f.Alpha)}, D {Num(f.D)}, sigma {Num(f.Sigma)}, {f.TailCount} of {f.FittedCount} fitted values in the tail");
        }
        else
        {
            console.MarkupLine("[red]" + Markup.Escape("power-law fit failed: " + f.FailureReason) + "[/]");
        }

        var table = new Table().Border(TableBorder.Rounded).Title("latent dimension K");
        table.AddColumn("method");
        table.AddColumn(new TableColumn("K").RightAligned());
        table.AddColumn(new TableColumn("explained variance at K").RightAligned());
        table.AddColumn("criterion");
        AddK(table, result, "power law", result.KPowerLaw, "eigenvalues ≥ xmin");
        AddK(table, result, "localization", result.KLocalization, "elbow of ‖v‖₁/‖v‖∞");
        AddK(table, result, "explained variance", result.KExplainedVariance, "elbow of λᵢ/Σλ");
        console.Write(table);

        if (result.Seconds.Count > 0)
        {
            var parts = result.Seconds.Select(kv => kv.Key + " " + Num(kv.Value));
            var total = Num(result.Seconds.Values.Sum());
            Line(console, $"seconds: {string.Join(", ", parts)}; total {total}");
        }
    }

    private static void AddK(Table table, LsaResult r, string name, int k, string criterion)
    {
        var ev = r.ExplainedVariance;
        var cum = k > 0 && k <= ev.Length ? Pct(100 * ev.Take(k).Sum()) + "%" : "–";
        table.AddRow(Markup.Escape(name), k.ToString(CultureInfo.InvariantCulture), Markup.Escape(cum),
            Markup.Escape(criterion));
    }

    private static void Line(IAnsiConsole console, FormattableString text) =>
        console.MarkupLine(Markup.Escape(FormattableString.Invariant(text)));

    private static string Pct(double v) =>
        double.IsNaN(v) ? "–" : v.ToString(v >= 0.01 ? "0.##" : "0.##e0", CultureInfo.InvariantCulture);

    private static string Num(double v) => double.IsNaN(v)
        ? "–"
        : v.ToString(Math.Abs(v) >= 1e-3 || v == 0 ? "0.####" : "0.##e0", CultureInfo.InvariantCulture);
}
