using System.Buffers.Binary;
using System.Text;

namespace GpuSpectral.Checkpoints.Tests.Gguf;

/// <summary>
/// Test-side GGUF writer: v3 (or v2) files with arbitrary metadata key/values and tensors whose raw block bytes the
/// test supplies. Knobs let a test write deliberately wrong counts, versions, offsets and types.
/// </summary>
internal sealed class GgufWriter
{
    public const uint TypeU8 = 0, TypeI8 = 1, TypeU16 = 2, TypeI16 = 3, TypeU32 = 4, TypeI32 = 5, TypeF32 = 6,
        TypeBool = 7, TypeString = 8, TypeArray = 9, TypeU64 = 10, TypeI64 = 11, TypeF64 = 12;

    public static readonly Dictionary<string, (uint Id, int BlockElements, int BlockBytes)> Types = new()
    {
        ["F32"] = (0, 1, 4),
        ["F16"] = (1, 1, 2),
        ["Q4_0"] = (2, 32, 18),
        ["Q4_1"] = (3, 32, 20),
        ["Q5_0"] = (6, 32, 22),
        ["Q5_1"] = (7, 32, 24),
        ["Q8_0"] = (8, 32, 34),
        ["Q2_K"] = (10, 256, 84),
        ["Q3_K"] = (11, 256, 110),
        ["Q4_K"] = (12, 256, 144),
        ["Q5_K"] = (13, 256, 176),
        ["Q6_K"] = (14, 256, 210),
        ["I8"] = (24, 1, 1),
        ["I16"] = (25, 1, 2),
        ["I32"] = (26, 1, 4),
        ["I64"] = (27, 1, 8),
        ["F64"] = (28, 1, 8),
        ["BF16"] = (30, 1, 2),
    };

    public sealed class Tensor
    {
        public required byte[] NameBytes { get; init; }
        public required uint TypeId { get; set; }
        public required long[] Ne { get; set; }
        public required byte[] Data { get; init; }
        public ulong? Offset { get; set; }
    }

    private readonly List<(byte[] Key, uint Type, byte[] Payload)> _kvs = [];
    private readonly List<Tensor> _tensors = [];

    public uint Magic { get; set; } = 0x46554747;
    public uint Version { get; set; } = 3;
    public int Alignment { get; set; } = 32;
    public ulong? TensorCountOverride { get; set; }
    public ulong? KvCountOverride { get; set; }

    public IReadOnlyList<Tensor> Tensors => _tensors;

    /// <summary>A key/value with a raw payload (the bytes after the value type).</summary>
    public GgufWriter Kv(string key, uint type, byte[] payload) => KvRaw(Encoding.UTF8.GetBytes(key), type, payload);

    public GgufWriter KvRaw(byte[] key, uint type, byte[] payload)
    {
        _kvs.Add((key, type, payload));
        return this;
    }

    public GgufWriter Str(string key, string value) => Kv(key, TypeString, GgufValue.Str(value));

    public GgufWriter U32(string key, uint value) => Kv(key, TypeU32, GgufValue.U32(value));

    /// <summary>Adds <c>general.alignment</c> (u32) and uses it for the layout.</summary>
    public GgufWriter WithAlignment(int alignment)
    {
        Alignment = alignment;
        return U32("general.alignment", (uint)alignment);
    }

    public GgufWriter Add(string name, string type, long[] ne, byte[] data, ulong? offset = null) =>
        AddRaw(Encoding.UTF8.GetBytes(name), Types[type].Id, ne, data, offset);

    public GgufWriter AddRaw(byte[] name, uint typeId, long[] ne, byte[] data, ulong? offset = null)
    {
        _tensors.Add(new Tensor { NameBytes = name, TypeId = typeId, Ne = ne, Data = data, Offset = offset });
        return this;
    }

    public static long AlignUp(long v, long a) => (v + a - 1) / a * a;

    /// <summary>Offset of the data section in the file <see cref="Build"/> writes.</summary>
    public long DataStart { get; private set; }

    public byte[] Build()
    {
        using var ms = new MemoryStream();
        using var w = new BinaryWriter(ms);
        w.Write(Magic);
        w.Write(Version);
        w.Write(TensorCountOverride ?? (ulong)_tensors.Count);
        w.Write(KvCountOverride ?? (ulong)_kvs.Count);
        foreach (var (key, type, payload) in _kvs)
        {
            w.Write((ulong)key.Length);
            w.Write(key);
            w.Write(type);
            w.Write(payload);
        }

        long running = 0;
        var offsets = new long[_tensors.Count];
        for (var i = 0; i < _tensors.Count; i++)
        {
            var t = _tensors[i];
            offsets[i] = running;
            running += AlignUp(t.Data.Length, Alignment);
            w.Write((ulong)t.NameBytes.Length);
            w.Write(t.NameBytes);
            w.Write((uint)t.Ne.Length);
            foreach (var n in t.Ne)
            {
                w.Write(n);
            }

            w.Write(t.TypeId);
            w.Write(t.Offset ?? (ulong)offsets[i]);
        }

        w.Flush();
        DataStart = AlignUp(ms.Length, Alignment);
        ms.SetLength(DataStart);
        ms.Position = DataStart;
        for (var i = 0; i < _tensors.Count; i++)
        {
            ms.Position = DataStart + offsets[i];
            ms.Write(_tensors[i].Data);
            ms.SetLength(AlignUp(ms.Length, Alignment));
        }

        return ms.ToArray();
    }
}

/// <summary>Encoders for metadata value payloads.</summary>
internal static class GgufValue
{
    public static byte[] U8(byte v) => [v];

    public static byte[] U32(uint v)
    {
        var b = new byte[4];
        BinaryPrimitives.WriteUInt32LittleEndian(b, v);
        return b;
    }

    public static byte[] U64(ulong v)
    {
        var b = new byte[8];
        BinaryPrimitives.WriteUInt64LittleEndian(b, v);
        return b;
    }

    public static byte[] I64(long v) => U64((ulong)v);

    public static byte[] F32(float v) => U32(BitConverter.SingleToUInt32Bits(v));

    public static byte[] F64(double v) => U64(BitConverter.DoubleToUInt64Bits(v));

    public static byte[] Str(string s) => StrBytes(Encoding.UTF8.GetBytes(s));

    public static byte[] StrBytes(byte[] s) => [.. U64((ulong)s.Length), .. s];

    /// <summary>An array payload: element type, count, then the encoded elements.</summary>
    public static byte[] Arr(uint elemType, ulong count, params byte[][] elements) =>
        [.. U32(elemType), .. U64(count), .. elements.SelectMany(e => e)];

    /// <summary>Arrays nested <paramref name="depth"/> deep (the innermost holds one u8).</summary>
    public static byte[] Nested(int depth)
    {
        var payload = Arr(GgufWriter.TypeU8, 1, [7]);
        for (var i = 1; i < depth; i++)
        {
            payload = Arr(GgufWriter.TypeArray, 1, payload);
        }

        return payload;
    }
}
