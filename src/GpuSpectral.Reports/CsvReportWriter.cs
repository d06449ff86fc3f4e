using System.Globalization;
using System.Text;
using GpuSpectral.Core.Results;

namespace GpuSpectral.Reports;

/// <summary>
/// CSV output: one row per layer with the columns of <see cref="ResultColumns"/>, and the summary as
/// <c>metric,value</c> rows (WeightWatcher's <c>get_summary()</c> layout). Floats round-trip exactly.
/// </summary>
public static class CsvReportWriter
{
    /// <summary>Writes the details table.</summary>
    public static void WriteDetails(TextWriter w, IReadOnlyCollection<LayerResult> rows)
    {
        var columns = ResultColumns.For(rows);
        WriteTable(w, [.. columns.Select(c => c.Name)], rows.Select(r => columns.Select(c => c.Get(r))));
    }

    /// <summary>Writes a table: a header of <paramref name="columns"/>, then one line of cells per row.</summary>
    public static void WriteTable(TextWriter w, IReadOnlyList<string> columns, IEnumerable<IEnumerable<Cell>> rows)
    {
        ArgumentNullException.ThrowIfNull(w);
        ArgumentNullException.ThrowIfNull(rows);
        w.Write(string.Join(',', columns));
        w.Write('\n');
        foreach (var r in rows)
        {
            w.Write(string.Join(',', r.Select(c => Quote(c.ToCsv()))));
            w.Write('\n');
        }
    }

    /// <summary>Writes the summary as <c>metric,value</c> rows.</summary>
    public static void WriteSummary(TextWriter w, AnalysisSummary summary)
    {
        w.Write("metric,value\n");
        foreach (var (k, v) in summary.Items())
        {
            w.Write(k);
            w.Write(',');
            w.Write(new Cell(v, null, null, null).ToCsv());
            w.Write('\n');
        }
    }

    /// <summary>Writes details to <paramref name="path"/> and the summary to <c>&lt;stem&gt;_summary.csv</c>, atomically.</summary>
    /// <returns>The summary file's path.</returns>
    public static string WriteFiles(string path, IReadOnlyList<LayerResult> rows, AnalysisSummary summary) =>
        WriteFiles(path, w => WriteDetails(w, rows), summary);

    /// <summary>Writes details (by <paramref name="details"/>) to <paramref name="path"/> and the summary to
    /// <c>&lt;stem&gt;_summary.csv</c>, atomically.</summary>
    /// <returns>The summary file's path.</returns>
    public static string WriteFiles(string path, Action<TextWriter> details, AnalysisSummary summary)
    {
        ArgumentNullException.ThrowIfNull(details);
        AtomicFile.Write(path, s =>
        {
            using var w = new StreamWriter(s, new UTF8Encoding(false), leaveOpen: true);
            details(w);
        });
        var dir = Path.GetDirectoryName(Path.GetFullPath(path)) ?? ".";
        var summaryPath = Path.Combine(dir, Path.GetFileNameWithoutExtension(path) + "_summary.csv");
        AtomicFile.Write(summaryPath, s =>
        {
            using var w = new StreamWriter(s, new UTF8Encoding(false), leaveOpen: true);
            WriteSummary(w, summary);
        });
        return summaryPath;
    }

    private static string Quote(string field) =>
        field.IndexOfAny([',', '"', '\n', '\r']) < 0
            ? field
            : string.Create(CultureInfo.InvariantCulture, $"\"{field.Replace("\"", "\"\"", StringComparison.Ordinal)}\"");
}
