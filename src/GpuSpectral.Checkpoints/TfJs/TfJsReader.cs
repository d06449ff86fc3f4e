using System.Buffers;
using System.Buffers.Binary;
using System.Text.Json;
using GpuSpectral.Checkpoints.Decoding;
using GpuSpectral.Checkpoints.Interop;
using GpuSpectral.Core.Errors;
using GpuSpectral.Core.Tensors;

namespace GpuSpectral.Checkpoints.TfJs;

/// <summary>
/// Reads a TensorFlow.js model: <c>model.json</c> (a layers-model or graph-model) and the binary shards its
/// <c>weightsManifest</c> names. Within a group the shards are one byte stream in <c>paths</c> order, holding the
/// group's weights back to back in <c>weights</c> order (a weight may straddle two shards); the group's weight bytes
/// must equal the sum of its shard sizes exactly.
/// </summary>
/// <remarks>
/// <para>Tensors come in manifest order (group by group). <c>float32</c>, <c>int32</c> and <c>bool</c> weights are
/// listed; <c>complex64</c> and <c>string</c> weights are stepped over (their bytes are accounted for) but not
/// listed. Quantized weights are decoded as TF.js does: <c>uint8</c>/<c>uint16</c> as <c>q·scale + min</c> rounded to
/// float32 (or to the nearest integer for int32 weights), shown with <see cref="TensorInfo.FormatDType"/>
/// <c>uint8-affine</c>/<c>uint16-affine</c>; <c>float16</c> by widening, with <see cref="DType.F16"/>.
/// <see cref="TensorInfo.ByteLength"/> is the stored (quantized) size.</para>
/// <para>Every weight has <see cref="WeightLayout.Keras"/> layout. The kind hint comes from the layer class in a
/// layers-model topology (the weight name's segments are matched against layer names, right to left): Dense,
/// Conv1D, Conv2D, DepthwiseConv2D/SeparableConv2D, Conv*Transpose, Embedding, and LSTM/GRU/SimpleRNN kernels; in a
/// graph-model, from the op of the first node that consumes the weight (MatMul, Conv2D, DepthwiseConv2dNative and
/// their fused forms).</para>
/// <para>Shard paths must be plain file names in the folder of <c>model.json</c> (no separators, no <c>..</c>, no
/// drive or scheme, no symbolic links). Immutable after construction: <see cref="ReadAsDouble"/> may be called from
/// several threads at once.</para>
/// </remarks>
public sealed class TfJsReader : ICheckpointReader
{
    /// <summary>Largest accepted <c>model.json</c>, in bytes.</summary>
    public const long MaxJsonBytes = 100_000_000;

    private const int ChunkElements = 1 << 16;

    private readonly List<MappedFile> _files = [];
    private readonly Dictionary<string, Entry> _byName = new(StringComparer.Ordinal);
    private readonly string _json;

