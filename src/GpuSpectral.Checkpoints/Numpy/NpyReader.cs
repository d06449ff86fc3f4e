using GpuSpectral.Checkpoints.Decoding;
using GpuSpectral.Checkpoints.Interop;
using GpuSpectral.Core.Errors;
using GpuSpectral.Core.Tensors;

namespace GpuSpectral.Checkpoints.Numpy;

/// <summary>
/// Reads one <c>.npy</c> file (versions 1.0, 2.0, 3.0) through a read-only memory map. The file holds one tensor,
/// named after the file stem. Little- and big-endian numeric descrs are supported; object, structured, complex
/// and Fortran-order arrays are refused. The data must fill the rest of the file exactly.
/// </summary>
/// <remarks>Immutable after construction: <see cref="ReadAsDouble"/> may be called from several threads at
/// once. Dispose releases the memory map(s); do not dispose while reads are in flight.</remarks>
public sealed class NpyReader : ICheckpointReader
{
    private readonly MappedFile _file;
    private readonly NpyHeader _header;
    private readonly TensorInfo _tensor;

    /// <summary>Opens and validates <paramref name="path"/>.</summary>
    /// <param name="path">Path of an npy file.</param>
    /// <exception cref="CheckpointFormatException">The file is malformed, unsupported or unreadable.</exception>
    public NpyReader(string path)
    {
        Path = path;
        _file = MappedFile.Open(path);
        _header = _file.ParseOrDispose(ReadHeader);
        _tensor = new TensorInfo(
            System.IO.Path.GetFileNameWithoutExtension(path), _header.DType, _header.Shape, _header.ByteLength, path);
        Tensors = [_tensor];
    }

    /// <inheritdoc/>
    public string Path { get; }

    /// <inheritdoc/>
    public string FormatName => "npy";

    /// <summary>The single tensor of the file.</summary>
    public IReadOnlyList<TensorInfo> Tensors { get; }

    /// <summary>True when the array is stored big-endian (<c>&gt;</c> descr); decoding swaps bytes.</summary>
    public bool IsBigEndian => _header.BigEndian;

    /// <inheritdoc/>
    public void ReadAsDouble(TensorInfo tensor, Span<double> destination)
    {
        ArgumentNullException.ThrowIfNull(tensor);
        if (!_tensor.Equals(tensor))
        {
            throw new ArgumentException($"tensor '{tensor.Name}' is not from {Path}", nameof(tensor));
        }

        TensorDataDecoder.FromMap(_file, _header.DataOffset, _tensor, _header.BigEndian, destination);
    }

    /// <inheritdoc/>
    public void Dispose() => _file.Dispose();

    /// <summary>Parses the header; the data must fill the rest of the file exactly.</summary>
    private static NpyHeader ReadHeader(MappedFile file)
    {
        var path = file.Path;
        var name = System.IO.Path.GetFileNameWithoutExtension(path);
        var header = NpyHeader.Parse(file.SpanUpTo(0, NpyHeader.MaxPrefixBytes), path, name);
        var remaining = file.Length - header.DataOffset;
        if (header.ByteLength != remaining)
        {
            var what = header.ByteLength > remaining ? "truncated" : "extra data";
            throw new CheckpointFormatException(
                path,
                $"{what}: shape ({string.Join(", ", header.Shape)}) × {header.DType} needs {header.ByteLength} "
                + $"bytes but the file has {remaining} after the header",
                name, header.DataOffset);
        }

        return header;
    }
}
