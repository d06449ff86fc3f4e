using System.Text.Json;

namespace GpuSpectral.Reports.Parts;

/// <summary>Writes a <see cref="MergedTable"/> as CSV (details + summary) or JSON, atomically.</summary>
public static class MergedTableWriter
{
    /// <summary>Writes <paramref name="table"/> to <paramref name="path"/> (.csv or .json).</summary>
    public static void Write(string path, MergedTable table, string toolVersion)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(table);
        var summary = table.Summary();
        if (path.EndsWith(".json", StringComparison.OrdinalIgnoreCase))
        {
            AtomicFile.Write(path, s => WriteJson(s, table, summary, toolVersion));
            return;
        }

        CsvReportWriter.WriteFiles(
            path,
            w => CsvReportWriter.WriteTable(w, table.Columns, table.Rows.Select(r => table.Columns.Select(c => MergedTable.CellOf(r, c)))),
            summary);
    }

    private static void WriteJson(Stream stream, MergedTable table, Core.Results.AnalysisSummary summary, string toolVersion)
    {
        using var w = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true });
        w.WriteStartObject();
        w.WriteString("tool", "gpuspectral");
        w.WriteString("version", toolVersion);
        w.WriteString("path", table.Header.Path);
        w.WriteString("options", table.Header.Options);
        w.WriteStartArray("layers");
        foreach (var row in table.Rows)
        {
            w.WriteStartObject();
            foreach (var c in table.Columns)
            {
                CellJson.Write(w, c, MergedTable.CellOf(row, c));
            }

            w.WriteEndObject();
        }

        w.WriteEndArray();
        w.WriteStartArray("skipped_while_running");
        foreach (var s in table.Skips)
        {
            w.WriteStartObject();
            w.WriteNumber("layer_id", s.LayerId);
            w.WriteString("name", s.Name);
            w.WriteString("reason", s.Reason);
            w.WriteEndObject();
        }

        w.WriteEndArray();
        w.WriteStartObject("summary");
        foreach (var (k, v) in summary.Items())
        {
            CellJson.Write(w, k, new Cell(v, null, null, null));
        }

        w.WriteEndObject();
        w.WriteEndObject();
    }
}