    /// <summary>Opens and validates a TF.js model.</summary>
    /// <param name="path">Path of <c>model.json</c>, or of the folder that holds it.</param>
    /// <exception cref="CheckpointFormatException">The model is malformed, unsupported, unsafe or unreadable.</exception>
    public TfJsReader(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        Path = path;
        _json = Directory.Exists(path) ? System.IO.Path.Combine(path, "model.json") : path;
        try
        {
            Tensors = Load().AsReadOnly();
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
    public string FormatName => "tfjs";

    /// <summary>The listed weights in manifest order.</summary>
    public IReadOnlyList<TensorInfo> Tensors { get; }

    /// <summary>
    /// True when <paramref name="path"/> is a <c>.json</c> file, or a folder holding <c>model.json</c>, whose text
    /// mentions <c>weightsManifest</c>.
    /// </summary>
    /// <param name="path">A file or folder.</param>
    /// <returns>True when it looks like a TF.js model.</returns>
    public static bool LooksLikeTfJs(string path)
    {
        if (string.IsNullOrEmpty(path))
        {
            return false;
        }

        var file = Directory.Exists(path) ? System.IO.Path.Combine(path, "model.json") : path;
        if (!System.IO.Path.GetExtension(file).Equals(".json", StringComparison.OrdinalIgnoreCase)
            || !File.Exists(file))
        {
            return false;
        }

        try
        {
            using var stream = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.Read);
            var needle = "\"weightsManifest\""u8;
            var buffer = new byte[1 << 16];
            var kept = 0;
            long total = 0;
            int got;
            while (total < MaxJsonBytes && (got = stream.Read(buffer, kept, buffer.Length - kept)) > 0)
            {
                total += got;
                var filled = kept + got;
                if (buffer.AsSpan(0, filled).IndexOf(needle) >= 0)
                {
                    return true;
                }

                kept = Math.Min(needle.Length - 1, filled);
                buffer.AsSpan(filled - kept, kept).CopyTo(buffer);
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return false;
        }

        return false;
    }

    /// <inheritdoc/>
    public void ReadAsDouble(TensorInfo tensor, Span<double> destination)
    {
        ArgumentNullException.ThrowIfNull(tensor);
        if (!_byName.TryGetValue(tensor.Name, out var e) || !ReferenceEquals(e.Info, tensor) && !e.Info.Equals(tensor))
        {
            throw new ArgumentException($"tensor '{tensor.Name}' is not from {Path}", nameof(tensor));
        }

        var count = TensorDataDecoder.CheckDestination(e.Info, destination);
        var size = StoredSize(e.Stored);
        var buffer = ArrayPool<byte>.Shared.Rent(Math.Max(1, Math.Min(count, ChunkElements) * size));
        try
        {
            for (var done = 0; done < count; done += ChunkElements)
            {
                var n = Math.Min(ChunkElements, count - done);
                var bytes = buffer.AsSpan(0, n * size);
                e.Group.Copy(e.Offset + ((long)done * size), bytes, e.Info.Name);
                Decode(e, bytes, destination.Slice(done, n));
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        foreach (var f in _files)
        {
            f.Dispose();
        }
    }

    private static void Decode(Entry e, ReadOnlySpan<byte> bytes, Span<double> destination)
    {
        switch (e.Stored)
        {
            case "uint8":
            case "uint16":
                for (var i = 0; i < destination.Length; i++)
                {
                    double q = e.Stored == "uint8" ? bytes[i] : BinaryPrimitives.ReadUInt16LittleEndian(bytes[(2 * i)..]);
                    var v = (q * e.Scale) + e.Min;
                    destination[i] = e.Info.DType == DType.I32 ? RoundToInt32(v) : (float)v;
                }

                break;
            default:
                ElementDecoder.Decode(bytes, e.Info.DType, bigEndian: false, destination);
                break;
        }
    }

    /// <summary>JavaScript <c>Math.round</c> then the Int32Array store (ToInt32, modulo 2^32).</summary>
    private static double RoundToInt32(double v)
    {
        var r = Math.Floor(v + 0.5);
        if (double.IsNaN(r) || double.IsInfinity(r))
        {
            return 0;
        }

        var m = r % 4294967296.0;
        if (m < 0)
        {
            m += 4294967296.0;
        }

        return m >= 2147483648.0 ? m - 4294967296.0 : m;
    }

    private static DType SizingType(string stored) => StoredSize(stored) switch
    {
        1 => DType.U8,
        2 => DType.F16,
        4 => DType.F32,
        _ => DType.F64,
    };

    private static int StoredSize(string stored) => stored switch
    {
        "float32" or "int32" => 4,
        "bool" or "uint8" => 1,
        "float16" or "uint16" => 2,
        "complex64" => 8,
        _ => 0,
    };

    private CheckpointFormatException Error(string reason, string? tensor = null) => new(_json, reason, tensor);

    private List<TensorInfo> Load()
    {
        if (!File.Exists(_json))
        {
            throw Error(Directory.Exists(Path) ? "the folder has no model.json" : "no such file");
        }

        var folder = System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(_json)) ?? ".";
        byte[] bytes;
        try
        {
            var length = new FileInfo(_json).Length;
            if (length > MaxJsonBytes)
            {
                throw Error($"model.json of {length} bytes exceeds the limit of {MaxJsonBytes}");
            }

            bytes = File.ReadAllBytes(_json);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException && e is not CheckpointFormatException)
        {
            throw new CheckpointFormatException(_json, "cannot read the file: " + e.Message, inner: e);
        }

        var text = bytes.AsMemory();
        if (text.Span.StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF]))
        {
            text = text[3..];
        }

        if (!System.Text.Unicode.Utf8.IsValid(text.Span))
        {
            throw Error("model.json is not valid UTF-8");
        }

        JsonDocument doc;
        try
        {
            doc = JsonDocument.Parse(text, new JsonDocumentOptions { MaxDepth = 64 });
        }
        catch (JsonException e)
        {
            throw new CheckpointFormatException(_json, "invalid JSON: " + e.Message.ReplaceLineEndings(" "), inner: e);
        }

        using (doc)
        {
            var root = doc.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                throw Error("model.json is not a JSON object");
            }

            if (!root.TryGetProperty("weightsManifest", out var manifest) || manifest.ValueKind != JsonValueKind.Array)
            {
                throw Error("model.json has no 'weightsManifest' array");
            }

            var hints = root.TryGetProperty("modelTopology", out var topology)
                ? TopologyHints.From(topology)
                : TopologyHints.Empty;
            var tensors = new List<TensorInfo>();
            var names = new HashSet<string>(StringComparer.Ordinal);
            var g = 0;
            foreach (var group in manifest.EnumerateArray())
            {
                LoadGroup(group, g++, folder, hints, names, tensors);
            }

            return tensors;
        }
    }

