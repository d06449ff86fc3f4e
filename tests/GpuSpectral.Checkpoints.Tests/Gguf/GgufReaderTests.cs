using System.Buffers.Binary;
using GpuSpectral.Checkpoints.Gguf;
using GpuSpectral.Checkpoints.Tests.Support;
using GpuSpectral.Core.Tensors;

namespace GpuSpectral.Checkpoints.Tests.Gguf;

/// <summary>Valid GGUF files: every supported type, versions 2 and 3, ne → C-order shapes, metadata.</summary>
public sealed class GgufReaderTests
{
    internal static byte[] F32Bytes(params float[] values)
    {
        var b = new byte[values.Length * 4];
        for (var i = 0; i < values.Length; i++)
        {
            BinaryPrimitives.WriteSingleLittleEndian(b.AsSpan(i * 4), values[i]);
        }

        return b;
    }

    private static double[] Read(GgufReader r, string name)
    {
        Assert.True(r.TryGetTensor(name, out var t));
        var y = new double[t.ElementCount];
        r.ReadAsDouble(t, y);
        return y;
    }

    private static void AssertBitsEqual(double[] expected, double[] actual, string what)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (var i = 0; i < expected.Length; i++)
        {
            if (BitConverter.DoubleToInt64Bits(expected[i]) != BitConverter.DoubleToInt64Bits(actual[i]))
            {
                Assert.Fail($"{what}: element {i}: expected {expected[i]:R}, got {actual[i]:R}");
            }
        }
    }

    [Fact]
    public void Detects_the_magic()
    {
        Assert.True(GgufReader.LooksLikeGguf([(byte)'G', (byte)'G', (byte)'U', (byte)'F', 3, 0, 0, 0]));
        Assert.False(GgufReader.LooksLikeGguf("GGU"u8));
        Assert.False(GgufReader.LooksLikeGguf([0x50, 0x4B, 3, 4]));
    }

    [Theory]
    [InlineData(2u)]
    [InlineData(3u)]
    public void Ne_is_reversed_into_a_C_order_shape(uint version)
    {
        var w = new GgufWriter { Version = version }.Str("general.architecture", "llama");
        w.Add("m", "F32", [4, 3], F32Bytes([.. Enumerable.Range(0, 12).Select(i => (float)i)]));
        w.Add("v", "F32", [5], F32Bytes(1, 2, 3, 4, 5));
        w.Add("t", "F32", [2, 3, 4], F32Bytes([.. Enumerable.Range(0, 24).Select(i => i * 0.5f)]));
        using var dir = new TempDir();
        using var r = new GgufReader(dir.Write("a.gguf", w.Build()));
        Assert.Equal((int)version, r.Version);
        Assert.Equal("gguf", r.FormatName);
        Assert.Equal(["m", "v", "t"], r.Tensors.Select(t => t.Name));
        Assert.True(r.TryGetTensor("m", out var m));
        Assert.Equal([3L, 4L], m.Shape);
        Assert.Equal(DType.F32, m.DType);
        Assert.Null(m.FormatDType);
        Assert.Equal(WeightLayout.PyTorch, m.Layout);
        Assert.Equal(48, m.ByteLength);
        var y = Read(r, "m");
        for (var row = 0; row < 3; row++)
        {
            for (var c = 0; c < 4; c++)
            {
                Assert.Equal((row * 4) + c, y[(row * 4) + c]); // element (r, c) is the c-th value of row r
            }
        }

        Assert.Equal([5L], r.Tensors[1].Shape);
        Assert.Equal([1.0, 2, 3, 4, 5], Read(r, "v"));
        Assert.Equal([4L, 3L, 2L], r.Tensors[2].Shape);
        Assert.Equal(11.5, Read(r, "t")[23]);
    }

    [Fact]
    public void Plain_types_decode_exactly()
    {
        var w = new GgufWriter();
        w.Add("f16", "F16", [3], [0x00, 0x3C, 0x00, 0xC0, 0x01, 0x00]); // 1, -2, smallest subnormal
        w.Add("bf16", "BF16", [2], [0x80, 0x3F, 0x40, 0xC0]); // 1, -3
        w.Add("f64", "F64", [1], BitConverter.GetBytes(Math.PI));
        w.Add("i8", "I8", [2], [0xFF, 0x7F]);
        w.Add("i16", "I16", [1], [0x00, 0x80]);
        w.Add("i32", "I32", [1], BitConverter.GetBytes(-123456));
        w.Add("i64", "I64", [1], BitConverter.GetBytes(1L << 40));
        using var dir = new TempDir();
        using var r = new GgufReader(dir.Write("p.gguf", w.Build()));
        Assert.Equal([1.0, -2.0, Math.ScaleB(1, -24)], Read(r, "f16"));
        Assert.Equal([1.0, -3.0], Read(r, "bf16"));
        Assert.Equal([Math.PI], Read(r, "f64"));
        Assert.Equal([-1.0, 127.0], Read(r, "i8"));
        Assert.Equal([-32768.0], Read(r, "i16"));
        Assert.Equal([-123456.0], Read(r, "i32"));
        Assert.Equal([(double)(1L << 40)], Read(r, "i64"));
        Assert.Equal(
            [DType.F16, DType.BF16, DType.F64, DType.I8, DType.I16, DType.I32, DType.I64],
            r.Tensors.Select(t => t.DType));
        Assert.All(r.Tensors, t => Assert.Null(t.FormatDType));
    }

    [Fact]
    public void Q4_0_closed_form()
    {
        // d = 0.5 (half 0x3800); qs[j] = j | (15 − j) << 4  →  y[j] = (j − 8)/2, y[j+16] = (7 − j)/2.
        var block = new byte[18];
        block[0] = 0x00;
        block[1] = 0x38;
        for (var j = 0; j < 16; j++)
        {
            block[2 + j] = (byte)(j | ((15 - j) << 4));
        }

        var w = new GgufWriter().Add("q", "Q4_0", [32], block);
        using var dir = new TempDir();
        using var r = new GgufReader(dir.Write("q.gguf", w.Build()));
        var t = r.Tensors[0];
        Assert.Equal(DType.F32, t.DType);
        Assert.Equal("Q4_0", t.FormatDType);
        Assert.Equal("Q4_0", t.DisplayDType);
        Assert.Equal(18, t.ByteLength);
        var y = Read(r, "q");
        for (var j = 0; j < 16; j++)
        {
            Assert.Equal((j - 8) / 2.0, y[j]);
            Assert.Equal((7 - j) / 2.0, y[j + 16]);
        }
    }

    [Fact]
    public void Q8_0_and_Q5_1_closed_form()
    {
        var q8 = new byte[34];
        q8[1] = 0x34; // d = 0.25
        for (var j = 0; j < 32; j++)
        {
            q8[2 + j] = (byte)(sbyte)(j - 16);
        }

        // Q5_1: d = 0.5, m = −1 (0xBC00), q = j for all 32 (5 bits: the high bit in qh for j ≥ 16).
        var q51 = new byte[24];
        q51[1] = 0x38;
        q51[3] = 0xBC;
        BinaryPrimitives.WriteUInt32LittleEndian(q51.AsSpan(4), 0xFFFF0000);
        for (var j = 0; j < 16; j++)
        {
            q51[8 + j] = (byte)(j | (j << 4));
        }

        var w = new GgufWriter().Add("a", "Q8_0", [32], q8).Add("b", "Q5_1", [32], q51);
        using var dir = new TempDir();
        using var r = new GgufReader(dir.Write("q.gguf", w.Build()));
        Assert.Equal(Enumerable.Range(0, 32).Select(j => (j - 16) * 0.25), Read(r, "a"));
        Assert.Equal(Enumerable.Range(0, 32).Select(j => (j * 0.5) - 1), Read(r, "b"));
    }

    [Fact]
    public void Q4_K_closed_form()
    {
        // d = 1, dmin = 0.5; scales: sub-block s has scale s+1 and min s; q = l & 15 (low) and 15 − (l & 15) (high).
        var b = new byte[144];
        b[1] = 0x3C;
        b[3] = 0x38;
        for (var s = 0; s < 8; s++)
        {
            int sc = s + 1, m = s;
            if (s < 4)
            {
                b[4 + s] = (byte)sc;
                b[8 + s] = (byte)m;
            }
            else
            {
                b[12 + s - 4] = (byte)((sc & 0xF) | ((m & 0xF) << 4));
                b[4 + s - 4] |= (byte)((sc >> 4) << 6);
                b[8 + s - 4] |= (byte)((m >> 4) << 6);
            }
        }

        for (var c = 0; c < 4; c++)
        {
            for (var l = 0; l < 32; l++)
            {
                b[16 + (32 * c) + l] = (byte)((l & 15) | ((15 - (l & 15)) << 4));
            }
        }

        var w = new GgufWriter().Add("k", "Q4_K", [256], b);
        using var dir = new TempDir();
        using var r = new GgufReader(dir.Write("k.gguf", w.Build()));
        var y = Read(r, "k");
        for (var e = 0; e < 256; e++)
        {
            int sub = e / 32, l = e % 32;
            var q = sub % 2 == 0 ? l & 15 : 15 - (l & 15);
            Assert.Equal(((sub + 1) * q) - (0.5 * sub), y[e]);
        }
    }

    public static TheoryData<string, uint> QuantTypes()
    {
        var data = new TheoryData<string, uint>();
        foreach (var t in new[] { "Q4_0", "Q4_1", "Q5_0", "Q5_1", "Q8_0", "Q2_K", "Q3_K", "Q4_K", "Q5_K", "Q6_K" })
        {
            data.Add(t, 3);
            data.Add(t, 2);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(QuantTypes))]
    public void Random_blocks_match_the_independent_decoder(string type, uint version)
    {
        var rng = new Random(type.GetHashCode(StringComparison.Ordinal) ^ (int)version);
        var (_, qk, size) = GgufWriter.Types[type];
        var w = new GgufWriter { Version = version }.Str("general.architecture", "test");
        w.Add("row", type, [qk * 3], GgufOracle.RandomBlocks(type, 3, rng));
        w.Add("mat", type, [qk * 2, 5], GgufOracle.RandomBlocks(type, 10, rng));
        w.Add("moe", type, [qk, 3, 2], GgufOracle.RandomBlocks(type, 6, rng));
        var bytes = w.Build();
        using var dir = new TempDir();
        using var r = new GgufReader(dir.Write($"{type}.gguf", bytes));
        Assert.Equal([(long)qk * 3], r.Tensors[0].Shape);
        Assert.Equal([5L, qk * 2], r.Tensors[1].Shape);
        Assert.Equal([2L, 3L, qk], r.Tensors[2].Shape);
        foreach (var t in w.Tensors)
        {
            var name = System.Text.Encoding.UTF8.GetString(t.NameBytes);
            Assert.True(r.TryGetTensor(name, out var info));
            Assert.Equal(type, info.FormatDType);
            Assert.Equal(t.Data.Length, info.ByteLength);
            Assert.Equal(t.Data.Length / size * qk, info.ElementCount);
            AssertBitsEqual(GgufOracle.Dequantize(type, t.Data, info.ElementCount), Read(r, name), $"{type}/{name}");
        }
    }

    [Fact]
    public void Large_quantized_tensor_streams_in_runs()
    {
        var rng = new Random(5);
        var data = GgufOracle.RandomBlocks("Q6_K", 600, rng); // 153 600 elements: more than one run
        var w = new GgufWriter().Add("big", "Q6_K", [256 * 300, 2], data);
        using var dir = new TempDir();
        using var r = new GgufReader(dir.Write("big.gguf", w.Build()));
        AssertBitsEqual(GgufOracle.Dequantize("Q6_K", data, 153_600), Read(r, "big"), "big");
    }

    [Fact]
    public void Metadata_of_every_type_is_parsed_and_arrays_are_skipped()
    {
        var vocab = Enumerable.Range(0, 2000).Select(i => GgufValue.Str("tok" + i)).ToArray();
        var w = new GgufWriter()
            .Str("general.architecture", "llama")
            .Str("general.name", "Tiny Llama")
            .Kv("a.u8", GgufWriter.TypeU8, [200])
            .Kv("a.i8", GgufWriter.TypeI8, [0xFE])
            .Kv("a.u16", GgufWriter.TypeU16, [1, 1])
            .Kv("a.i16", GgufWriter.TypeI16, [0xFF, 0xFF])
            .U32("general.quantization_version", 2)
            .Kv("a.i32", GgufWriter.TypeI32, GgufValue.U32(unchecked((uint)-5)))
            .Kv("a.f32", GgufWriter.TypeF32, GgufValue.F32(1.5f))
            .Kv("a.bool", GgufWriter.TypeBool, [1])
            .Kv("a.u64", GgufWriter.TypeU64, GgufValue.U64(ulong.MaxValue))
            .Kv("a.i64", GgufWriter.TypeI64, GgufValue.I64(-7))
            .Kv("a.f64", GgufWriter.TypeF64, GgufValue.F64(0.1))
            .Kv("tokenizer.ggml.tokens", GgufWriter.TypeArray, GgufValue.Arr(GgufWriter.TypeString, 2000, vocab))
            .Kv("a.bools", GgufWriter.TypeArray, GgufValue.Arr(GgufWriter.TypeBool, 3, [0], [1], [0]))
            .Kv("a.floats", GgufWriter.TypeArray,
                GgufValue.Arr(GgufWriter.TypeF32, 2, GgufValue.F32(1), GgufValue.F32(2)))
            .Kv("a.nested", GgufWriter.TypeArray, GgufValue.Nested(5))
            .Kv("a.empty", GgufWriter.TypeArray, GgufValue.Arr(GgufWriter.TypeString, 0))
            .WithAlignment(64);
        w.Add("x", "F32", [3], F32Bytes(1, 2, 3));
        w.Add("y", "Q8_0", [32], GgufOracle.RandomBlocks("Q8_0", 1, new Random(1)));
        var bytes = w.Build();
        Assert.Equal(0, w.DataStart % 64);
        using var dir = new TempDir();
        using var r = new GgufReader(dir.Write("meta.gguf", bytes));
        Assert.Equal(64, r.Alignment);
        var m = r.Metadata;
        Assert.Equal("llama", m["general.architecture"]);
        Assert.Equal("Tiny Llama", m["general.name"]);
        Assert.Equal("200", m["a.u8"]);
        Assert.Equal("-2", m["a.i8"]);
        Assert.Equal("257", m["a.u16"]);
        Assert.Equal("-1", m["a.i16"]);
        Assert.Equal("2", m["general.quantization_version"]);
        Assert.Equal("-5", m["a.i32"]);
        Assert.Equal("1.5", m["a.f32"]);
        Assert.Equal("true", m["a.bool"]);
        Assert.Equal(ulong.MaxValue.ToString(System.Globalization.CultureInfo.InvariantCulture), m["a.u64"]);
        Assert.Equal("-7", m["a.i64"]);
        Assert.Equal("0.1", m["a.f64"]);
        Assert.Equal("64", m["general.alignment"]);
        Assert.False(m.ContainsKey("tokenizer.ggml.tokens"));
        Assert.Equal([1.0, 2, 3], Read(r, "x"));
        Assert.Equal(32, Read(r, "y").Length);
    }

    [Fact]
    public void Empty_and_zero_sized_tensors_are_allowed()
    {
        var w = new GgufWriter().Add("empty", "Q4_K", [256, 0], []).Add("x", "F32", [1], F32Bytes(9));
        using var dir = new TempDir();
        using var r = new GgufReader(dir.Write("e.gguf", w.Build()));
        Assert.Equal([0L, 256L], r.Tensors.First(t => t.Name == "empty").Shape);
        Assert.Empty(Read(r, "empty"));
        Assert.Equal([9.0], Read(r, "x"));

        var noTensors = new GgufWriter().Str("general.architecture", "x").Build();
        using var none = new GgufReader(dir.Write("none.gguf", noTensors));
        Assert.Empty(none.Tensors);
    }

    [Fact]
    public void Foreign_tensor_or_short_destination_is_an_argument_error()
    {
        var w = new GgufWriter().Add("x", "Q8_0", [32], new byte[34]);
        using var dir = new TempDir();
        using var r = new GgufReader(dir.Write("x.gguf", w.Build()));
        Assert.Throws<ArgumentException>(() => r.ReadAsDouble(r.Tensors[0], new double[31]));
        var foreign = new TensorInfo("x", DType.F32, [32], 34, "other");
        Assert.Throws<ArgumentException>(() => r.ReadAsDouble(foreign, new double[32]));
    }
}
