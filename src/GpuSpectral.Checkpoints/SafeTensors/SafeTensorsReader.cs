using System.Buffers.Binary;
using GpuSpectral.Checkpoints.Decoding;
using GpuSpectral.Checkpoints.Interop;
using GpuSpectral.Core.Errors;
using GpuSpectral.Core.Tensors;

namespace GpuSpectral.Checkpoints.SafeTensors;

/// <summary>
/// Reads one <c>.safetensors</c> file through a read-only memory map. The header is fully validated in the
/// constructor (size caps, UTF-8, JSON without duplicate keys, exact fields, known dtypes, contiguous offsets that
/// match shapes and end at end of file) before anything proportional to a declared size is allocated.
/// </summary>
/// <remarks>Immutable after construction: <see cref="ReadAsDouble"/> may be called from several threads at
/// once. Dispose releases the memory map(s); do not dispose while reads are in flight.</remarks>
public sealed class SafeTensorsReader : ICheckpointReader
{
    /// <summary>Largest accepted JSON header, in bytes (the reference implementation's limit).</summary>
    public const long MaxHeaderBytes = 100_000_000;

    private readonly MappedFile _file;
    private readonly TensorTable<long> _table;

    /// <summary>Opens and validates <paramref name="path"/>.</summary>
    /// <param name="path">Path of a safetensors file.</param>
    /// <exception cref="CheckpointFormatException">The file is malformed, unsupported or unreadable.</exception>
    public SafeTensorsReader(string path)
    {
        Path = path;
        _file = MappedFile.Open(path);
        _table = _file.ParseOrDispose(Load);
    }

    /// <inheritdoc/>
    public string Path { get; }

    /// <inheritdoc/>
    public string FormatName => "safetensors";

    /// <summary>All tensors in data-offset (file) order.</summary>
    public IReadOnlyList<TensorInfo> Tensors => _table.Tensors;

    /// <summary>Finds a tensor by its exact name.</summary>
    /// <param name="name">Tensor name.</param>
    /// <param name="tensor">The tensor, when found.</param>
    /// <returns>True when the file holds a tensor of that name.</returns>
    public bool TryGetTensor(string name, out TensorInfo tensor) => _table.TryGet(name, out tensor);

    /// <inheritdoc/>
    public void ReadAsDouble(TensorInfo tensor, Span<double> destination)
    {
        var (info, offset) = _table.Find(tensor, Path);
        TensorDataDecoder.FromMap(_file, offset, info, bigEndian: false, destination);
    }

    /// <inheritdoc/>
    public void Dispose() => _file.Dispose();

    /// <summary>Validates the header and lists the tensors with the file offsets of their data.</summary>
    private static TensorTable<long> Load(MappedFile file)
    {
        var entries = ReadHeader(file, out var bufferStart);
        var table = new TensorTable<long>(entries.Count);
        foreach (var e in entries)
        {
            table.Add(new TensorInfo(e.Name, e.DType, e.Shape, e.End - e.Begin, file.Path), bufferStart + e.Begin);
        }

        return table;
    }

    private static List<SafeTensorsEntry> ReadHeader(MappedFile file, out long bufferStart)
    {
        var path = file.Path;
        if (file.Length < 8)
        {
            throw new CheckpointFormatException(
                path, $"file of {file.Length} bytes is too short for the 8-byte header length", offset: 0);
        }

        var n = BinaryPrimitives.ReadUInt64LittleEndian(file.Span(0, 8));
        if (n > MaxHeaderBytes)
        {
            throw new CheckpointFormatException(
                path, $"header length {n} exceeds the limit of {MaxHeaderBytes} bytes", offset: 0);
        }

        if ((long)n > file.Length - 8)
        {
            throw new CheckpointFormatException(
                path, $"header length {n} is beyond the end of the {file.Length}-byte file", offset: 0);
        }

        bufferStart = 8 + (long)n;
        var entries = SafeTensorsHeaderParser.Parse(file.Span(8, (int)n), path);
        return SafeTensorsLayout.Validate(entries, path, bufferStart, file.Length);
    }
}
