using System.Text.Json;
using GpuSpectral.Core.Tensors;

namespace GpuSpectral.Checkpoints.TfJs;

/// <summary>Layer-kind hints for TF.js weight names, from a layers-model or graph-model topology.</summary>
internal sealed class TopologyHints
{
    private const int MaxVisited = 1_000_000;

    private readonly Dictionary<string, string> _layerClass = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _consumerOp = new(StringComparer.Ordinal);
    private int _visited;

    /// <summary>No topology: every hint is <see cref="LayerKindHint.None"/>.</summary>
    public static TopologyHints Empty { get; } = new();

    /// <summary>Collects layer classes (layers-model) and consumer ops (graph-model) from the topology.</summary>
    public static TopologyHints From(JsonElement topology)
    {
        var h = new TopologyHints();
        h.Visit(topology);
        if (topology.ValueKind == JsonValueKind.Object && topology.TryGetProperty("node", out var nodes)
            && nodes.ValueKind == JsonValueKind.Array)
        {
            foreach (var node in nodes.EnumerateArray())
            {
                if (node.ValueKind != JsonValueKind.Object || !node.TryGetProperty("op", out var op)
                    || op.ValueKind != JsonValueKind.String || !node.TryGetProperty("input", out var inputs)
                    || inputs.ValueKind != JsonValueKind.Array)
                {
                    continue;
                }

                var index = 0;
                foreach (var input in inputs.EnumerateArray())
                {
                    if (input.ValueKind == JsonValueKind.String)
                    {
                        var name = input.GetString()!;
                        var colon = name.IndexOf(':', StringComparison.Ordinal);
                        name = colon >= 0 ? name[..colon] : name;
                        h._consumerOp.TryAdd(name, op.GetString() + "#" + index);
                    }

                    index++;
                }
            }
        }

        return h;
    }

    /// <summary>The hint for a manifest weight name.</summary>
    public LayerKindHint Hint(string weightName)
    {
        if (_consumerOp.TryGetValue(weightName, out var consumer))
        {
            return consumer switch
            {
                "MatMul#1" or "_FusedMatMul#1" => LayerKindHint.Dense,
                "Conv2D#1" or "_FusedConv2D#1" => LayerKindHint.Conv2D,
                "DepthwiseConv2dNative#1" or "FusedDepthwiseConv2dNative#1" => LayerKindHint.DepthwiseConv,
                "Conv2DBackpropInput#1" => LayerKindHint.ConvTranspose,
                "ResourceGather#0" or "GatherV2#0" => LayerKindHint.Embedding,
                _ => LayerKindHint.None,
            };
        }

        var segments = weightName.Split('/');
        if (segments.Length < 2)
        {
            return LayerKindHint.None;
        }

        var variable = segments[^1];
        var colon = variable.IndexOf(':', StringComparison.Ordinal);
        variable = colon >= 0 ? variable[..colon] : variable;
        for (var i = segments.Length - 2; i >= 0; i--)
        {
            if (_layerClass.TryGetValue(segments[i], out var cls))
            {
                return KindOf(cls, variable);
            }
        }

        return LayerKindHint.None;
    }

    private static LayerKindHint KindOf(string cls, string variable) => (cls, variable) switch
    {
        ("Dense", "kernel") => LayerKindHint.Dense,
        ("Conv1D", "kernel") => LayerKindHint.Conv1D,
        ("Conv2D", "kernel") => LayerKindHint.Conv2D,
        ("DepthwiseConv2D", "depthwise_kernel" or "kernel") => LayerKindHint.DepthwiseConv,
        ("SeparableConv2D" or "SeparableConv1D", "depthwise_kernel") => LayerKindHint.DepthwiseConv,
        ("SeparableConv2D", "pointwise_kernel") => LayerKindHint.Conv2D,
        ("SeparableConv1D", "pointwise_kernel") => LayerKindHint.Conv1D,
        ("Conv2DTranspose" or "Conv1DTranspose" or "Conv3DTranspose", "kernel") => LayerKindHint.ConvTranspose,
        ("Embedding", "embeddings") => LayerKindHint.Embedding,
        ("LSTM" or "GRU" or "SimpleRNN" or "LSTMCell" or "GRUCell" or "SimpleRNNCell",
            "kernel" or "recurrent_kernel") => LayerKindHint.Recurrent,
        _ => LayerKindHint.None,
    };

    private void Visit(JsonElement e)
    {
        if (++_visited > MaxVisited)
        {
            return;
        }

        switch (e.ValueKind)
        {
            case JsonValueKind.Object:
                if (e.TryGetProperty("class_name", out var cls) && cls.ValueKind == JsonValueKind.String
                    && e.TryGetProperty("config", out var config) && config.ValueKind == JsonValueKind.Object
                    && config.TryGetProperty("name", out var name) && name.ValueKind == JsonValueKind.String)
                {
                    var cn = cls.GetString()!;

                    // Wrappers (Bidirectional, TimeDistributed) take the class of the layer they wrap.
                    if (config.TryGetProperty("layer", out var inner) && inner.ValueKind == JsonValueKind.Object
                        && inner.TryGetProperty("class_name", out var ic) && ic.ValueKind == JsonValueKind.String)
                    {
                        cn = ic.GetString()!;
                    }

                    _layerClass.TryAdd(name.GetString()!, cn);
                }

                foreach (var p in e.EnumerateObject())
                {
                    Visit(p.Value);
                }

                break;
            case JsonValueKind.Array:
                foreach (var item in e.EnumerateArray())
                {
                    Visit(item);
                }

                break;
        }
    }
}