    private void LoadGroup(
        JsonElement group, int index, string folder, TopologyHints hints, HashSet<string> names, List<TensorInfo> tensors)
    {
        var where = $"weightsManifest[{index}]";
        if (group.ValueKind != JsonValueKind.Object
            || !group.TryGetProperty("paths", out var paths) || paths.ValueKind != JsonValueKind.Array
            || !group.TryGetProperty("weights", out var weights) || weights.ValueKind != JsonValueKind.Array)
        {
            throw Error($"{where} must be an object with 'paths' and 'weights' arrays");
        }

        var shards = new List<MappedFile>();
        foreach (var p in paths.EnumerateArray())
        {
            shards.Add(OpenShard(p, folder, where));
        }

        var stream = new GroupStream(shards, _json);
        long offset = 0;
        var w = 0;
        foreach (var weight in weights.EnumerateArray())
        {
            var spec = ParseWeight(weight, $"{where}.weights[{w++}]");
            if (!names.Add(spec.Name))
            {
                throw Error("duplicate weight name in the manifest", spec.Name);
            }

            long bytes;
            if (spec.Stored == "string")
            {
                bytes = stream.StringBytes(offset, spec.Count, spec.Name);
            }
            else if (!TensorSizes.TryByteLength(spec.Shape, SizingType(spec.Stored), out _, out bytes))
            {
                throw Error($"shape [{string.Join(", ", spec.Shape)}] is too large", spec.Name);
            }

            if (bytes > stream.Length - offset)
            {
                throw Error($"{where}: weights need more than the {stream.Length} bytes of the group's shards",
                    spec.Name);
            }

            if (spec.DType is { } dtype)
            {
                var info = new TensorInfo(spec.Name, dtype, spec.Shape, bytes, stream.FileAt(offset))
                {
                    Layout = WeightLayout.Keras,
                    KindHint = hints.Hint(spec.Name),
                    FormatDType = spec.FormatDType,
                };
                _byName.Add(spec.Name, new Entry(info, stream, offset, spec.Stored, spec.Scale, spec.Min));
                tensors.Add(info);
            }

            offset += bytes;
        }

        if (offset != stream.Length)
        {
            throw Error($"{where}: the weights take {offset} bytes but the shards hold {stream.Length} bytes");
        }
    }

