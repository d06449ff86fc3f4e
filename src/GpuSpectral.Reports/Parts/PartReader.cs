using System.Globalization;
using System.Text.Json;

namespace GpuSpectral.Reports.Parts;

/// <summary>One row line of a part: its plan position, layer id and cells by column name.</summary>
/// <param name="PlanIndex">Position of the layer in the plan.</param>
/// <param name="LayerId">The layer's id.</param>
/// <param name="RowsInLayer">How many rows the layer has (one, or one per slice).</param>
/// <param name="SliceId">The slice, or null when pooled.</param>
/// <param name="Cells">Column name → value, in the order written.</param>
public sealed record PartRow(
    int PlanIndex, int LayerId, int RowsInLayer, long? SliceId, IReadOnlyList<KeyValuePair<string, Cell>> Cells);

/// <summary>A layer skipped while running, as recorded in a part.</summary>
public sealed record PartSkip(int PlanIndex, int LayerId, string Name, string Reason);

/// <summary>The content of a JSON-lines part.</summary>
/// <param name="Path">The file.</param>
/// <param name="Header">Its header line.</param>
/// <param name="Rows">Rows of complete layers only (a layer cut short by a kill is left out).</param>
/// <param name="Skips">Layers skipped while running.</param>
/// <param name="ValidLength">Bytes up to the end of the last complete line.</param>
public sealed record PartContent(
    string Path, PartHeader Header, IReadOnlyList<PartRow> Rows, IReadOnlyList<PartSkip> Skips, long ValidLength)
{
    /// <summary>Layer ids that are finished in this part (all rows present, or skipped while running).</summary>
    public IReadOnlySet<int> DoneLayers => new HashSet<int>(Rows.Select(r => r.LayerId).Concat(Skips.Select(s => s.LayerId)));
}

/// <summary>Reads parts written by <see cref="PartWriter"/>.</summary>
public static class PartReader
{
    /// <summary>Reads <paramref name="path"/>. A torn last line (a kill mid-write) is ignored; so are the rows of a
    /// layer whose rows are not all present.</summary>
    /// <exception cref="InvalidDataException">Not a part, or a malformed line before the last.</exception>
    public static PartContent Read(string path)
    {
        var bytes = File.ReadAllBytes(path);
        var lines = new List<(int Start, int Length)>();
        var start = 0;
        for (var i = 0; i < bytes.Length; i++)
        {
            if (bytes[i] == (byte)'\n')
            {
                lines.Add((start, i - start));
                start = i + 1;
            }
        }

        // Bytes after the last newline are a torn write: not part of the content.
        var validLength = start;
        if (lines.Count == 0)
        {
            throw new InvalidDataException($"{path}: not a gpuspectral results part (no complete header line)");
        }

        PartHeader? header = null;
        var rows = new List<PartRow>();
        var skips = new List<PartSkip>();
        for (var n = 0; n < lines.Count; n++)
        {
            var (s, len) = lines[n];
            using var doc = Parse(path, n + 1, bytes.AsMemory(s, len));
            var root = doc.RootElement;
            var kind = root.TryGetProperty("kind", out var k) ? k.GetString() : null;
            switch (kind)
            {
                case "header" when n == 0:
                    header = ReadHeader(root);
                    break;
                case "row" when header is not null:
                    rows.Add(ReadRow(root));
                    break;
                case "skipped" when header is not null:
                    skips.Add(new PartSkip(
                        root.GetProperty("plan_index").GetInt32(), root.GetProperty("layer_id").GetInt32(),
                        root.GetProperty("name").GetString() ?? string.Empty, root.GetProperty("reason").GetString() ?? string.Empty));
                    break;
                default:
                    var hint = n == 0 ? " (a part starts with its header)" : string.Empty;
                    throw new InvalidDataException(string.Create(CultureInfo.InvariantCulture,
                        $"{path}:{n + 1}: unexpected line kind '{kind}'{hint}"));
            }
        }

        var complete = rows.GroupBy(r => r.LayerId).Where(g => g.Count() == g.First().RowsInLayer).SelectMany(g => g).ToList();
        return new PartContent(path, header!, complete, skips, validLength);
    }

    private static JsonDocument Parse(string path, int line, ReadOnlyMemory<byte> text)
    {
        try
        {
            return JsonDocument.Parse(text);
        }
        catch (JsonException e)
        {
            throw new InvalidDataException(string.Create(CultureInfo.InvariantCulture,
                $"{path}:{line}: not valid JSON ({e.Message})"), e);
        }
    }

    private static PartHeader ReadHeader(JsonElement h) => new()
    {
        Version = h.GetProperty("version").GetString() ?? string.Empty,
        Path = h.GetProperty("path").GetString() ?? string.Empty,
        OptionsHash = h.GetProperty("options_hash").GetString() ?? string.Empty,
        Options = h.GetProperty("options").GetString() ?? string.Empty,
        Shard = h.GetProperty("shard").GetString() ?? string.Empty,
        Planned = [.. h.GetProperty("planned").EnumerateArray().Select(e => e.GetInt32())],
    };

    private static PartRow ReadRow(JsonElement r)
    {
        var cells = new List<KeyValuePair<string, Cell>>();
        foreach (var p in r.EnumerateObject())
        {
            if (p.Name is "kind" or "plan_index" or "rows_in_layer")
            {
                continue;
            }

            cells.Add(new(p.Name, CellJson.Read(p.Value, ResultColumns.TextNames.Contains(p.Name))));
        }

        long? slice = r.TryGetProperty("slice_id", out var sid) && sid.ValueKind == JsonValueKind.Number ? sid.GetInt64() : null;
        return new PartRow(
            r.GetProperty("plan_index").GetInt32(), r.GetProperty("layer_id").GetInt32(),
            r.GetProperty("rows_in_layer").GetInt32(), slice, cells);
    }
}
