using System.Text.Json;
using GpuSpectral.Core.Planning;

namespace GpuSpectral.Engine;

/// <summary>Reads the head counts of a Hugging Face <c>config.json</c> beside a checkpoint.</summary>
public static class ModelConfigReader
{
    /// <summary>
    /// The <see cref="ModelConfig"/> of the checkpoint at <paramref name="checkpointPath"/>: its folder's (or its
    /// file's folder's) <c>config.json</c>. A missing, unreadable or malformed file gives
    /// <see cref="ModelConfig.None"/>: the config only refines optional splits, it is never required.
    /// </summary>
    public static ModelConfig ForCheckpoint(string checkpointPath)
    {
        var dir = Directory.Exists(checkpointPath) ? checkpointPath : Path.GetDirectoryName(Path.GetFullPath(checkpointPath));
        var file = dir is null ? null : Path.Combine(dir, "config.json");
        if (file is null || !File.Exists(file) || new FileInfo(file).Length > 16 << 20)
        {
            return ModelConfig.None;
        }

        try
        {
            using var doc = JsonDocument.Parse(File.ReadAllBytes(file));
            var root = doc.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                return ModelConfig.None;
            }

            return new ModelConfig(
                Int(root, "num_attention_heads", "n_head", "num_heads"),
                Int(root, "num_key_value_heads", "multi_query_group_num"),
                Int(root, "hidden_size", "n_embd", "d_model"));
        }
        catch (JsonException)
        {
            return ModelConfig.None;
        }
        catch (IOException)
        {
            return ModelConfig.None;
        }
    }

    private static int? Int(JsonElement root, params string[] keys)
    {
        foreach (var k in keys)
        {
            if (root.TryGetProperty(k, out var v) && v.ValueKind == JsonValueKind.Number && v.TryGetInt32(out var i))
            {
                return i;
            }
        }

        return null;
    }
}
