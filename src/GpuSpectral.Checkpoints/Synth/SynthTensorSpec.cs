namespace GpuSpectral.Checkpoints.Synth;

/// <summary>What a synthetic tensor holds, which decides how its values are drawn.</summary>
public enum SynthTensorRole
{
    /// <summary>A 2-D weight matrix or embedding: heavy-tailed values plus a planted low-rank part.</summary>
    Matrix,

    /// <summary>A norm's scale vector: values near 1.</summary>
    NormScale,

    /// <summary>A bias vector (or a LayerNorm shift): small heavy-tailed values, no low-rank part.</summary>
    Bias,
}

/// <summary>One tensor of a synthetic checkpoint.</summary>
/// <param name="Name">The tensor's name in the checkpoint.</param>
/// <param name="Shape">Dimensions, row-major (1-D or 2-D).</param>
/// <param name="Layer">Transformer block index, or -1 for embeddings, final norm and LM head.</param>
/// <param name="Role">How its values are drawn.</param>
public sealed record SynthTensorSpec(string Name, IReadOnlyList<long> Shape, int Layer, SynthTensorRole Role)
{
    /// <summary>Number of elements (product of <see cref="Shape"/>).</summary>
    public long ElementCount => Shape.Aggregate(1L, (a, b) => a * b);

    /// <summary>Rows as generated: the first dimension of a matrix, 1 for a vector.</summary>
    public long Rows => Shape.Count > 1 ? Shape[0] : 1;

    /// <summary>Columns as generated: the last dimension.</summary>
    public long Columns => Shape[^1];
}
