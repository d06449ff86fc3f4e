using System.Text;
using GpuSpectral.Engine.Compare;

namespace GpuSpectral.Reports.Compare;

/// <summary>
/// CSV output of <c>compare</c>: one row per compared layer with <see cref="CompareColumns"/>, a
/// <c>&lt;stem&gt;_summary.csv</c> of <c>metric,value</c> rows (<see cref="CompareSummary.Items"/>), and a
/// <c>&lt;stem&gt;_skipped.csv</c> with <c>name,shape_a,shape_b,reason</c>. Floats round-trip; NaN is empty.
/// </summary>
public static class CompareCsvWriter
{
    /// <summary>Writes the details table.</summary>
    public static void WriteDetails(TextWriter w, IEnumerable<CompareRow> rows)
    {
        ArgumentNullException.ThrowIfNull(w);
        ArgumentNullException.ThrowIfNull(rows);
        w.Write(string.Join(',', CompareColumns.All.Select(c => c.Name)));
        w.Write('\n');
        foreach (var r in rows)
        {
            w.Write(string.Join(',', CompareColumns.All.Select(c => Quote(c.Get(r).ToCsv()))));
            w.Write('\n');
        }
    }

    /// <summary>Writes the three files atomically.</summary>
    /// <returns>The paths of the summary and skipped files.</returns>
    public static (string Summary, string Skipped) WriteFiles(string path, CompareReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        Write(path, w => WriteDetails(w, report.Rows));
        var dir = Path.GetDirectoryName(Path.GetFullPath(path)) ?? ".";
        var stem = Path.GetFileNameWithoutExtension(path);
        var summary = Path.Combine(dir, stem + "_summary.csv");
        Write(summary, w =>
        {
            w.Write("metric,value\n");
            foreach (var (k, v) in report.Summary.Items())
            {
                w.Write($"{k},{new Cell(v, null, null, null).ToCsv()}\n");
            }
        });
        var skipped = Path.Combine(dir, stem + "_skipped.csv");
        Write(skipped, w =>
        {
            w.Write("name,shape_a,shape_b,reason\n");
            foreach (var s in report.Skipped)
            {
                w.Write(string.Join(',', new[] { s.Name, s.ShapeA ?? string.Empty, s.ShapeB ?? string.Empty, s.Reason }
                    .Select(Quote)));
                w.Write('\n');
            }
        });
        return (summary, skipped);
    }

    private static void Write(string path, Action<TextWriter> body) => AtomicFile.Write(path, s =>
    {
        using var w = new StreamWriter(s, new UTF8Encoding(false), leaveOpen: true);
        body(w);
    });

    private static string Quote(string field) =>
        field.IndexOfAny([',', '"', '\n', '\r']) < 0 ? field : "\"" + field.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
}
