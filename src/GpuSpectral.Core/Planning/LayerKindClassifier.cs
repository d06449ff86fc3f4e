using System.Text.RegularExpressions;
using GpuSpectral.Core.Tensors;

namespace GpuSpectral.Core.Planning;

/// <summary>
/// Decides the logical kind of a tensor from the file's hint, its rank and its name. In WeightWatcher mode only the
/// rank counts (2-D dense, 4-D conv2d), as in WeightWatcher's state-dict path.
/// </summary>
internal static partial class LayerKindClassifier
{
    public static LayerType Classify(TensorInfo t, string name, CompatMode compat)
    {
        if (compat == CompatMode.WeightWatcher)
        {
            return t.Rank switch { 2 => LayerType.Dense, 4 => LayerType.Conv2D, 1 => LayerType.Norm, _ => LayerType.Unsupported };
        }

        switch (t.KindHint)
        {
            case LayerKindHint.Norm:
                return LayerType.Norm;
            case LayerKindHint.DepthwiseConv:
                return LayerType.DepthwiseConv;
            case LayerKindHint.Embedding when t.Rank == 2:
                return LayerType.Embedding;
            case LayerKindHint.Recurrent when t.Rank is 2 or 3:
                return LayerType.Recurrent;
            case LayerKindHint.Conv1D when t.Rank == 3:
                return LayerType.Conv1D;
            default:
                break;
        }

        return t.Rank switch
        {
            1 => LayerType.Norm,
            2 when RecurrentName().IsMatch(name) => LayerType.Recurrent,
            2 when EmbeddingName().IsMatch(name) => LayerType.Embedding,
            2 => LayerType.Dense,
            3 => LayerType.Conv1D,
            4 => LayerType.Conv2D,
            _ => LayerType.Unsupported,
        };
    }

    /// <summary>PyTorch RNN/LSTM/GRU parameter names: <c>weight_ih_l0</c>, <c>weight_hh_l1_reverse</c>.</summary>
    [GeneratedRegex(@"(^|\.)weight_(ih|hh)_l\d+(_reverse)?$", RegexOptions.CultureInvariant)]
    public static partial Regex RecurrentName();

    /// <summary>Common embedding-table names (HF, GPT-2, LLaMA, BERT).</summary>
    [GeneratedRegex(
        @"(^|[./])(embed_tokens|wte|wpe|tok_embeddings|word_embeddings|position_embeddings|token_type_embeddings|embed_positions|embeddings?|tok_embed|embed)$",
        RegexOptions.CultureInvariant)]
    private static partial Regex EmbeddingName();
}
