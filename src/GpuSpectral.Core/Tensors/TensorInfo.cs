namespace GpuSpectral.Core.Tensors;

/// <summary>Description of one stored tensor: what a reader enumerates before reading any data.</summary>
/// <param name="Name">Tensor name exactly as stored (for example <c>model.layers.0.mlp.up_proj.weight</c>).</param>
/// <param name="DType">Element type as stored.</param>
/// <param name="Shape">Dimensions, outermost first (C order). Empty for a scalar. Never modified after creation.</param>
/// <param name="ByteLength">Bytes of element data as stored (before any decompression this is the decoded size).</param>
/// <param name="SourceFile">Path of the file that holds the data (a shard for sharded checkpoints).</param>
public sealed record TensorInfo(string Name, DType DType, long[] Shape, long ByteLength, string SourceFile)
{
    /// <summary>Number of elements: the product of <see cref="Shape"/> (1 for a scalar).</summary>
    /// <exception cref="OverflowException">The product does not fit in a 64-bit integer.</exception>
    public long ElementCount
    {
        get
        {
            long n = 1;
            foreach (var d in Shape)
            {
                n = checked(n * d);
            }

            return n;
        }
    }

    /// <summary>Axis convention of the tensor when the file states it (Keras/TF.js kernels, ONNX graph weights).</summary>
    public WeightLayout Layout { get; init; } = WeightLayout.Unknown;

    /// <summary>Layer kind when the file states it (consuming ONNX node, Keras layer class), else None.</summary>
    public LayerKindHint KindHint { get; init; } = LayerKindHint.None;

    /// <summary>
    /// The element type as the format names it, when it is not simply <see cref="DType"/>: for example
    /// <c>Q4_K</c> for a GGUF block-quantized tensor (decoded to <see cref="DType.F32"/> values) or
    /// <c>uint8-affine</c> for TF.js quantization. Null means <see cref="DType"/> says it all.
    /// </summary>
    public string? FormatDType { get; init; }

    /// <summary>The dtype to show users: <see cref="FormatDType"/> or else <see cref="DType"/>.</summary>
    public string DisplayDType => FormatDType ?? DType.ToString();

    /// <summary>Number of dimensions.</summary>
    public int Rank => Shape.Length;

    /// <summary>Shape written as <c>(d0, d1, …)</c> for messages and tables.</summary>
    public string ShapeText => "(" + string.Join(", ", Shape) + ")";
}