    private MappedFile OpenShard(JsonElement p, string folder, string where)
    {
        var name = p.ValueKind == JsonValueKind.String ? p.GetString()! : null;
        if (string.IsNullOrEmpty(name) || name is "." or ".." || name.IndexOfAny(['/', '\\', ':', '\0']) >= 0
            || System.IO.Path.IsPathRooted(name) || name.Length > 255)
        {
            throw Error($"{where}: shard path {(name is null ? p.ToString() : "'" + name + "'")} must be a plain "
                        + "file name in the model's folder");
        }

        var full = System.IO.Path.Combine(folder, name);
        var info = new FileInfo(full);
        if (!info.Exists)
        {
            throw Error($"{where}: shard '{name}' does not exist");
        }

        if (info.LinkTarget is not null || (info.Attributes & FileAttributes.ReparsePoint) != 0)
        {
            throw Error($"{where}: shard '{name}' is a symbolic link");
        }

        var file = MappedFile.Open(full);
        _files.Add(file);
        return file;
    }

    private sealed record WeightSpec(
        string Name, long[] Shape, long Count, DType? DType, string Stored, string? FormatDType, double Scale, double Min);

    private WeightSpec ParseWeight(JsonElement weight, string where)
    {
        if (weight.ValueKind != JsonValueKind.Object)
        {
            throw Error($"{where} is not an object");
        }

        if (!weight.TryGetProperty("name", out var n) || n.ValueKind != JsonValueKind.String
            || string.IsNullOrEmpty(n.GetString()))
        {
            throw Error($"{where} has no 'name'");
        }

        var name = n.GetString()!;
        if (!weight.TryGetProperty("shape", out var s) || s.ValueKind != JsonValueKind.Array)
        {
            throw Error($"{where} has no 'shape' array", name);
        }

        if (s.GetArrayLength() > TensorSizes.MaxRank)
        {
            throw Error($"rank {s.GetArrayLength()} exceeds the limit of {TensorSizes.MaxRank}", name);
        }

        var shape = new long[s.GetArrayLength()];
        var i = 0;
        foreach (var d in s.EnumerateArray())
        {
            if (d.ValueKind != JsonValueKind.Number || !d.TryGetInt64(out var v) || v < 0)
            {
                throw Error($"shape entry {d} is not a non-negative integer", name);
            }

            shape[i++] = v;
        }

        if (!TensorSizes.TryByteLength(shape, Core.Tensors.DType.U8, out var count, out _))
        {
            throw Error($"shape [{string.Join(", ", shape)}] overflows", name);
        }

        if (!weight.TryGetProperty("dtype", out var dt) || dt.ValueKind != JsonValueKind.String)
        {
            throw Error($"{where} has no 'dtype'", name);
        }

        var dtype = dt.GetString()!;
        DType? logical = dtype switch
        {
            "float32" => Core.Tensors.DType.F32,
            "int32" => Core.Tensors.DType.I32,
            "bool" => Core.Tensors.DType.Bool,
            "complex64" or "string" => null,
            _ => throw Error($"unknown dtype '{dtype}'", name),
        };

        if (!weight.TryGetProperty("quantization", out var q) || q.ValueKind == JsonValueKind.Null)
        {
            return new WeightSpec(name, shape, count, logical, dtype, null, 0, 0);
        }

        if (q.ValueKind != JsonValueKind.Object || !q.TryGetProperty("dtype", out var qd)
            || qd.ValueKind != JsonValueKind.String)
        {
            throw Error("'quantization' must be an object with a 'dtype'", name);
        }

        var stored = qd.GetString()!;
        if (q.TryGetProperty("original_dtype", out var od)
            && (od.ValueKind != JsonValueKind.String || od.GetString() != dtype))
        {
            throw Error($"quantization original_dtype {od} disagrees with dtype '{dtype}'", name);
        }

        switch (stored)
        {
            case "uint8":
            case "uint16":
                if (dtype is not ("float32" or "int32"))
                {
                    throw Error($"{stored} quantization of a '{dtype}' weight is not supported", name);
                }

                var scale = Finite(q, "scale", name);
                var min = Finite(q, "min", name);
                return new WeightSpec(name, shape, count, logical, stored, stored + "-affine", scale, min);
            case "float16":
                if (dtype != "float32")
                {
                    throw Error($"float16 quantization of a '{dtype}' weight is not supported", name);
                }

                return new WeightSpec(name, shape, count, Core.Tensors.DType.F16, stored, null, 0, 0);
            default:
                throw Error($"unknown quantization dtype '{stored}'", name);
        }
    }

