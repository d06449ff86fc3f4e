using System.Buffers.Binary;
using System.Numerics;
using System.Text;

namespace GpuSpectral.Checkpoints.PyTorch;

/// <content>Constant and string opcodes, and bounds-checked reading of opcode arguments (frames, lines, UTF-8, longs).</content>
internal sealed partial class PickleMachine
{
    /// <summary>Pushes a constant (string, bytes, integer, float, bool, None); false when <paramref name="op"/> is not one.</summary>
    private bool TryConstantOp(byte op, ref Cursor c)
    {
        switch (op)
        {
            case PickleOpcodes.BinUnicode:
                Push(Utf8(Take(ref c, BinaryPrimitives.ReadUInt32LittleEndian(Take(ref c, 4)))));
                break;
            case PickleOpcodes.ShortBinUnicode:
                Push(Utf8(Take(ref c, Take(ref c, 1)[0])));
                break;
            case PickleOpcodes.BinUnicode8:
                Push(Utf8(Take(ref c, BinaryPrimitives.ReadUInt64LittleEndian(Take(ref c, 8)))));
                break;
            case PickleOpcodes.ShortBinString:
                Push(new PyStr(Encoding.Latin1.GetString(Take(ref c, Take(ref c, 1)[0]))));
                break;
            case PickleOpcodes.BinBytes:
                Push(new PyBytes(Take(ref c, BinaryPrimitives.ReadUInt32LittleEndian(Take(ref c, 4))).ToArray()));
                break;
            case PickleOpcodes.ShortBinBytes:
                Push(new PyBytes(Take(ref c, Take(ref c, 1)[0]).ToArray()));
                break;
            case PickleOpcodes.BinBytes8:
            case PickleOpcodes.ByteArray8:
                Push(new PyBytes(Take(ref c, BinaryPrimitives.ReadUInt64LittleEndian(Take(ref c, 8))).ToArray()));
                break;
            case PickleOpcodes.BinInt1:
                Push(new PyInt(Take(ref c, 1)[0]));
                break;
            case PickleOpcodes.BinInt2:
                Push(new PyInt(BinaryPrimitives.ReadUInt16LittleEndian(Take(ref c, 2))));
                break;
            case PickleOpcodes.BinInt:
                Push(new PyInt(BinaryPrimitives.ReadInt32LittleEndian(Take(ref c, 4))));
                break;
            case PickleOpcodes.Long1:
                Push(Long(ref c, Take(ref c, 1)[0]));
                break;
            case PickleOpcodes.Long4:
                Push(Long(ref c, BinaryPrimitives.ReadInt32LittleEndian(Take(ref c, 4))));
                break;
            case PickleOpcodes.BinFloat:
                Push(new PyFloat(BinaryPrimitives.ReadDoubleBigEndian(Take(ref c, 8))));
                break;
            case PickleOpcodes.NewTrue:
                Push(PyBool.True);
                break;
            case PickleOpcodes.NewFalse:
                Push(PyBool.False);
                break;
            case PickleOpcodes.None:
                Push(PyNone.Instance);
                break;
            default:
                return false;
        }

        return true;
    }

    // ---- reading -------------------------------------------------------------------------------------------

    private ref struct Cursor
    {
        public ReadOnlySpan<byte> Data;
        public int Pos;
        public int FrameEnd;
    }

    private ReadOnlySpan<byte> Take(ref Cursor c, long n)
    {
        var remaining = c.Data.Length - c.Pos;
        if (n < 0 || n > remaining)
        {
            throw Fail(n < 0
                ? "opcode declares a length beyond 2^31 bytes"
                : $"opcode needs {n} bytes but only {remaining} remain in the pickle");
        }

        if (c.FrameEnd >= 0)
        {
            if (c.Pos >= c.FrameEnd)
            {
                c.FrameEnd = -1;
            }
            else if (n > c.FrameEnd - c.Pos)
            {
                throw Fail("opcode crosses the end of its FRAME");
            }
        }

        var s = c.Data.Slice(c.Pos, (int)n);
        c.Pos += (int)n;
        return s;
    }

    private ReadOnlySpan<byte> Take(ref Cursor c, ulong n) =>
        Take(ref c, n > int.MaxValue ? -1L : (long)n);

    private string ReadLine(ref Cursor c)
    {
        var rest = c.Data[c.Pos..];
        var nl = rest[..Math.Min(rest.Length, MaxGlobalLine + 1)].IndexOf((byte)'\n');
        if (nl < 0)
        {
            throw Fail($"GLOBAL line is not terminated within {MaxGlobalLine} bytes");
        }

        var line = Take(ref c, nl + 1)[..nl];
        foreach (var b in line)
        {
            if (b is < 0x20 or >= 0x7F)
            {
                throw Fail("GLOBAL line holds a byte that is not printable ASCII");
            }
        }

        return Encoding.ASCII.GetString(line);
    }

    private PyStr Utf8(ReadOnlySpan<byte> bytes)
    {
        try
        {
            return new PyStr(StrictUtf8.GetString(bytes));
        }
        catch (DecoderFallbackException e)
        {
            throw Fail("string is not valid UTF-8", e);
        }
    }

    private PyInt Long(ref Cursor c, int n)
    {
        if (n is < 0 or > MaxLongBytes)
        {
            throw Fail($"integer of {n} bytes (at most {MaxLongBytes} are accepted)");
        }

        return new PyInt(new BigInteger(Take(ref c, n), isUnsigned: false, isBigEndian: false));
    }
}
