namespace GpuSpectral.Checkpoints.Synth;

/// <summary>
/// The dimensions of one (possibly scaled) architecture, as written to <c>config.json</c>.
/// </summary>
/// <param name="Architecture">Which architecture.</param>
/// <param name="HiddenSize">Model width (embedding size).</param>
/// <param name="IntermediateSize">MLP inner width.</param>
/// <param name="LayerCount">Number of transformer blocks.</param>
/// <param name="HeadCount">Attention heads.</param>
/// <param name="KeyValueHeadCount">Key/value heads (equal to <paramref name="HeadCount"/> without GQA).</param>
/// <param name="VocabSize">Vocabulary size (rows of the embedding and LM head).</param>
/// <param name="MaxPositions">Context length (rows of GPT-2's <c>wpe</c>; only written to the config for the
/// others).</param>
public sealed record SynthModelConfig(
    SynthArchitecture Architecture,
    int HiddenSize,
    int IntermediateSize,
    int LayerCount,
    int HeadCount,
    int KeyValueHeadCount,
    int VocabSize,
    int MaxPositions)
{
    /// <summary>Per-head width: <see cref="HiddenSize"/> / <see cref="HeadCount"/> (always exact).</summary>
    public int HeadDim => HiddenSize / HeadCount;

    /// <summary>Width of the key and value projections: <see cref="KeyValueHeadCount"/> · <see cref="HeadDim"/>.</summary>
    public int KeyValueSize => KeyValueHeadCount * HeadDim;

    /// <summary>The published, unscaled dimensions of <paramref name="architecture"/>.</summary>
    public static SynthModelConfig Published(SynthArchitecture architecture) => architecture switch
    {
        SynthArchitecture.Llama7B => new(architecture, 4096, 11008, 32, 32, 32, 32000, 2048),
        SynthArchitecture.Llama3x8B => new(architecture, 4096, 14336, 32, 32, 8, 128256, 8192),
        SynthArchitecture.Mistral7B => new(architecture, 4096, 14336, 32, 32, 8, 32000, 32768),
        SynthArchitecture.Gpt2 => new(architecture, 768, 3072, 12, 12, 12, 50257, 1024),
        _ => throw new ArgumentOutOfRangeException(nameof(architecture), architecture, "unknown architecture"),
    };

    /// <summary>
    /// The dimensions of <paramref name="architecture"/> shrunk by <paramref name="scale"/>. The rule: head counts
    /// are kept; the hidden size becomes <c>heads · max(1, round(hidden·S / heads))</c> so the head width stays
    /// whole (and key/value widths follow as <c>kvHeads · headDim</c>); the MLP width becomes
    /// <c>8 · max(1, round(intermediate·S / 8))</c>; vocabulary and context length become
    /// <c>max(8, round(n·S))</c>; the layer count is kept unless <paramref name="layers"/> is given. Rounding is
    /// half away from zero. <c>S = 1</c> gives <see cref="Published"/> exactly.
    /// </summary>
    /// <param name="architecture">Which architecture.</param>
    /// <param name="scale">0 &lt; S ≤ 1.</param>
    /// <param name="layers">Layer count override (≥ 1), or null for the architecture's own.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="scale"/> outside (0, 1] or NaN, or
    /// <paramref name="layers"/> &lt; 1.</exception>
    public static SynthModelConfig Scaled(SynthArchitecture architecture, double scale, int? layers = null)
    {
        if (!(scale > 0 && scale <= 1))
        {
            throw new ArgumentOutOfRangeException(nameof(scale), scale, "scale must be in (0, 1]");
        }

        if (layers is < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(layers), layers, "layer count must be at least 1");
        }

        var p = Published(architecture);
        return p with
        {
            HiddenSize = p.HeadCount * Math.Max(1, Round(p.HiddenSize * scale / p.HeadCount)),
            IntermediateSize = 8 * Math.Max(1, Round(p.IntermediateSize * scale / 8)),
            VocabSize = Math.Max(8, Round(p.VocabSize * scale)),
            MaxPositions = Math.Max(8, Round(p.MaxPositions * scale)),
            LayerCount = layers ?? p.LayerCount,
        };
    }

    private static int Round(double x) => (int)Math.Round(x, MidpointRounding.AwayFromZero);
}
