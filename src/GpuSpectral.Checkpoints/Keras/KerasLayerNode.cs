using System.Text.Json;

namespace GpuSpectral.Checkpoints.Keras;

/// <summary>
/// One layer of a Keras model config (<c>model_config</c> attribute or <c>config.json</c>), reduced to what the
/// readers need: class, name, the flags that decide which variables exist, nested layers and wrapped layers.
/// </summary>
internal sealed class KerasLayerNode
{
    /// <summary>Largest number of layer entries accepted in one config (bounds work on hostile JSON).</summary>
    private const int MaxNodes = 1_000_000;

    /// <summary>Nesting depth accepted for layers inside layers.</summary>
    private const int MaxDepth = 32;

    private KerasLayerNode(string className, string? name)
    {
        ClassName = className;
        Name = name;
    }

    /// <summary>Keras class name (for example <c>Dense</c>), or empty when the config does not say.</summary>
    public string ClassName { get; }

    /// <summary>The layer's own name from its config, or null.</summary>
    public string? Name { get; }

    /// <summary><c>use_bias</c> from the config, or null when absent.</summary>
    public bool? UseBias { get; private set; }

    /// <summary><c>center</c> from the config (normalisation layers), or null when absent.</summary>
    public bool? Center { get; private set; }

    /// <summary><c>scale</c> from the config (normalisation layers), or null when absent.</summary>
    public bool? Scale { get; private set; }

    /// <summary>Nested layers of a sub-model, in config order.</summary>
    public List<KerasLayerNode> Layers { get; } = [];

    /// <summary>Wrapped layers: <c>layer</c> (TimeDistributed, Bidirectional) then <c>backward_layer</c>.</summary>
    public List<KerasLayerNode> Wrapped { get; } = [];

    /// <summary>
    /// Parses a model config. Throws <see cref="JsonException"/> for text that is not JSON (the caller turns it into a
    /// <see cref="GpuSpectral.Core.Errors.CheckpointFormatException"/>) and <see cref="FormatException"/> when the
    /// root is not a layer object. Unexpected shapes deeper in the tree are ignored: they only cost hints.
    /// </summary>
    public static KerasLayerNode Parse(string json)
    {
        using var doc = JsonDocument.Parse(json, new JsonDocumentOptions { MaxDepth = 256 });
        if (doc.RootElement.ValueKind != JsonValueKind.Object)
        {
            throw new FormatException("the model config is not a JSON object");
        }

        var budget = MaxNodes;
        return Build(doc.RootElement, 0, ref budget);
    }

    /// <summary>The nested layer called <paramref name="name"/>, or null.</summary>
    public KerasLayerNode? FindLayer(string name)
    {
        foreach (var l in Layers)
        {
            if (l.Name == name)
            {
                return l;
            }
        }

        return null;
    }

    private static KerasLayerNode Build(JsonElement e, int depth, ref int budget)
    {
        if (--budget < 0 || depth > MaxDepth)
        {
            throw new FormatException("the model config is too large or too deeply nested");
        }

        var cls = Str(e, "class_name") ?? string.Empty;
        JsonElement config = default;
        var hasConfig = e.TryGetProperty("config", out config);
        var name = (hasConfig && config.ValueKind == JsonValueKind.Object ? Str(config, "name") : null) ?? Str(e, "name");
        var node = new KerasLayerNode(cls, name);
        if (!hasConfig)
        {
            return node;
        }

        // Keras 2.2-era Sequential: "config" is the list of layers itself.
        if (config.ValueKind == JsonValueKind.Array)
        {
            node.AddLayers(config, depth, ref budget);
            return node;
        }

        if (config.ValueKind != JsonValueKind.Object)
        {
            return node;
        }

        node.UseBias = Bool(config, "use_bias");
        node.Center = Bool(config, "center");
        node.Scale = Bool(config, "scale");
        if (config.TryGetProperty("layers", out var layers) && layers.ValueKind == JsonValueKind.Array)
        {
            node.AddLayers(layers, depth, ref budget);
        }

        foreach (var key in (ReadOnlySpan<string>)["layer", "backward_layer"])
        {
            if (config.TryGetProperty(key, out var inner) && inner.ValueKind == JsonValueKind.Object)
            {
                node.Wrapped.Add(Build(inner, depth + 1, ref budget));
            }
        }

        return node;
    }

    private void AddLayers(JsonElement array, int depth, ref int budget)
    {
        foreach (var item in array.EnumerateArray())
        {
            if (item.ValueKind == JsonValueKind.Object)
            {
                Layers.Add(Build(item, depth + 1, ref budget));
            }
        }
    }

    private static string? Str(JsonElement e, string key) =>
        e.TryGetProperty(key, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;

    private static bool? Bool(JsonElement e, string key) =>
        e.TryGetProperty(key, out var v) && v.ValueKind is JsonValueKind.True or JsonValueKind.False
            ? v.GetBoolean()
            : null;
}
