using GpuSpectral.Checkpoints.Decoding;
using GpuSpectral.Checkpoints.Interop;
using GpuSpectral.Core.Errors;
using GpuSpectral.Core.Tensors;

namespace GpuSpectral.Checkpoints.Gguf;

/// <summary>
/// Reads one GGUF (v2 or v3, little-endian) file of llama.cpp / ggml through a read-only memory map. The header
/// (metadata, tensor infos, alignment, sizes, data ranges) is fully validated in the constructor. Plain tensors
/// (F32, F16, BF16, F64, I8–I64) decode exactly; block-quantized tensors (Q4_0, Q4_1, Q5_0, Q5_1, Q8_0, Q2_K,
/// Q3_K, Q4_K, Q5_K, Q6_K) decode to ggml's own float32 dequantization, widened to float64.
/// </summary>
/// <remarks>
/// Shapes are ggml's <c>ne</c> reversed (C order): a matrix stored with <c>ne = [in, out]</c> is the PyTorch
/// <c>(out, in)</c> matrix, so every tensor has <see cref="WeightLayout.PyTorch"/>. Quantized tensors report
/// <see cref="DType.F32"/> with <see cref="TensorInfo.FormatDType"/> set to the ggml type name. Immutable after
/// construction: <see cref="ReadAsDouble"/> may be called from several threads at once.
/// </remarks>
public sealed class GgufReader : ICheckpointReader
{
    private readonly MappedFile _file;
    private readonly TensorTable<GgufTensorEntry> _table;

    /// <summary>Opens and validates <paramref name="path"/>.</summary>
    /// <param name="path">Path of a <c>.gguf</c> file.</param>
    /// <exception cref="CheckpointFormatException">The file is malformed, unsupported or unreadable.</exception>
    public GgufReader(string path)
    {
        Path = path;
        _file = MappedFile.Open(path);
        GgufHeader header;
        (header, _table) = _file.ParseOrDispose(Load);
        Version = (int)header.Version;
        Alignment = header.Alignment;
        Metadata = header.Metadata.AsReadOnly();
    }

    /// <inheritdoc/>
    public string Path { get; }

    /// <inheritdoc/>
    public string FormatName => "gguf";

    /// <summary>All tensors in data-offset (file) order: tensor-info order for files written by ggml.</summary>
    public IReadOnlyList<TensorInfo> Tensors => _table.Tensors;

    /// <summary>The GGUF version (2 or 3).</summary>
    public int Version { get; }

    /// <summary>Data alignment in bytes (<c>general.alignment</c>, default 32).</summary>
    public int Alignment { get; }

    /// <summary>
    /// Scalar metadata values as invariant text (for example <c>general.architecture</c>, <c>general.name</c>,
    /// <c>general.file_type</c>): numbers in round-trip form, bools as <c>true</c>/<c>false</c>, strings up to
    /// 64 KiB. Arrays (tokenizer vocabularies and the like) are validated but not kept.
    /// </summary>
    public IReadOnlyDictionary<string, string> Metadata { get; }

    /// <summary>True when <paramref name="head"/> (the first bytes of a file) starts with <c>GGUF</c>.</summary>
    /// <param name="head">At least the first 4 bytes of the file.</param>
    public static bool LooksLikeGguf(ReadOnlySpan<byte> head) => head.StartsWith("GGUF"u8);

    /// <summary>Finds a tensor by its exact name.</summary>
    /// <param name="name">Tensor name.</param>
    /// <param name="tensor">The tensor, when found.</param>
    /// <returns>True when the file holds a tensor of that name.</returns>
    public bool TryGetTensor(string name, out TensorInfo tensor) => _table.TryGet(name, out tensor);

    /// <inheritdoc/>
    public void ReadAsDouble(TensorInfo tensor, Span<double> destination)
    {
        var (info, entry) = _table.Find(tensor, Path);
        if (entry.Type.IsQuantized)
        {
            var count = TensorDataDecoder.CheckDestination(info, destination);
            GgufDequantizer.Decode(_file, entry, count, destination);
        }
        else
        {
            TensorDataDecoder.FromMap(_file, entry.Offset, info, bigEndian: false, destination);
        }
    }

    /// <inheritdoc/>
    public void Dispose() => _file.Dispose();

    /// <summary>Parses the header and lists its tensors with ggml's <c>ne</c> reversed into C order.</summary>
    private static (GgufHeader Header, TensorTable<GgufTensorEntry> Table) Load(MappedFile file)
    {
        var header = GgufHeaderParser.Parse(file);
        var table = new TensorTable<GgufTensorEntry>(header.Tensors.Count);
        foreach (var e in header.Tensors)
        {
            var shape = new long[e.Ne.Length];
            for (var i = 0; i < shape.Length; i++)
            {
                shape[i] = e.Ne[e.Ne.Length - 1 - i];
            }

            var info = new TensorInfo(e.Name, e.Type.PlainDType ?? DType.F32, shape, e.ByteLength, file.Path)
            {
                Layout = WeightLayout.PyTorch,
                FormatDType = e.Type.IsQuantized ? e.Type.Name : null,
            };
            table.Add(info, e);
        }

        return (header, table);
    }
}
