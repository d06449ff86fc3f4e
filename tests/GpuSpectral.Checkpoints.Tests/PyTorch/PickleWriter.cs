using System.Buffers.Binary;
using System.Text;

namespace GpuSpectral.Checkpoints.Tests.PyTorch;

/// <summary>
/// A small pickle emitter (our own, following CPython's opcode encodings) for building test pickles opcode by
/// opcode. Protocol ≥ 4 uses SHORT_BINUNICODE/STACK_GLOBAL/MEMOIZE and wraps the body in one FRAME.
/// </summary>
internal sealed class PickleWriter
{
    private readonly List<byte> _body = [];
    private int _memo;

    public PickleWriter(int protocol = 2, bool frame = true)
    {
        Protocol = protocol;
        Framed = frame && protocol >= 4;
    }

    public int Protocol { get; }

    public bool Framed { get; }

    public PickleWriter Op(byte b)
    {
        _body.Add(b);
        return this;
    }

    public PickleWriter Raw(params byte[] bytes)
    {
        _body.AddRange(bytes);
        return this;
    }

    public PickleWriter Mark() => Op(0x28);

    public PickleWriter None() => Op(0x4E);

    public PickleWriter Bool(bool v) => Op(v ? (byte)0x88 : (byte)0x89);

    public PickleWriter Global(string module, string name)
    {
        if (Protocol >= 4)
        {
            return Str(module).Str(name).Op(0x93);
        }

        return Op(0x63).Raw(Encoding.ASCII.GetBytes(module + "\n" + name + "\n"));
    }

    public PickleWriter Str(string s)
    {
        var b = Encoding.UTF8.GetBytes(s);
        if (Protocol >= 4 && b.Length < 256)
        {
            return Op(0x8C).Raw((byte)b.Length).Raw(b);
        }

        var len = new byte[4];
        BinaryPrimitives.WriteUInt32LittleEndian(len, (uint)b.Length);
        return Op(0x58).Raw(len).Raw(b);
    }

    public PickleWriter Int(long v)
    {
        if (v is >= 0 and < 256)
        {
            return Op(0x4B).Raw((byte)v);
        }

        if (v is >= 0 and < 65536)
        {
            var b2 = new byte[2];
            BinaryPrimitives.WriteUInt16LittleEndian(b2, (ushort)v);
            return Op(0x4D).Raw(b2);
        }

        if (v is >= int.MinValue and <= int.MaxValue)
        {
            var b4 = new byte[4];
            BinaryPrimitives.WriteInt32LittleEndian(b4, (int)v);
            return Op(0x4A).Raw(b4);
        }

        var b8 = new byte[8];
        BinaryPrimitives.WriteInt64LittleEndian(b8, v);
        return Op(0x8A).Raw(8).Raw(b8);
    }

    public PickleWriter Float(double v)
    {
        var b = new byte[8];
        BinaryPrimitives.WriteDoubleBigEndian(b, v);
        return Op(0x47).Raw(b);
    }

    /// <summary>Memoizes the top of the stack; returns its index through <paramref name="index"/>.</summary>
    public PickleWriter Memo(out int index)
    {
        index = _memo++;
        if (Protocol >= 4)
        {
            return Op(0x94);
        }

        if (index < 256)
        {
            return Op(0x71).Raw((byte)index);
        }

        var b = new byte[4];
        BinaryPrimitives.WriteUInt32LittleEndian(b, (uint)index);
        return Op(0x72).Raw(b);
    }

    public PickleWriter Memo() => Memo(out _);

    public PickleWriter Get(int index)
    {
        if (index < 256)
        {
            return Op(0x68).Raw((byte)index);
        }

        var b = new byte[4];
        BinaryPrimitives.WriteUInt32LittleEndian(b, (uint)index);
        return Op(0x6A).Raw(b);
    }

    public PickleWriter IntTuple(params long[] xs)
    {
        switch (xs.Length)
        {
            case 0:
                return Op(0x29);
            case <= 3:
                foreach (var x in xs)
                {
                    Int(x);
                }

                return Op((byte)(0x85 + xs.Length - 1));
            default:
                Mark();
                foreach (var x in xs)
                {
                    Int(x);
                }

                return Op(0x74);
        }
    }

    public PickleWriter Stop() => Op(0x2E);

    public byte[] ToArray()
    {
        var ms = new MemoryStream();
        ms.WriteByte(0x80);
        ms.WriteByte((byte)Protocol);
        var body = _body.ToArray();
        if (Framed)
        {
            ms.WriteByte(0x95);
            var len = new byte[8];
            BinaryPrimitives.WriteUInt64LittleEndian(len, (ulong)body.Length);
            ms.Write(len);
        }

        ms.Write(body);
        return ms.ToArray();
    }
}
