using System.Text.Json;
using GpuSpectral.Core.Planning;
using GpuSpectral.Engine;

namespace GpuSpectral.Reports;

/// <summary>
/// JSON output: one document with the tool version, the input, the options, the backend, every layer row (the
/// columns of <see cref="ResultColumns"/>), the skipped layers with reasons, and the summary. Floats are written
/// in shortest round-trip form; NaN is <c>null</c>; ±infinity is the string <c>"Infinity"</c>/<c>"-Infinity"</c>.
/// </summary>
public static class JsonReportWriter
{
    /// <summary>Writes the report to <paramref name="stream"/>.</summary>
    public static void Write(Stream stream, AnalysisReport report, string toolVersion)
    {
        using var w = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true });
        w.WriteStartObject();
        w.WriteString("tool", "gpuspectral");
        w.WriteString("version", toolVersion);
        w.WriteString("path", report.Path);
        w.WriteString("format", report.Format);
        w.WriteString("backend", report.Backend);
        WriteOptions(w, report.Options);
        w.WriteStartArray("layers");
        var columns = ResultColumns.For(report.Layers);
        foreach (var row in report.Layers)
        {
            w.WriteStartObject();
            foreach (var (name, get) in columns)
            {
                CellJson.Write(w, name, get(row));
            }

            w.WriteEndObject();
        }

        w.WriteEndArray();
        w.WriteStartArray("skipped");
        foreach (var p in report.Skipped)
        {
            w.WriteStartObject();
            w.WriteNumber("layer_id", p.LayerId);
            w.WriteString("name", p.Name);
            w.WriteString("shape", p.Tensor.ShapeText);
            w.WriteString("dtype", p.Tensor.DType.ToString());
            w.WriteString("reason", p.SkipReason);
            w.WriteEndObject();
        }

        w.WriteEndArray();
        w.WriteStartObject("summary");
        foreach (var (k, v) in report.Summary.Items())
        {
            CellJson.Write(w, k, new Cell(v, null, null, null));
        }

        w.WriteEndObject();
        w.WriteEndObject();
    }

    /// <summary>Writes the report to <paramref name="path"/> atomically.</summary>
    public static void WriteFile(string path, AnalysisReport report, string toolVersion) =>
        AtomicFile.Write(path, s => Write(s, report, toolVersion));

    private static void WriteOptions(Utf8JsonWriter w, AnalysisOptions o)
    {
        w.WriteStartObject("options");
        w.WriteString("compat", o.Compat == CompatMode.WeightWatcher ? "ww" : "default");
        w.WriteNumber("min_evals", o.Plan.MinEvals);
        WriteNullable(w, "max_evals", o.Plan.EffectiveMaxEvals);
        WriteNullable(w, "max_N", o.Plan.EffectiveMaxN);
        w.WriteBoolean("conv2d_norm", o.Plan.Conv2DNorm);
        w.WriteNumber("tolerance", o.Tolerance);
        WriteNullable(w, "xmax", o.XmaxDrop);
        w.WriteEndObject();
    }

    private static void WriteNullable(Utf8JsonWriter w, string name, int? v)
    {
        if (v is int i)
        {
            w.WriteNumber(name, i);
        }
        else
        {
            w.WriteNull(name);
        }
    }
}
