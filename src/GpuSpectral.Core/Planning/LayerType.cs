namespace GpuSpectral.Core.Planning;

/// <summary>Kind of a planned layer, with WeightWatcher's names (<see cref="LayerTypeNames"/>).</summary>
public enum LayerType
{
    /// <summary>A 2-D weight (Linear, HF Conv1D, embedding stored in a state dict).</summary>
    Dense,

    /// <summary>A 4-D convolution kernel analysed as kh·kw slices.</summary>
    Conv2D,

    /// <summary>A 3-D convolution kernel analysed as k slices (pooled like Conv2D, without conv2d_norm).</summary>
    Conv1D,

    /// <summary>An embedding table (analysed as a dense matrix; no silent skips however large).</summary>
    Embedding,

    /// <summary>An LSTM/GRU/RNN input or hidden weight (gate blocks stacked), analysed as a dense matrix.</summary>
    Recurrent,

    /// <summary>A depthwise convolution: no cross-channel matrix, skipped in our default mode.</summary>
    DepthwiseConv,

    /// <summary>A 1-D tensor (norm scale, bias-like vector): never analysed.</summary>
    Norm,

    /// <summary>Any other rank (0-D scalars, 3-D Conv1d, 5-D and more): not analysed by this version.</summary>
    Unsupported,
}

/// <summary>Lower-case names used in the output (<c>dense</c>, <c>conv2d</c>, …), as WeightWatcher writes them.</summary>
public static class LayerTypeNames
{
    /// <summary>The output name of <paramref name="type"/>.</summary>
    public static string Of(LayerType type) => type switch
    {
        LayerType.Dense => "dense",
        LayerType.Conv2D => "conv2d",
        LayerType.Conv1D => "conv1d",
        LayerType.Embedding => "embedding",
        LayerType.Recurrent => "recurrent",
        LayerType.DepthwiseConv => "depthwise",
        LayerType.Norm => "norm",
        _ => "unsupported",
    };

    /// <summary>Parses an output name (case-insensitive).</summary>
    /// <returns>False when the name is unknown.</returns>
    public static bool TryParse(string name, out LayerType type)
    {
        foreach (var t in Enum.GetValues<LayerType>())
        {
            if (string.Equals(Of(t), name, StringComparison.OrdinalIgnoreCase))
            {
                type = t;
                return true;
            }
        }

        type = default;
        return false;
    }
}
