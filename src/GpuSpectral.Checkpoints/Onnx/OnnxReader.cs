using System.Globalization;
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
public sealed class OnnxReader : ICheckpointReader
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

    private sealed class Scope(Scope? parent)
    {
        public Scope? Parent { get; } = parent;

        public Dictionary<string, OnnxTensor> Tensors { get; } = new(StringComparer.Ordinal);

        public HashSet<string> Sparse { get; } = new(StringComparer.Ordinal);

        public bool Defines(string name)
        {
            for (var s = this; s is not null; s = s.Parent)
            {
                if (s.Tensors.ContainsKey(name) || s.Sparse.Contains(name))
                {
                    return true;
                }
            }

            return false;
        }

        public OnnxTensor? Find(string name, out bool sparse)
        {
            for (var s = this; s is not null; s = s.Parent)
            {
                if (s.Tensors.TryGetValue(name, out var t))
                {
                    sparse = false;
                    return t;
                }

                if (s.Sparse.Contains(name))
                {
                    sparse = true;
                    return null;
                }
            }

            sparse = false;
            return null;
        }
    }

    private void Define(Scope scope, string name, OnnxTensor t)
    {
        if (scope.Defines(name))
        {
            throw Error("duplicate tensor name (initializer or Constant output defined twice)", name,
                t.MessageStart);
        }

        scope.Tensors.Add(name, t);
    }

    private void Walk(OnnxGraph graph, Scope? parent)
    {
        var scope = new Scope(parent);
        foreach (var init in graph.Initializers)
        {
            if (init.Name.Length == 0)
            {
                throw Error("initializer without a name", offset: init.MessageStart);
            }

            Define(scope, init.Name, init);
        }

        foreach (var name in graph.SparseInitializerNames)
        {
            if (name.Length > 0 && !scope.Defines(name))
            {
                scope.Sparse.Add(name);
            }
        }

        foreach (var node in graph.Nodes)
        {
            if (node.OpType == "Constant" && node.IsDefaultDomain && node.Outputs.Count > 0
                && node.Outputs[0].Length > 0)
            {
                var value = node.Attribute("value");
                if (value?.T is not null)
                {
                    Define(scope, node.Outputs[0], value.T);
                }
                else if (node.Attribute("sparse_value") is { HasSparseTensor: true } && !scope.Defines(node.Outputs[0]))
                {
                    scope.Sparse.Add(node.Outputs[0]);
                }
            }
        }

        foreach (var node in graph.Nodes)
        {
            if (node.IsDefaultDomain)
            {
                Consume(node, scope);
            }

            foreach (var attr in node.Attributes)
            {
                foreach (var sub in attr.Graphs)
                {
                    Walk(sub, scope);
                }
            }
        }
    }

    private void Consume(OnnxNode node, Scope scope)
    {
        switch (node.OpType)
        {
            case "Conv":
                TryList(node, 1, scope, Consumer.Conv);
                break;
            case "ConvTranspose":
                TryList(node, 1, scope, Consumer.ConvTranspose);
                break;
            case "MatMul":
                if (!TryList(node, 1, scope, Consumer.MatMulB) && Input(node, 0, scope) is not null
                    && Input(node, 1, scope) is null)
                {
                    TryList(node, 0, scope, Consumer.MatMulA);
                }

                break;
            case "Gemm":
                TryList(node, 1, scope, (node.Attribute("transB")?.I ?? 0) == 1 ? Consumer.GemmT : Consumer.Gemm);
                break;
            case "LSTM":
            case "GRU":
            case "RNN":
                TryList(node, 1, scope, Consumer.Recurrent);
                TryList(node, 2, scope, Consumer.Recurrent);
                break;
            case "Gather":
                TryList(node, 0, scope, Consumer.Gather);
                break;
        }
    }

    private enum Consumer
    {
        Conv,
        ConvTranspose,
        MatMulB,
        MatMulA,
        Gemm,
        GemmT,
        Recurrent,
        Gather,
    }

    private OnnxTensor? Input(OnnxNode node, int index, Scope scope)
    {
        if (index >= node.Inputs.Count || node.Inputs[index].Length == 0)
        {
            return null;
        }

        var t = scope.Find(node.Inputs[index], out var sparse);
        if (sparse)
        {
            throw Error($"sparse tensors are not supported (consumed by {node.OpType} node '{node.Name}')",
                node.Inputs[index], node.Offset);
        }

        return t;
    }

    /// <summary>Lists input <paramref name="index"/> when it is a constant; true when it is a constant (of any
    /// type, listed or not).</summary>
    private bool TryList(OnnxNode node, int index, Scope scope, Consumer consumer)
    {
        var t = Input(node, index, scope);
        if (t is null)
        {
            return false;
        }

        if (_listed.Contains(t))
        {
            return true;
        }

        var name = node.Inputs[index];
        var dtype = FloatType(t, name);
        if (dtype is null)
        {
            return true;
        }

        var shape = t.Dims.ToArray();
        if (consumer == Consumer.Gather && shape.Length != 2)
        {
            return true;
        }

        if (shape.Length > TensorSizes.MaxRank)
        {
            throw Error($"rank {shape.Length} exceeds the limit of {TensorSizes.MaxRank}", name, t.MessageStart);
        }

        if (!TensorSizes.TryByteLength(shape, dtype.Value, out var count, out var bytes))
        {
            throw Error($"dims {string.Join('x', shape)} are negative or their product overflows", name,
                t.MessageStart);
        }

        if (t.HasSegment)
        {
            throw Error("segmented tensors are not supported", name, t.MessageStart);
        }

        var (storage, source, offset) = Locate(t, name, dtype.Value, count, bytes);
        var (kind, layout) = Hint(node, consumer, shape);
        var info = new TensorInfo(name, dtype.Value, shape, bytes, source.Path)
        {
            KindHint = kind,
            Layout = layout,
        };
        if (!_byName.TryAdd(name, new Entry(info, t, storage, source, offset)))
        {
            throw Error("two different weights have the same name", name, t.MessageStart);
        }

        _listed.Add(t);
        _tensors.Add(info);
        return true;
    }

    private static (LayerKindHint Kind, WeightLayout Layout) Hint(OnnxNode node, Consumer consumer, long[] shape)
    {
        switch (consumer)
        {
            case Consumer.Conv:
                var group = node.Attribute("group")?.I ?? 1;
                if (shape.Length >= 3 && group == shape[0] && shape[1] == 1)
                {
                    return (LayerKindHint.DepthwiseConv, WeightLayout.PyTorch);
                }

                return (shape.Length switch
                {
                    4 => LayerKindHint.Conv2D,
                    3 => LayerKindHint.Conv1D,
                    _ => LayerKindHint.None,
                }, WeightLayout.PyTorch);
            case Consumer.ConvTranspose:
                return (LayerKindHint.ConvTranspose, WeightLayout.PyTorch);
            case Consumer.MatMulB:
            case Consumer.Gemm:
                return (LayerKindHint.Dense, WeightLayout.Keras);
            case Consumer.MatMulA:
            case Consumer.GemmT:
                return (LayerKindHint.Dense, WeightLayout.PyTorch);
            case Consumer.Recurrent:
                return (LayerKindHint.Recurrent, WeightLayout.PyTorch);
            default:
                return (LayerKindHint.Embedding, WeightLayout.PyTorch);
        }
    }

    /// <summary>The DType of a float tensor; null for other known types; throws for unknown types.</summary>
    private DType? FloatType(OnnxTensor t, string name)
    {
        switch (t.DataType)
        {
            case 1:
                return DType.F32;
            case 10:
                return DType.F16;
            case 11:
                return DType.F64;
            case 16:
                return DType.BF16;
            case >= 2 and <= 26:
                return null;
            default:
                throw Error($"unknown TensorProto data_type {t.DataType}", name, t.MessageStart);
        }
    }

    private (OnnxStorage Storage, MappedFile Source, long Offset) Locate(
        OnnxTensor t, string name, DType dtype, long count, long bytes)
    {
        if (t.DataLocation == 1)
        {
            if (t.RawOffset >= 0 || t.TypedCount > 0)
            {
                throw Error("external tensor also has values in the file", name, t.MessageStart);
            }

            var (file, offset) = ResolveExternal(t, name, bytes);
            return (OnnxStorage.External, file, offset);
        }

        if (t.DataLocation != 0)
        {
            throw Error($"unknown data_location {t.DataLocation}", name, t.MessageStart);
        }

        if (t.RawOffset >= 0)
        {
            if (t.TypedCount > 0)
            {
                throw Error("tensor has both raw_data and typed values", name, t.MessageStart);
            }

            if (t.RawLength != bytes)
            {
                throw Error($"raw_data holds {t.RawLength} bytes but dims x element size is {bytes}", name,
                    t.RawOffset);
            }

            return (OnnxStorage.Raw, _file, t.RawOffset);
        }

        long expected;
        string field;
        switch (dtype)
        {
            case DType.F32:
                expected = t.FloatCount;
                field = "float_data";
                break;
            case DType.F64:
                expected = t.DoubleCount;
                field = "double_data";
                break;
            default:
                expected = t.Int32Count;
                field = "int32_data";
                break;
        }

        if (expected != t.TypedCount)
        {
            throw Error($"values are stored in a field other than {field} for its data_type", name, t.MessageStart);
        }

        if (expected != count)
        {
            throw Error($"{field} holds {expected} values but dims give {count}", name, t.MessageStart);
        }

        return (count == 0 ? OnnxStorage.None : OnnxStorage.Typed, _file, 0);
    }

    private (MappedFile File, long Offset) ResolveExternal(OnnxTensor t, string name, long bytes)
    {
        string? location = null;
        long offset = 0;
        long? length = null;
        foreach (var (key, value) in t.ExternalData)
        {
            switch (key)
            {
                case "location":
                    if (location is not null)
                    {
                        throw Error("external_data has two 'location' entries", name, t.MessageStart);
                    }

                    location = value;
                    break;
                case "offset":
                    offset = ParseNonNegative(value, "offset", name, t);
                    break;
                case "length":
                    length = ParseNonNegative(value, "length", name, t);
                    break;
                case "checksum":
                    break;
                default:
                    throw Error($"unknown external_data key '{key}'", name, t.MessageStart);
            }
        }

        if (string.IsNullOrEmpty(location))
        {
            throw Error("external tensor has no 'location'", name, t.MessageStart);
        }

        if (length is not null && length.Value != bytes)
        {
            throw Error($"external length {length} differs from dims x element size {bytes}", name,
                t.MessageStart);
        }

        var full = CheckLocation(location, name, t);
        if (!_external.TryGetValue(full, out var file))
        {
            file = MappedFile.Open(full);
            _external.Add(full, file);
        }

        if (!file.Contains(offset, bytes))
        {
            throw Error($"external range [{offset}, {offset} + {bytes}) lies outside '{location}' of "
                        + $"{file.Length} bytes", name, t.MessageStart);
        }

        return (file, offset);
    }

    private long ParseNonNegative(string value, string key, string name, OnnxTensor t)
    {
        if (value.Length == 0 || value.Length > 19 || !value.All(char.IsAsciiDigit)
            || !long.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var n))
        {
            throw Error($"external_data '{key}' is not a non-negative integer: '{Short(value)}'", name,
                t.MessageStart);
        }

        return n;
    }

    private static string Short(string s) => s.Length <= 64 ? s : s[..64] + "…";

    private string CheckLocation(string location, string name, OnnxTensor t)
    {
        if (location.Contains('\0', StringComparison.Ordinal) || location.Contains(':', StringComparison.Ordinal)
            || location[0] is '/' or '\\' || System.IO.Path.IsPathRooted(location))
        {
            throw Error($"external location '{Short(location)}' must be a relative path inside the model's folder",
                name, t.MessageStart);
        }

        var segments = location.Split('/', '\\');
        if (segments.Any(s => s == ".."))
        {
            throw Error($"external location '{Short(location)}' has a '..' segment (path traversal)", name,
                t.MessageStart);
        }

        var root = System.IO.Path.TrimEndingDirectorySeparator(_folder);
        var full = System.IO.Path.GetFullPath(System.IO.Path.Combine(root, location));
        if (!full.StartsWith(root + System.IO.Path.DirectorySeparatorChar, StringComparison.Ordinal))
        {
            throw Error($"external location '{Short(location)}' leaves the model's folder", name, t.MessageStart);
        }

        var current = root;
        foreach (var segment in segments)
        {
            if (segment.Length == 0 || segment == ".")
            {
                continue;
            }

            current = System.IO.Path.Combine(current, segment);
            FileSystemInfo info = Directory.Exists(current) ? new DirectoryInfo(current) : new FileInfo(current);
            if (!info.Exists)
            {
                throw Error($"external data file '{Short(location)}' does not exist", name, t.MessageStart);
            }

            if (info.LinkTarget is not null || (info.Attributes & FileAttributes.ReparsePoint) != 0)
            {
                throw Error($"external location '{Short(location)}' goes through a symbolic link", name,
                    t.MessageStart);
            }
        }

        if (!File.Exists(full))
        {
            throw Error($"external data file '{Short(location)}' does not exist", name, t.MessageStart);
        }

        return full;
    }

    private void ReadTyped(Entry e, Span<double> destination)
    {
        var count = TensorDataDecoder.CheckDestination(e.Info, destination);
        var t = e.Tensor;
        var data = _file.Span(0, (int)_file.Length);
        var r = new ProtoReader(data, t.MessageStart, t.MessageEnd, Path);
        var fieldNumber = e.Info.DType switch
        {
            DType.F32 => 4,
            DType.F64 => 10,
            _ => 5,
        };
        var k = 0;
        while (r.TryReadTag(out var field, out var wt))
        {
            if (field != fieldNumber)
            {
                r.Skip(wt);
                continue;
            }

            if (wt == WireType.Len)
            {
                var start = r.ReadLength(out var len);
                var sub = new ProtoReader(data, start, start + len, Path);
                while (sub.Position < sub.End)
                {
                    k = ReadOne(ref sub, e, destination, k, count);
                }
            }
            else
            {
                k = ReadOne(ref r, e, destination, k, count);
            }
        }

        if (k != count)
        {
            throw Error($"typed field holds {k} values but dims give {count}", e.Info.Name, t.MessageStart);
        }
    }

    private int ReadOne(ref ProtoReader r, Entry e, Span<double> destination, int k, int count)
    {
        if (k >= count)
        {
            throw Error("typed field holds more values than dims give", e.Info.Name, r.Position);
        }

        var at = r.Position;
        switch (e.Info.DType)
        {
            case DType.F32:
                destination[k] = BitConverter.Int32BitsToSingle((int)r.ReadFixed32());
                break;
            case DType.F64:
                destination[k] = BitConverter.Int64BitsToDouble((long)r.ReadFixed64());
                break;
            default:
                var bits = r.ReadVarint();
                if (bits > 0xFFFF)
                {
                    throw Error($"int32_data value {(long)bits} is not a 16-bit pattern", e.Info.Name, at);
                }

                destination[k] = e.Info.DType == DType.F16
                    ? (double)BitConverter.UInt16BitsToHalf((ushort)bits)
                    : ElementDecoder.BFloat16ToDouble((ushort)bits);
                break;
        }

        return k + 1;
    }

    private sealed record Entry(
        TensorInfo Info, OnnxTensor Tensor, OnnxStorage Storage, MappedFile Source, long DataOffset);
}
