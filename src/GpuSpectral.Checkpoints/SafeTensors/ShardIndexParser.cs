using System.Text.Json;
using System.Text.Unicode;
using GpuSpectral.Core.Errors;

namespace GpuSpectral.Checkpoints.SafeTensors;

/// <summary>
/// Parses <c>model.safetensors.index.json</c>: <c>{"metadata": {...}, "weight_map": {"tensor": "shard file"}}</c>.
/// Keeps the <c>weight_map</c> order as written, rejects duplicate keys and shard names that are not plain file
/// names of the same folder.
/// </summary>
internal static class ShardIndexParser
{
    /// <summary>Largest accepted index file, in bytes.</summary>
    public const long MaxIndexBytes = 100_000_000;

    /// <summary>Parses <paramref name="json"/> (the bytes of the index file at <paramref name="path"/>).</summary>
    /// <returns>(tensor name, shard file name) pairs in <c>weight_map</c> order.</returns>
    public static List<(string Tensor, string Shard)> Parse(ReadOnlySpan<byte> json, string path)
    {
        if (!Utf8.IsValid(json))
        {
            throw new CheckpointFormatException(path, "index is not valid UTF-8");
        }

        var reader = new Utf8JsonReader(json, new JsonReaderOptions { MaxDepth = 64 });
        try
        {
            return ParseRoot(ref reader, path);
        }
        catch (JsonException e)
        {
            throw new CheckpointFormatException(
                path, "index is not valid JSON: " + e.Message.Replace('\n', ' '), offset: reader.TokenStartIndex,
                inner: e);
        }
        catch (InvalidOperationException e)
        {
            throw new CheckpointFormatException(path, "index holds an invalid JSON string", inner: e);
        }
    }

    /// <summary>True when <paramref name="name"/> is a plain file name (no folders, no <c>..</c>, no drive).</summary>
    public static bool IsPlainFileName(string name) =>
        name.Length > 0 && name != "." && name != ".."
        && name.IndexOfAny(['/', '\\', ':', '\0']) < 0
        && name.IndexOfAny(System.IO.Path.GetInvalidFileNameChars()) < 0
        && System.IO.Path.GetFileName(name) == name;

    private static List<(string, string)> ParseRoot(ref Utf8JsonReader reader, string path)
    {
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
        {
            throw new CheckpointFormatException(path, "index is not a JSON object");
        }

        List<(string, string)>? map = null;
        var keys = new HashSet<string>(StringComparer.Ordinal);
        while (Read(ref reader, path) != JsonTokenType.EndObject)
        {
            var key = reader.GetString()!;
            if (!keys.Add(key))
            {
                throw new CheckpointFormatException(path, $"duplicate key '{key}' in index");
            }

            Read(ref reader, path);
            if (key == "weight_map")
            {
                map = ParseWeightMap(ref reader, path);
            }
            else
            {
                reader.Skip();
            }
        }

        if (reader.Read())
        {
            throw new CheckpointFormatException(path, "data after the index's JSON object");
        }

        return map ?? throw new CheckpointFormatException(path, "index has no weight_map");
    }

    private static List<(string, string)> ParseWeightMap(ref Utf8JsonReader reader, string path)
    {
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            throw new CheckpointFormatException(path, "weight_map is not an object");
        }

        var result = new List<(string, string)>();
        var names = new HashSet<string>(StringComparer.Ordinal);
        while (Read(ref reader, path) != JsonTokenType.EndObject)
        {
            var tensor = reader.GetString()!;
            if (!names.Add(tensor))
            {
                throw new CheckpointFormatException(path, "duplicate tensor in weight_map", tensor);
            }

            if (Read(ref reader, path) != JsonTokenType.String)
            {
                throw new CheckpointFormatException(path, "weight_map value is not a string", tensor);
            }

            var shard = reader.GetString()!;
            if (!IsPlainFileName(shard))
            {
                throw new CheckpointFormatException(
                    path, $"shard name '{shard}' is not a plain file name in the index's folder", tensor);
            }

            result.Add((tensor, shard));
        }

        return result;
    }

    private static JsonTokenType Read(ref Utf8JsonReader reader, string path)
    {
        if (!reader.Read())
        {
            throw new CheckpointFormatException(path, "index JSON ends early");
        }

        return reader.TokenType;
    }
}
