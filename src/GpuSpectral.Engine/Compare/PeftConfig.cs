using System.Globalization;
using System.Text.Json;
using GpuSpectral.Core.Errors;

namespace GpuSpectral.Engine.Compare;

/// <summary>
/// The fields of PEFT's <c>adapter_config.json</c> that set the LoRA scaling: <c>r</c>, <c>lora_alpha</c>,
/// <c>use_rslora</c> and <c>alpha_pattern</c>. Other fields are ignored.
/// </summary>
/// <param name="Path">The config file read, or null when there was none.</param>
/// <param name="Rank">Default rank <c>r</c>, or null.</param>
/// <param name="LoraAlpha">Default <c>lora_alpha</c>, or null.</param>
/// <param name="UseRsLora"><c>use_rslora</c>: scaling = alpha/sqrt(r) instead of alpha/r.</param>
/// <param name="AlphaPattern"><c>alpha_pattern</c>: per-module alpha overrides (key = module-name suffix).</param>
public sealed record PeftConfig(
    string? Path, int? Rank, double? LoraAlpha, bool UseRsLora, IReadOnlyDictionary<string, double> AlphaPattern)
{
    /// <summary>The config of an adapter without <c>adapter_config.json</c>.</summary>
    public static PeftConfig None { get; } = new(null, null, null, false, new Dictionary<string, double>());

    /// <summary>
    /// Reads <c>adapter_config.json</c> from the adapter folder, or from the folder of the adapter file.
    /// Returns <see cref="None"/> when there is no such file.
    /// </summary>
    /// <param name="adapterPath">The adapter checkpoint (file or folder).</param>
    /// <exception cref="CheckpointFormatException">The config exists but is not valid JSON or has wrong types.</exception>
    public static PeftConfig ForAdapter(string adapterPath)
    {
        var folder = Directory.Exists(adapterPath) ? adapterPath : System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(adapterPath));
        var path = folder is null ? null : System.IO.Path.Combine(folder, "adapter_config.json");
        return path is not null && File.Exists(path) ? Read(path) : None;
    }

    /// <summary>Reads one <c>adapter_config.json</c>.</summary>
    /// <exception cref="CheckpointFormatException">Not valid JSON, or a field has the wrong type.</exception>
    public static PeftConfig Read(string path)
    {
        try
        {
            using var doc = JsonDocument.Parse(File.ReadAllBytes(path));
            var root = doc.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                throw new CheckpointFormatException(path, "adapter_config.json is not a JSON object");
            }

            int? rank = root.TryGetProperty("r", out var r) && r.ValueKind == JsonValueKind.Number ? r.GetInt32() : null;
            double? alpha = root.TryGetProperty("lora_alpha", out var a) && a.ValueKind == JsonValueKind.Number
                ? a.GetDouble() : null;
            var rs = root.TryGetProperty("use_rslora", out var u) && u.ValueKind == JsonValueKind.True;
            var pattern = new Dictionary<string, double>(StringComparer.Ordinal);
            if (root.TryGetProperty("alpha_pattern", out var p) && p.ValueKind == JsonValueKind.Object)
            {
                foreach (var kv in p.EnumerateObject())
                {
                    pattern[kv.Name] = kv.Value.GetDouble();
                }
            }

            if (rank is <= 0)
            {
                throw new CheckpointFormatException(path, string.Create(CultureInfo.InvariantCulture, $"r = {rank} must be positive"));
            }

            return new PeftConfig(path, rank, alpha, rs, pattern);
        }
        catch (Exception e) when (e is JsonException or FormatException or InvalidOperationException)
        {
            throw new CheckpointFormatException(path, $"adapter_config.json is malformed: {e.Message}", inner: e);
        }
    }

    /// <summary>
    /// PEFT's scaling of one module: alpha/r (alpha/sqrt(r) with <c>use_rslora</c>), where r is the module's actual
    /// rank (from the tensor shapes, which also covers <c>rank_pattern</c>) and alpha is the <c>alpha_pattern</c>
    /// entry whose key is the module name or a dotted suffix of it, else <c>lora_alpha</c>. Without a config (or
    /// without <c>lora_alpha</c>) alpha is taken equal to r, so the scaling is 1 (1/sqrt(r)·r with rsLoRA).
    /// </summary>
    /// <param name="module">Module name, for example <c>model.layers.0.self_attn.q_proj</c>.</param>
    /// <param name="rank">The module's rank (rows of lora_A).</param>
    public double Scaling(string module, int rank)
    {
        ArgumentNullException.ThrowIfNull(module);
        var alpha = LoraAlpha ?? rank;
        foreach (var (key, value) in AlphaPattern)
        {
            if (module == key || module.EndsWith("." + key, StringComparison.Ordinal))
            {
                alpha = value;
                break;
            }
        }

        return UseRsLora ? alpha / Math.Sqrt(rank) : alpha / rank;
    }
}
