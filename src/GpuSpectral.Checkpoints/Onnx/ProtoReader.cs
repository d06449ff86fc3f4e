using System.Text;
using GpuSpectral.Core.Errors;

namespace GpuSpectral.Checkpoints.Onnx;

/// <summary>Protobuf wire types.</summary>
internal enum WireType
{
    /// <summary>Base-128 varint.</summary>
    Varint = 0,

    /// <summary>Little-endian 64-bit.</summary>
    Fixed64 = 1,

    /// <summary>Length-delimited (strings, bytes, sub-messages, packed repeated scalars).</summary>
    Len = 2,

    /// <summary>Little-endian 32-bit.</summary>
    Fixed32 = 5,
}

/// <summary>
/// A bounded protobuf pull parser over one message: <c>[Position, End)</c> of a span that holds the whole file, so
/// every position is a file offset. Varints are at most 10 bytes, lengths never exceed the bytes left in the
/// enclosing message, groups (wire types 3 and 4), wire types 6 and 7 and field number 0 are rejected. Every error is
/// a <see cref="CheckpointFormatException"/> naming the file and the offset.
/// </summary>
internal ref struct ProtoReader
{
    /// <summary>Longest string (names, external-data keys and values) decoded, in bytes.</summary>
    public const int MaxStringBytes = 1 << 20;

    private static readonly UTF8Encoding StrictUtf8 = new(false, true);

    private readonly ReadOnlySpan<byte> _data;
    private readonly string _path;

    /// <summary>Reads the message <c>[start, end)</c> of <paramref name="data"/>.</summary>
    public ProtoReader(ReadOnlySpan<byte> data, int start, int end, string path)
    {
        _data = data;
        Position = start;
        End = end;
        _path = path;
    }

    /// <summary>The whole file.</summary>
    public readonly ReadOnlySpan<byte> Data => _data;

    /// <summary>Path of the file, for messages.</summary>
    public readonly string Path => _path;

    /// <summary>Offset of the next byte to read.</summary>
    public int Position { get; private set; }

    /// <summary>Offset just past the message.</summary>
    public int End { get; }

    /// <summary>Offset of the key of the field last returned by <see cref="TryReadTag"/>.</summary>
    public int TagOffset { get; private set; }

    /// <summary>Reads the next key; false at the end of the message.</summary>
    public bool TryReadTag(out int field, out WireType wireType)
    {
        if (Position >= End)
        {
            field = 0;
            wireType = 0;
            return false;
        }

        TagOffset = Position;
        var key = ReadVarint();
        var wt = (int)(key & 7);
        var number = key >> 3;
        if (number == 0 || number > 536_870_911)
        {
            throw Error($"invalid protobuf field number {number}", TagOffset);
        }

        if (wt is 3 or 4)
        {
            throw Error($"protobuf groups (wire type {wt}) are not supported, field {number}", TagOffset);
        }

        if (wt is 6 or 7)
        {
            throw Error($"invalid protobuf wire type {wt}, field {number}", TagOffset);
        }

        field = (int)number;
        wireType = (WireType)wt;
        return true;
    }

    /// <summary>Reads a varint of at most 10 bytes inside the message.</summary>
    public ulong ReadVarint()
    {
        var start = Position;
        ulong value = 0;
        for (var i = 0; i < 10; i++)
        {
            if (Position >= End)
            {
                throw Error("truncated varint", start);
            }

            var b = _data[Position++];
            if (i == 9 && b > 1)
            {
                throw Error("varint does not fit in 64 bits", start);
            }

            value |= (ulong)(b & 0x7F) << (7 * i);
            if ((b & 0x80) == 0)
            {
                return value;
            }
        }

        throw Error("varint longer than 10 bytes", start);
    }

    /// <summary>Reads a length-delimited field's header; returns the start of its bytes and skips past them.</summary>
    public int ReadLength(out int length)
    {
        var at = Position;
        var n = ReadVarint();
        if (n > (ulong)(End - Position))
        {
            throw Error($"length {n} runs past the end of the enclosing message ({End - Position} bytes left)", at);
        }

        length = (int)n;
        var start = Position;
        Position += length;
        return start;
    }

    /// <summary>Reads 4 little-endian bytes.</summary>
    public uint ReadFixed32()
    {
        if (End - Position < 4)
        {
            throw Error("truncated fixed32 value", Position);
        }

        var v = System.Buffers.Binary.BinaryPrimitives.ReadUInt32LittleEndian(_data.Slice(Position, 4));
        Position += 4;
        return v;
    }

    /// <summary>Reads 8 little-endian bytes.</summary>
    public ulong ReadFixed64()
    {
        if (End - Position < 8)
        {
            throw Error("truncated fixed64 value", Position);
        }

        var v = System.Buffers.Binary.BinaryPrimitives.ReadUInt64LittleEndian(_data.Slice(Position, 8));
        Position += 8;
        return v;
    }

    /// <summary>Reads a length-delimited UTF-8 string (at most <see cref="MaxStringBytes"/>).</summary>
    public string ReadString()
    {
        var at = Position;
        var start = ReadLength(out var length);
        if (length > MaxStringBytes)
        {
            throw Error($"string of {length} bytes exceeds the limit of {MaxStringBytes}", at);
        }

        try
        {
            return StrictUtf8.GetString(_data.Slice(start, length));
        }
        catch (DecoderFallbackException e)
        {
            throw new CheckpointFormatException(_path, "string is not valid UTF-8", offset: start, inner: e);
        }
    }

    /// <summary>Skips the value of the field whose key was just read.</summary>
    public void Skip(WireType wireType)
    {
        switch (wireType)
        {
            case WireType.Varint:
                ReadVarint();
                break;
            case WireType.Fixed64:
                ReadFixed64();
                break;
            case WireType.Fixed32:
                ReadFixed32();
                break;
            default:
                ReadLength(out _);
                break;
        }
    }

    /// <summary>Throws unless <paramref name="actual"/> is <paramref name="expected"/>.</summary>
    public readonly void Expect(WireType actual, WireType expected, string what)
    {
        if (actual != expected)
        {
            throw Error($"{what} has wire type {(int)actual}, expected {(int)expected}", TagOffset);
        }
    }

    /// <summary>Counts the varints packed in <c>[start, start + length)</c>, validating each one.</summary>
    public readonly long CountPackedVarints(int start, int length)
    {
        long count = 0;
        var run = 0;
        for (var i = start; i < start + length; i++)
        {
            run++;
            if ((_data[i] & 0x80) == 0)
            {
                if (run == 10 && _data[i] > 1)
                {
                    throw Error("packed varint does not fit in 64 bits", i - 9);
                }

                count++;
                run = 0;
            }
            else if (run == 10)
            {
                throw Error("packed varint longer than 10 bytes", i - 9);
            }
        }

        if (run != 0)
        {
            throw Error("packed varints end in the middle of a value", start + length - run);
        }

        return count;
    }

    /// <summary>A format error at <paramref name="offset"/>.</summary>
    public readonly CheckpointFormatException Error(string reason, long offset) => new(_path, reason, offset: offset);
}
