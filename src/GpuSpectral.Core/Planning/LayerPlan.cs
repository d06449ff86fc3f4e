using GpuSpectral.Core.Tensors;

namespace GpuSpectral.Core.Planning;

/// <summary>Memory layout of a 4-D convolution kernel.</summary>
public enum ConvLayout
{
    /// <summary>Not a convolution.</summary>
    None,

    /// <summary>PyTorch/ONNX (out, in, kh, kw): slice (i, j) is the out×in matrix T[:, :, i, j].</summary>
    OutInHW,

    /// <summary>Keras/TF (kh, kw, in, out): slice (i, j) is the in×out matrix T[i, j, :, :].</summary>
    HWInOut,
}

/// <summary>
/// One tensor of the checkpoint after planning: its identity, its matrices' geometry, and either how it will be
/// analysed or why it is skipped.
/// </summary>
public sealed record LayerPlan
{
    /// <summary>Layer id (WeightWatcher numbering: every non-bias tensor takes one, skipped or not).</summary>
    public required int LayerId { get; init; }

    /// <summary>Tensor name without a trailing <c>.weight</c>.</summary>
    public required string Name { get; init; }

    /// <summary>The stored tensor.</summary>
    public required TensorInfo Tensor { get; init; }

    /// <summary>Layer kind.</summary>
    public required LayerType Type { get; init; }

    /// <summary>Larger matrix dimension (as reported; WeightWatcher mode may report it swapped for some convs).</summary>
    public int N { get; init; }

    /// <summary>Smaller matrix dimension (as reported).</summary>
    public int M { get; init; }

    /// <summary>Receptive field: kh·kw for Conv2D, 1 otherwise.</summary>
    public int Rf { get; init; } = 1;

    /// <summary>Number of matrices (slices): kh·kw for Conv2D, 1 for dense.</summary>
    public int SliceCount { get; init; } = 1;

    /// <summary>Rows of each slice matrix as extracted.</summary>
    public int SliceRows { get; init; }

    /// <summary>Columns of each slice matrix as extracted.</summary>
    public int SliceCols { get; init; }

    /// <summary>Number of eigenvalues the layer yields: min(rows, cols)·slices.</summary>
    public int NumEvals { get; init; }

    /// <summary>Convolution layout, or <see cref="ConvLayout.None"/>.</summary>
    public ConvLayout Layout { get; init; }

    /// <summary>
    /// Eigenvalue scale of the normalisation: 0.5 for Conv2D with conv2d_norm (W·sqrt(1/2)), else 1. Exact.
    /// </summary>
    public double EvalScale { get; init; } = 1.0;

    /// <summary>Matrix scale factor sqrt(<see cref="EvalScale"/>), WeightWatcher's <c>w_norm</c>.</summary>
    public double NormFactor => Math.Sqrt(EvalScale);

    /// <summary>Rows of a 2-D weight that form this layer (a part of a fused or gated weight), or null for all.</summary>
    public AxisBlocks? Rows { get; init; }

    /// <summary>Columns of a 2-D weight that form this layer, or null for all.</summary>
    public AxisBlocks? Cols { get; init; }

    /// <summary>True when the layer is a part (rows or columns) of its tensor.</summary>
    public bool IsPart => Rows is not null || Cols is not null;

    /// <summary>A remark for <c>describe</c> (for example why a fused weight was not split); null if none.</summary>
    public string? Note { get; init; }

    /// <summary>Why the layer is not analysed; null when it is analysed.</summary>
    public string? SkipReason { get; init; }

    /// <summary>True when the layer will be analysed.</summary>
    public bool IsAnalysed => SkipReason is null;

    /// <summary>N/M, or −1 when M is 0 (WeightWatcher's convention).</summary>
    public double Q => M == 0 ? -1 : (double)N / M;
}
