using System.Text.Json;
using GpuSpectral.Core.Planning;
using GpuSpectral.Engine.Compare;

namespace GpuSpectral.Reports.Compare;

/// <summary>
/// JSON output of <c>compare</c>: tool, version, both inputs, adapter side and scaling source, options, backend,
/// <c>layers</c> (the <see cref="CompareColumns"/>), <c>skipped</c> (name, shape_a, shape_b, reason) and
/// <c>summary</c>. NaN is <c>null</c>; ±infinity is the string <c>"Infinity"</c>/<c>"-Infinity"</c>.
/// </summary>
public static class CompareJsonWriter
{
    /// <summary>Writes the report to <paramref name="stream"/>.</summary>
    public static void Write(Stream stream, CompareReport report, string toolVersion)
    {
        ArgumentNullException.ThrowIfNull(report);
        using var w = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true });
        w.WriteStartObject();
        w.WriteString("tool", "gpuspectral");
        w.WriteString("command", "compare");
        w.WriteString("version", toolVersion);
        w.WriteString("path_a", report.PathA);
        w.WriteString("path_b", report.PathB);
        w.WriteString("format_a", report.FormatA);
        w.WriteString("format_b", report.FormatB);
        w.WriteString("adapter", report.AdapterSide);
        w.WriteString("lora_scaling_source", report.ScalingSource);
        w.WriteString("backend", report.Backend);
        var o = report.Options.Analysis;
        w.WriteStartObject("options");
        w.WriteString("compat", o.Compat == CompatMode.WeightWatcher ? "ww" : "default");
        w.WriteNumber("min_evals", o.Plan.MinEvals);
        w.WriteBoolean("conv2d_norm", o.Plan.Conv2DNorm);
        w.WriteNumber("tolerance", o.Tolerance);
        w.WriteEndObject();
        w.WriteStartArray("layers");
        foreach (var row in report.Rows)
        {
            w.WriteStartObject();
            foreach (var (name, get) in CompareColumns.All)
            {
                WriteCell(w, name, get(row));
            }

            w.WriteEndObject();
        }

        w.WriteEndArray();
        w.WriteStartArray("skipped");
        foreach (var s in report.Skipped)
        {
            w.WriteStartObject();
            w.WriteString("name", s.Name);
            w.WriteString("shape_a", s.ShapeA);
            w.WriteString("shape_b", s.ShapeB);
            w.WriteString("reason", s.Reason);
            w.WriteEndObject();
        }

        w.WriteEndArray();
        w.WriteStartObject("summary");
        foreach (var (k, v) in report.Summary.Items())
        {
            WriteCell(w, k, new Cell(v, null, null, null));
        }

        w.WriteNumber("layers_compared", report.Summary.LayersCompared);
        w.WriteNumber("layers_skipped", report.Summary.LayersSkipped);
        w.WriteEndObject();
        w.WriteEndObject();
    }

    /// <summary>Writes the report to <paramref name="path"/> atomically.</summary>
    public static void WriteFile(string path, CompareReport report, string toolVersion) =>
        AtomicFile.Write(path, s => Write(s, report, toolVersion));

    private static void WriteCell(Utf8JsonWriter w, string name, Cell c)
    {
        switch (c)
        {
            case { Number: double d } when double.IsNaN(d):
                w.WriteNull(name);
                break;
            case { Number: double d } when double.IsInfinity(d):
                w.WriteString(name, d > 0 ? "Infinity" : "-Infinity");
                break;
            case { Number: double d }:
                w.WriteNumber(name, d);
                break;
            case { Integer: long i }:
                w.WriteNumber(name, i);
                break;
            case { Flag: bool b }:
                w.WriteBoolean(name, b);
                break;
            case { Text: string t }:
                w.WriteString(name, t);
                break;
            default:
                w.WriteNull(name);
                break;
        }
    }
}
