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
    private readonly Dictionary<string, (TensorInfo Info, long Offset)> _byName;

    /// <summary>Opens and validates <paramref name="path"/>.</summary>
    /// <param name="path">Path of a safetensors file.</param>
    /// <exception cref="CheckpointFormatException">The file is malformed, unsupported or unreadable.</exception>
    public SafeTensorsReader(string path)
    {
        Path = path;
        _file = MappedFile.Open(path);
        try
        {
            var entries = ReadHeader(_file, out var bufferStart);
            var tensors = new List<TensorInfo>(entries.Count);
            _byName = new Dictionary<string, (TensorInfo, long)>(entries.Count, StringComparer.Ordinal);
            foreach (var e in entries)
            {
                var info = new TensorInfo(e.Name, e.DType, e.Shape, e.End - e.Begin, path);
                tensors.Add(info);
                _byName.Add(e.Name, (info, bufferStart + e.Begin));
            }

            Tensors = tensors.AsReadOnly();
        }
        catch
        {
            _file.Dispose();
            throw;
        }
    }

    /// <inheritdoc/>
    public string Path { get; }

    /// <inheritdoc/>
    public string FormatName => "safetensors";

    /// <summary>All tensors in data-offset (file) order.</summary>
    public IReadOnlyList<TensorInfo> Tensors { get; }

    /// <summary>Finds a tensor by its exact name.</summary>
    /// <param name="name">Tensor name.</param>
    /// <param name="tensor">The tensor, when found.</param>
    /// <returns>True when the file holds a tensor of that name.</returns>
    public bool TryGetTensor(string name, out TensorInfo tensor)
    {
        if (_byName.TryGetValue(name, out var t))
        {
            tensor = t.Info;
            return true;
        }

        tensor = null!;
        return false;
    }

    /// <inheritdoc/>
    public void ReadAsDouble(TensorInfo tensor, Span<double> destination)
    {
        ArgumentNullException.ThrowIfNull(tensor);
        if (!_byName.TryGetValue(tensor.Name, out var t) || !t.Info.Equals(tensor))
        {
            throw new ArgumentException($"tensor '{tensor.Name}' is not from {Path}", nameof(tensor));
        }

        TensorDataDecoder.FromMap(_file, t.Offset, t.Info, bigEndian: false, destination);
    }

    /// <inheritdoc/>
    public void Dispose() => _file.Dispose();

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
