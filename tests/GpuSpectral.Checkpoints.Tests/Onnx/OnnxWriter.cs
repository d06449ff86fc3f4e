using System.Buffers.Binary;
using System.Text;

namespace GpuSpectral.Checkpoints.Tests.Onnx;

/// <summary>A minimal protobuf message builder for writing test ONNX models.</summary>
internal sealed class Pb
{
    private readonly List<byte> _s = [];

    public byte[] ToArray() => _s.ToArray();

    public Pb Key(int field, int wireType)
    {
        WriteVarint((ulong)((field << 3) | wireType));
        return this;
    }

    public Pb WriteVarint(ulong v)
    {
        while (v >= 0x80)
        {
            _s.Add((byte)(v | 0x80));
            v >>= 7;
        }

        _s.Add((byte)v);
        return this;
    }

    public Pb Varint(int field, long v) => Key(field, 0).WriteVarint((ulong)v);

    public Pb Bytes(int field, byte[] b)
    {
        Key(field, 2).WriteVarint((ulong)b.Length);
        _s.AddRange(b);
        return this;
    }

    public Pb String(int field, string s) => Bytes(field, Encoding.UTF8.GetBytes(s));

    public Pb Message(int field, Pb m) => Bytes(field, m.ToArray());

    public Pb Fixed32(int field, uint v)
    {
        Key(field, 5);
        Span<byte> b = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32LittleEndian(b, v);
        _s.AddRange(b);
        return this;
    }

    public Pb Fixed64(int field, ulong v)
    {
        Key(field, 1);
        Span<byte> b = stackalloc byte[8];
        BinaryPrimitives.WriteUInt64LittleEndian(b, v);
        _s.AddRange(b);
        return this;
    }

    public Pb RawBytes(params byte[] b)
    {
        _s.AddRange(b);
        return this;
    }
}

/// <summary>Writes small ONNX models (ModelProto bytes) for tests.</summary>
internal static class OnnxWriter
{
    public const int Float = 1;
    public const int Int8 = 3;
    public const int Int64Type = 7;
    public const int Float16 = 10;
    public const int Double = 11;
    public const int BFloat16 = 16;

    public static byte[] Model(Pb graph, long ir = 8, long opset = 13)
    {
        var m = new Pb().Varint(1, ir).String(2, "gpuspectral-test");
        m.Message(8, new Pb().String(1, "").Varint(2, opset));
        m.Message(7, graph);
        return m.ToArray();
    }

    public static Pb Graph(IEnumerable<Pb> nodes, IEnumerable<Pb>? initializers = null, string name = "g")
    {
        var g = new Pb();
        foreach (var n in nodes)
        {
            g.Message(1, n);
        }

        g.String(2, name);
        foreach (var t in initializers ?? [])
        {
            g.Message(5, t);
        }

        return g;
    }

    public static Pb Node(string op, string[] inputs, string[] outputs, params Pb[] attributes)
    {
        var n = new Pb();
        foreach (var i in inputs)
        {
            n.String(1, i);
        }

        foreach (var o in outputs)
        {
            n.String(2, o);
        }

        n.String(3, op + "_" + string.Join("_", outputs)).String(4, op);
        foreach (var a in attributes)
        {
            n.Message(5, a);
        }

        return n;
    }

    public static Pb AttrInt(string name, long i) => new Pb().String(1, name).Varint(3, i).Varint(20, 2);

    public static Pb AttrTensor(string name, Pb t) => new Pb().String(1, name).Message(5, t).Varint(20, 4);

    public static Pb AttrGraph(string name, Pb g) => new Pb().String(1, name).Message(6, g).Varint(20, 5);

    public static Pb Constant(string output, Pb tensor) => Node("Constant", [], [output], AttrTensor("value", tensor));

    private static Pb Head(string name, int dataType, long[] dims)
    {
        var t = new Pb();
        foreach (var d in dims)
        {
            t.Varint(1, d);
        }

        t.Varint(2, dataType);
        if (name.Length > 0)
        {
            t.String(8, name);
        }

        return t;
    }

    public static Pb Raw(string name, int dataType, long[] dims, byte[] raw) => Head(name, dataType, dims).Bytes(9, raw);

    public static byte[] F32Bytes(params float[] v)
    {
        var b = new byte[v.Length * 4];
        for (var i = 0; i < v.Length; i++)
        {
            BinaryPrimitives.WriteSingleLittleEndian(b.AsSpan(i * 4), v[i]);
        }

        return b;
    }

    public static Pb RawF32(string name, long[] dims, params float[] v) => Raw(name, Float, dims, F32Bytes(v));

    public static Pb Floats(string name, long[] dims, float[] values, bool packed = true)
    {
        var t = Head(name, Float, dims);
        if (packed)
        {
            t.Bytes(4, F32Bytes(values));
        }
        else
        {
            foreach (var v in values)
            {
                t.Fixed32(4, BitConverter.SingleToUInt32Bits(v));
            }
        }

        return t;
    }

