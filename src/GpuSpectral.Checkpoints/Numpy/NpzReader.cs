using System.IO.Compression;
using GpuSpectral.Checkpoints.Decoding;
using GpuSpectral.Checkpoints.Interop;
using GpuSpectral.Checkpoints.Zip;
using GpuSpectral.Core.Errors;
using GpuSpectral.Core.Tensors;

namespace GpuSpectral.Checkpoints.Numpy;

/// <summary>
/// Reads an <c>.npz</c> archive (<c>np.savez</c> or <c>np.savez_compressed</c>). Members come in central directory
/// order; a member <c>x.npy</c> is the tensor <c>x</c>. Stored members are read through the memory map; deflated
/// members are inflated with the output capped at the size their npy header implies and a compression ratio of at
/// most <see cref="MaxCompressionRatio"/>.
/// </summary>
/// <remarks>Immutable after construction: <see cref="ReadAsDouble"/> may be called from several threads at
/// once. Dispose releases the memory map(s); do not dispose while reads are in flight.</remarks>
public sealed class NpzReader : ICheckpointReader
{
    /// <summary>Largest accepted ratio of uncompressed to compressed member size (zip-bomb guard).</summary>
    public const long MaxCompressionRatio = 100;

    private readonly MappedFile _file;
    private readonly TensorTable<Member> _table;

    /// <summary>Opens and validates <paramref name="path"/>: the ZIP structure and every member's npy header.</summary>
    /// <param name="path">Path of an npz file.</param>
    /// <exception cref="CheckpointFormatException">
    /// The archive or a member is malformed, unsupported or unsafe.
    /// </exception>
    public NpzReader(string path)
    {
        Path = path;
        _file = MappedFile.Open(path);
        _table = _file.ParseOrDispose(ReadMembers);
    }

    /// <inheritdoc/>
    public string Path { get; }

    /// <inheritdoc/>
    public string FormatName => "npz";

    /// <summary>All member arrays in central directory order.</summary>
    public IReadOnlyList<TensorInfo> Tensors => _table.Tensors;

    /// <inheritdoc/>
    public void ReadAsDouble(TensorInfo tensor, Span<double> destination)
    {
        var m = _table.Find(tensor, Path).Entry;
        if (m.Entry.Method == 0)
        {
            TensorDataDecoder.FromMap(
                _file, m.Entry.DataStart + m.Header.DataOffset, m.Info, m.Header.BigEndian, destination);
            return;
        }

        TensorDataDecoder.CheckDestination(m.Info, destination);
        try
        {
            using var inflater = Inflate(_file, m.Entry);
            Skip(inflater, m.Header.DataOffset, m.Info.Name);
            TensorDataDecoder.FromStream(inflater, Path, m.Info, m.Header.BigEndian, destination);
        }
        catch (Exception e) when (e is InvalidDataException or IOException && e is not CheckpointFormatException)
        {
            throw new CheckpointFormatException(Path, "corrupt deflate stream: " + e.Message, tensor.Name, inner: e);
        }
    }

    /// <inheritdoc/>
    public void Dispose() => _file.Dispose();

    private TensorTable<Member> ReadMembers(MappedFile file)
    {
        var table = new TensorTable<Member>();
        foreach (var entry in ZipDirectory.Read(file))
        {
            var member = OpenMember(file, entry);
            table.Add(member.Info, member);
        }

        return table;
    }

    private Member OpenMember(MappedFile file, ZipEntry entry)
    {
        if (!entry.Name.EndsWith(".npy", StringComparison.Ordinal) || entry.Name.Length == 4)
        {
            throw new CheckpointFormatException(Path, "npz member is not a .npy array", entry.Name, entry.DataStart);
        }

        var name = entry.Name[..^4];
        NpyHeader header;
        if (entry.Method == 0)
        {
            var available = (int)Math.Min(entry.CompressedSize, NpyHeader.MaxPrefixBytes);
            header = NpyHeader.Parse(file.Span(entry.DataStart, available), Path, name);
            if (MemberBytes(header) != entry.CompressedSize)
            {
                throw SizeMismatch(name, header, entry.CompressedSize, entry.DataStart);
            }
        }
        else
        {
            header = ReadDeflatedHeader(file, entry, name);
            var expected = MemberBytes(header);
            if (expected != entry.UncompressedSize)
            {
                throw SizeMismatch(name, header, entry.UncompressedSize, entry.DataStart);
            }

            if ((decimal)expected > (decimal)entry.CompressedSize * MaxCompressionRatio)
            {
                throw new CheckpointFormatException(
                    Path,
                    $"compression ratio of {expected} / {entry.CompressedSize} bytes exceeds {MaxCompressionRatio} "
                    + "(possible zip bomb)",
                    name, entry.DataStart);
            }
        }

        return new Member(entry, header, new TensorInfo(name, header.DType, header.Shape, header.ByteLength, Path));
    }

    /// <summary>Header plus data bytes, or -1 when that does not fit in 64 bits.</summary>
    private static long MemberBytes(NpyHeader header) =>
        header.ByteLength <= long.MaxValue - header.DataOffset ? header.DataOffset + header.ByteLength : -1;

    private NpyHeader ReadDeflatedHeader(MappedFile file, ZipEntry entry, string name)
    {
        try
        {
            using var inflater = Inflate(file, entry);
            var prefix = new byte[12];
            var got = inflater.ReadAtLeast(prefix, prefix.Length, throwOnEndOfStream: false);
            var length = NpyHeader.PrefixLength(prefix.AsSpan(0, got), Path, name);
            var buffer = new byte[Math.Max(length, got)];
            prefix.AsSpan(0, got).CopyTo(buffer);
            if (length > got)
            {
                got += inflater.ReadAtLeast(buffer.AsSpan(got), length - got, throwOnEndOfStream: false);
            }

            return NpyHeader.Parse(buffer.AsSpan(0, got), Path, name);
        }
        catch (Exception e) when (e is InvalidDataException or IOException && e is not CheckpointFormatException)
        {
            throw new CheckpointFormatException(Path, "corrupt deflate stream: " + e.Message, name, inner: e);
        }
    }

    private static DeflateStream Inflate(MappedFile file, ZipEntry entry) =>
        new(file.OpenStream(entry.DataStart, entry.CompressedSize), CompressionMode.Decompress, leaveOpen: false);

    private void Skip(Stream stream, int count, string name)
    {
        Span<byte> buffer = stackalloc byte[256];
        while (count > 0)
        {
            var n = stream.Read(buffer[..Math.Min(count, buffer.Length)]);
            if (n == 0)
            {
                throw new CheckpointFormatException(Path, "compressed member ends inside its npy header", name);
            }

            count -= n;
        }
    }

    private CheckpointFormatException SizeMismatch(string name, NpyHeader header, long actual, long at)
    {
        var expected = (decimal)header.DataOffset + header.ByteLength;
        var what = expected > actual ? "truncated" : "extra data";
        return new CheckpointFormatException(
            Path,
            $"{what}: npy header ({header.DType}, shape ({string.Join(", ", header.Shape)})) implies {expected} "
            + $"member bytes but the member has {actual}",
            name, at);
    }

    private sealed record Member(ZipEntry Entry, NpyHeader Header, TensorInfo Info);
}
