using System.Buffers.Binary;
using System.Text;
using GpuSpectral.Checkpoints.Interop;
using GpuSpectral.Core.Errors;

namespace GpuSpectral.Checkpoints.Gguf;

/// <summary>
/// A forward-only, bounds-checked reader over the GGUF header in a memory map. Every read first compares the
/// requested length with the bytes that remain, so nothing is allocated for a declared length that is not there.
/// </summary>
internal sealed class GgufCursor
{
    private static readonly UTF8Encoding StrictUtf8 = new(false, true);

    private readonly MappedFile _file;

    /// <summary>Creates a cursor at <paramref name="position"/>.</summary>
    public GgufCursor(MappedFile file, long position)
    {
        _file = file;
        Position = position;
    }

    /// <summary>Current file offset.</summary>
    public long Position { get; private set; }

    /// <summary>Bytes between <see cref="Position"/> and end of file.</summary>
    public long Remaining => _file.Length - Position;

    /// <summary>The file path, for messages.</summary>
    public string Path => _file.Path;

    /// <summary>Throws unless <paramref name="count"/> bytes remain.</summary>
    public void Require(long count, string what)
    {
        if (count < 0 || count > Remaining)
        {
            throw Fail($"file ends inside the header while reading {what} ({count} bytes needed, {Remaining} left)");
        }
    }

    /// <summary>Reads a little-endian u32.</summary>
    public uint U32(string what) => BinaryPrimitives.ReadUInt32LittleEndian(Take(4, what));

    /// <summary>Reads a little-endian u64.</summary>
    public ulong U64(string what) => BinaryPrimitives.ReadUInt64LittleEndian(Take(8, what));

    /// <summary>Reads <paramref name="count"/> bytes and advances.</summary>
    public ReadOnlySpan<byte> Take(int count, string what)
    {
        Require(count, what);
        var span = _file.Span(Position, count);
        Position += count;
        return span;
    }

    /// <summary>Advances by <paramref name="count"/> bytes without reading them.</summary>
    public void Skip(long count, string what)
    {
        Require(count, what);
        Position += count;
    }

    /// <summary>
    /// Reads a <c>gguf_string</c> length and checks it against <paramref name="cap"/> and the remaining bytes.
    /// </summary>
    public int StringLength(long cap, string what)
    {
        var start = Position;
        var n = U64(what + " length");
        if (n > (ulong)cap)
        {
            throw Fail($"{what} length {n} exceeds the limit of {cap} bytes", start);
        }

        Require((long)n, what);
        return (int)n;
    }

    /// <summary>Reads a <c>gguf_string</c> that must be valid UTF-8.</summary>
    public string StrictString(long cap, string what, string? tensor = null)
    {
        var n = StringLength(cap, what);
        var start = Position;
        var bytes = Take(n, what);
        try
        {
            return StrictUtf8.GetString(bytes);
        }
        catch (DecoderFallbackException e)
        {
            throw new CheckpointFormatException(Path, what + " is not valid UTF-8", tensor, start, e);
        }
    }

    /// <summary>An exception at the current position (or <paramref name="offset"/>).</summary>
    public CheckpointFormatException Fail(string reason, long? offset = null, string? tensor = null) =>
        new(Path, reason, tensor, offset ?? Position);
}
