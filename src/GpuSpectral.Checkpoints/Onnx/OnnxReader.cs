using GpuSpectral.Checkpoints.Decoding;
using GpuSpectral.Checkpoints.Interop;
using GpuSpectral.Core.Errors;
using GpuSpectral.Core.Tensors;

namespace GpuSpectral.Checkpoints.Onnx;

/// <summary>
/// Reads the layer weights of an ONNX model (<c>.onnx</c>, a serialized ModelProto) through a read-only memory map and
/// a bounded protobuf pull parser; tensor values are located while parsing and decoded only by
/// <see cref="ReadAsDouble"/>.
/// </summary>
/// <remarks>
/// <para>Which tensors are listed: the graph's nodes are walked in order (a node's subgraphs, such as the branches of
/// <c>If</c> and the bodies of <c>Loop</c> and <c>Scan</c>, are walked where the node stands, in attribute order). Each
/// node of the default domain whose op is a layer takes its weight input(s): <c>Conv</c> and <c>ConvTranspose</c>
/// input 1; <c>MatMul</c> input 1, or input 0 when that is a constant and input 1 is not; <c>Gemm</c> input 1 (B);
/// <c>LSTM</c>, <c>GRU</c> and <c>RNN</c> inputs 1 (W) and 2 (R); <c>Gather</c> input 0 when it has rank 2 (an
/// embedding table). A weight is listed once, at its first consumer, when it is a graph initializer or the
/// <c>value</c> of a <c>Constant</c> node (named by the Constant's output) of a float type (FLOAT, FLOAT16,
/// BFLOAT16, DOUBLE); consumed weights of other known types (for example int8 feeding DequantizeLinear) are skipped.
/// Only consumed weights are listed: biases, BatchNorm parameters and shape constants are not layers.</para>
/// <para>Hints from the consumer: Conv → <see cref="LayerKindHint.Conv2D"/> (rank 4) or
/// <see cref="LayerKindHint.Conv1D"/> (rank 3), or <see cref="LayerKindHint.DepthwiseConv"/> when its <c>group</c>
/// equals the output channel count and each group has one input channel; ConvTranspose →
/// <see cref="LayerKindHint.ConvTranspose"/>; MatMul → <see cref="LayerKindHint.Dense"/>, layout
/// <see cref="WeightLayout.Keras"/> (in, out) for input 1 and <see cref="WeightLayout.PyTorch"/> (out, in) for
/// input 0; Gemm → Dense, PyTorch when <c>transB = 1</c>, else Keras; LSTM/GRU/RNN →
/// <see cref="LayerKindHint.Recurrent"/> (<c>[dirs, gates·H, in]</c>, PyTorch); Gather →
/// <see cref="LayerKindHint.Embedding"/>. Conv and ConvTranspose weights have PyTorch layout.</para>
/// <para>Values may be in <c>raw_data</c>, in the typed fields (<c>float_data</c>, <c>int32_data</c> holding the bit
/// patterns of FLOAT16/BFLOAT16, <c>double_data</c>), or in an external file given by a plain relative path inside
/// the model's folder. Sparse initializers, segmented tensors and FunctionProto bodies are not read (a consumed
/// sparse or segmented weight is an error). Hard links are not detected for external files. Immutable after
/// construction: <see cref="ReadAsDouble"/> may be called from several threads at once.</para>
/// </remarks>
public sealed partial class OnnxReader : ICheckpointReader
{
    private readonly MappedFile _file;
    private readonly Dictionary<string, MappedFile> _external = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Entry> _byName = new(StringComparer.Ordinal);
    private readonly List<TensorInfo> _tensors = [];
    private readonly HashSet<OnnxTensor> _listed = [];
    private readonly string _folder;

    /// <summary>Opens, parses and validates <paramref name="path"/>.</summary>
    /// <param name="path">Path of an <c>.onnx</c> file.</param>
    /// <exception cref="CheckpointFormatException">The file is malformed, unsupported, unsafe or unreadable.</exception>
    public OnnxReader(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        Path = path;
        _folder = System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(path)) ?? ".";
        _file = MappedFile.Open(path);
        try
        {
            if (_file.Length > int.MaxValue)
            {
                throw new CheckpointFormatException(
                    path, $"file of {_file.Length} bytes exceeds protobuf's 2 GiB limit (use external data)");
            }

            var model = OnnxModelParser.Parse(_file.Span(0, (int)_file.Length), path);
            IrVersion = model.IrVersion;
            OpsetVersion = model.OpsetVersion;
            if (model.Graph is null)
            {
                throw new CheckpointFormatException(path, "ModelProto has no graph (field 7)");
            }

            Walk(model.Graph, null);
            Tensors = _tensors.AsReadOnly();
        }
        catch
        {
            Dispose();
            throw;
        }
    }

    /// <inheritdoc/>
    public string Path { get; }

    /// <inheritdoc/>
    public string FormatName => "onnx";

    /// <summary>The model's <c>ir_version</c>.</summary>
    public long IrVersion { get; }

    /// <summary>The version of the default opset (<c>ai.onnx</c>), or 0 when none is declared.</summary>
    public long OpsetVersion { get; }

    /// <summary>Consumed float weights, in the order of their first consuming node (see the class remarks).</summary>
    public IReadOnlyList<TensorInfo> Tensors { get; }

    /// <summary>True when <paramref name="path"/> names a <c>.onnx</c> file (protobuf has no magic number).</summary>
    /// <param name="path">A file path.</param>
    /// <returns>True for the <c>.onnx</c> extension (any case).</returns>
    public static bool LooksLikeOnnx(string path) =>
        path is not null && System.IO.Path.GetExtension(path).Equals(".onnx", StringComparison.OrdinalIgnoreCase);

    /// <inheritdoc/>
    public void ReadAsDouble(TensorInfo tensor, Span<double> destination)
    {
        ArgumentNullException.ThrowIfNull(tensor);
        if (!_byName.TryGetValue(tensor.Name, out var e) || !ReferenceEquals(e.Info, tensor) && !e.Info.Equals(tensor))
        {
            throw new ArgumentException($"tensor '{tensor.Name}' is not from {Path}", nameof(tensor));
        }

        switch (e.Storage)
        {
            case OnnxStorage.Raw:
            case OnnxStorage.External:
                TensorDataDecoder.FromMap(e.Source, e.DataOffset, e.Info, bigEndian: false, destination);
                break;
            case OnnxStorage.Typed:
                ReadTyped(e, destination);
                break;
            default:
                TensorDataDecoder.CheckDestination(e.Info, destination);
                break;
        }
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        foreach (var f in _external.Values)
        {
            f.Dispose();
        }

        _file.Dispose();
    }

    private CheckpointFormatException Error(string reason, string? tensor = null, long? offset = null) =>
        new(Path, reason, tensor, offset);

    private sealed record Entry(
        TensorInfo Info, OnnxTensor Tensor, OnnxStorage Storage, MappedFile Source, long DataOffset);
}