    public static Pb Int32s(string name, int dataType, long[] dims, int[] values, bool packed = true)
    {
        var t = Head(name, dataType, dims);
        if (packed)
        {
            var p = new Pb();
            foreach (var v in values)
            {
                p.WriteVarint((ulong)(long)v);
            }

            t.Message(5, p);
        }
        else
        {
            foreach (var v in values)
            {
                t.Varint(5, v);
            }
        }

        return t;
    }

    public static Pb Doubles(string name, long[] dims, double[] values)
    {
        var t = Head(name, Double, dims);
        var b = new byte[values.Length * 8];
        for (var i = 0; i < values.Length; i++)
        {
            BinaryPrimitives.WriteDoubleLittleEndian(b.AsSpan(i * 8), values[i]);
        }

        return t.Bytes(10, b);
    }

    public static Pb External(string name, int dataType, long[] dims, params (string Key, string Value)[] entries)
    {
        var t = Head(name, dataType, dims);
        foreach (var (k, v) in entries)
        {
            t.Message(13, new Pb().String(1, k).String(2, v));
        }

        return t.Varint(14, 1);
    }

    /// <summary>
    /// A model touching every storage form and consumer: raw/typed initializers, Constant nodes, Gemm transB 0/1,
    /// MatMul, Conv (plain and depthwise), LSTM, Gather, an If with a subgraph, plus a bias and a shape constant
    /// that are not listed.
    /// </summary>
    public static byte[] Sample()
    {
        var inits = new[]
        {
            RawF32("conv_w", [4, 2, 3, 3], Enumerable.Range(0, 72).Select(i => (float)(i - 36) / 8).ToArray()),
            RawF32("conv_b", [4], 1, 2, 3, 4),
            Floats("dw_w", [4, 1, 3, 3], Enumerable.Range(0, 36).Select(i => i * 0.25f).ToArray(), packed: false),
            Int32s("gemm_b16", Float16, [3, 2], [0x3C00, 0xC000, 0x3800, 0x0000, 0x7C00, 0x4200]),
            Int32s("gemm_bf16", BFloat16, [2, 3], [0x3F80, 0xC000, 0x3F00, 0x0000, 0x4040, 0xBF80], packed: false),
            Doubles("mm_w", [3, 2], [1.5, -2.25, 3.125, 1e-300, -0.0, 42]),
            RawF32("lstm_w", [1, 8, 3], Enumerable.Range(0, 24).Select(i => (float)i).ToArray()),
            RawF32("lstm_r", [1, 8, 2], Enumerable.Range(0, 16).Select(i => (float)-i).ToArray()),
            RawF32("lstm_b", [1, 16], new float[16]),
            RawF32("emb", [5, 2], 1, 2, 3, 4, 5, 6, 7, 8, 9, 10),
            Raw("shape", Int64Type, [2], new byte[16]),
            Raw("q_w", Int8, [2, 2], [1, 2, 3, 4]),
        };
        var then = Graph(
            [
                Constant("then_w", RawF32("", [2, 2], 1, 0, 0, 1)),
                Node("MatMul", ["x", "then_w"], ["then_y"]),
            ],
            name: "then");
        var otherwise = Graph(
            [Node("Gemm", ["x", "else_w"], ["else_y"], AttrInt("transB", 1))],
            [RawF32("else_w", [2, 2], 2, 0, 0, 2)],
            name: "else");
        var nodes = new[]
        {
            Node("Gather", ["emb", "ids"], ["e"]),
            Node("Conv", ["x", "conv_w", "conv_b"], ["c1"], AttrInt("group", 1)),
            Node("Conv", ["c1", "dw_w"], ["c2"], AttrInt("group", 4)),
            Node("Reshape", ["c2", "shape"], ["r"]),
            Node("Gemm", ["r", "gemm_b16"], ["g1"], AttrInt("transB", 0)),
            Node("Gemm", ["g1", "gemm_bf16"], ["g2"], AttrInt("transB", 1)),
            Constant("const_w", RawF32("ignored_name", [2, 3], 6, 5, 4, 3, 2, 1)),
            Node("MatMul", ["g2", "mm_w"], ["m1"]),
            Node("MatMul", ["const_w", "m1"], ["m2"]),
            Node("MatMul", ["m2", "mm_w"], ["m3"]),
            Node("LSTM", ["m3", "lstm_w", "lstm_r", "lstm_b"], ["h"]),
            Node("MatMulInteger", ["h", "q_w"], ["qi"]),
            Node("Gemm", ["qi", "q_w"], ["qg"]),
            new Pb().String(1, "cond").String(2, "out").String(4, "If")
                .Message(5, AttrGraph("then_branch", then)).Message(5, AttrGraph("else_branch", otherwise)),
        };
        return Model(Graph(nodes, inits));
    }
}