    private double Finite(JsonElement q, string key, string name)
    {
        if (!q.TryGetProperty(key, out var v) || v.ValueKind != JsonValueKind.Number || !v.TryGetDouble(out var d)
            || !double.IsFinite(d))
        {
            throw Error($"quantization needs a finite number '{key}'", name);
        }

        return d;
    }

    private sealed record Entry(TensorInfo Info, GroupStream Group, long Offset, string Stored, double Scale, double Min);

    /// <summary>The shards of one group seen as one byte stream.</summary>
    private sealed class GroupStream
    {
        private readonly List<MappedFile> _shards;
        private readonly long[] _starts;
        private readonly string _json;

        public GroupStream(List<MappedFile> shards, string json)
        {
            _shards = shards;
            _json = json;
            _starts = new long[shards.Count + 1];
            for (var i = 0; i < shards.Count; i++)
            {
                _starts[i + 1] = checked(_starts[i] + shards[i].Length);
            }
        }

        public long Length => _starts[^1];

        /// <summary>The shard holding byte <paramref name="offset"/> (the last shard, or model.json, at the end).</summary>
        public string FileAt(long offset)
        {
            for (var i = 0; i < _shards.Count; i++)
            {
                if (offset < _starts[i + 1])
                {
                    return _shards[i].Path;
                }
            }

            return _shards.Count > 0 ? _shards[^1].Path : _json;
        }

        public void Copy(long offset, Span<byte> destination, string tensor)
        {
            if (offset < 0 || destination.Length > Length - offset)
            {
                throw new CheckpointFormatException(_json, "weight data lies outside the group's shards", tensor,
                    offset);
            }

            var i = 0;
            while (destination.Length > 0)
            {
                while (offset >= _starts[i + 1])
                {
                    i++;
                }

                var n = (int)Math.Min(destination.Length, _starts[i + 1] - offset);
                _shards[i].Span(offset - _starts[i], n).CopyTo(destination);
                destination = destination[n..];
                offset += n;
            }
        }

        /// <summary>Bytes taken by <paramref name="count"/> length-prefixed strings from <paramref name="offset"/>.</summary>
        public long StringBytes(long offset, long count, string tensor)
        {
            Span<byte> prefix = stackalloc byte[4];
            var start = offset;
            for (long k = 0; k < count; k++)
            {
                if (Length - offset < 4)
                {
                    throw new CheckpointFormatException(_json, "string weight runs past the group's shards", tensor,
                        offset);
                }

                Copy(offset, prefix, tensor);
                var len = BinaryPrimitives.ReadUInt32LittleEndian(prefix);
                offset += 4;
                if (len > Length - offset)
                {
                    throw new CheckpointFormatException(_json, $"string length {len} runs past the group's shards",
                        tensor, offset - 4);
                }

                offset += len;
            }

            return offset - start;
        }
    }
}
