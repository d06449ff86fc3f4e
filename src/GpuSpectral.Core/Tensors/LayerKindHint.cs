namespace GpuSpectral.Core.Tensors;

/// <summary>
/// What the file says a tensor is (the consuming graph node or the layer class), when it says so. Layer planning
/// uses it before falling back to the tensor's rank.
/// </summary>
public enum LayerKindHint
{
    /// <summary>Nothing known: planning goes by rank and name.</summary>
    None,

    /// <summary>A fully connected weight (Linear, Dense, MatMul/Gemm operand).</summary>
    Dense,

    /// <summary>A 1-D convolution kernel (3-D tensor).</summary>
    Conv1D,

    /// <summary>A 2-D convolution kernel (4-D tensor).</summary>
    Conv2D,

    /// <summary>A depthwise (grouped, one input channel per group) convolution kernel.</summary>
    DepthwiseConv,

    /// <summary>A transposed convolution kernel (in, out/g, kh, kw in PyTorch layout).</summary>
    ConvTranspose,

    /// <summary>An embedding table (vocab, dim).</summary>
    Embedding,

    /// <summary>A recurrent input or hidden weight (LSTM/GRU/RNN), gate blocks stacked along the first axis in
    /// PyTorch layout (4H or 3H rows) or the last axis in Keras layout.</summary>
    Recurrent,

    /// <summary>A normalisation scale or shift.</summary>
    Norm,
}
