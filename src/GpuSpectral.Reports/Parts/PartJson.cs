using System.Text;
using System.Text.Json;
using GpuSpectral.Core.Planning;
using GpuSpectral.Core.Results;

namespace GpuSpectral.Reports.Parts;

/// <summary>The JSON of each line kind of a results part (<c>kind</c>: header, row, skipped).</summary>
internal static class PartJson
{
    public static string Header(PartHeader h) => Line(w =>
    {
        w.WriteString("kind", "header");
        w.WriteString("tool", "gpuspectral");
        w.WriteString("version", h.Version);
        w.WriteString("path", h.Path);
        w.WriteString("options_hash", h.OptionsHash);
        w.WriteString("options", h.Options);
        w.WriteString("shard", h.Shard);
        w.WriteStartArray("planned");
        foreach (var id in h.Planned)
        {
            w.WriteNumberValue(id);
        }

        w.WriteEndArray();
    });

    public static string Row(
        LayerResult row, IReadOnlyList<(string Name, Func<LayerResult, Cell> Get)> columns, int planIndex, int rowsInLayer) =>
        Line(w =>
        {
            w.WriteString("kind", "row");
            w.WriteNumber("plan_index", planIndex);
            w.WriteNumber("rows_in_layer", rowsInLayer);
            foreach (var (name, get) in columns)
            {
                CellJson.Write(w, name, get(row));
            }
        });

    public static string Skipped(LayerPlan plan, int planIndex) => Line(w =>
    {
        w.WriteString("kind", "skipped");
        w.WriteNumber("plan_index", planIndex);
        w.WriteNumber("layer_id", plan.LayerId);
        w.WriteString("name", plan.Name);
        w.WriteString("reason", plan.SkipReason);
    });

    private static string Line(Action<Utf8JsonWriter> body)
    {
        using var stream = new MemoryStream();
        using (var w = new Utf8JsonWriter(stream))
        {
            w.WriteStartObject();
            body(w);
            w.WriteEndObject();
        }

        return Encoding.UTF8.GetString(stream.ToArray());
    }
}
