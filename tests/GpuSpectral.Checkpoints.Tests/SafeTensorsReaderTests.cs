using GpuSpectral.Checkpoints.SafeTensors;
using GpuSpectral.Checkpoints.Tests.Support;
using GpuSpectral.Core.Tensors;
using GpuSpectral.TestSupport;

namespace GpuSpectral.Checkpoints.Tests;

public sealed class SafeTensorsReaderTests
{
    private static readonly string Mixed = SharedData.Fixture("mixed.safetensors");

    [Fact]
    public void Mixed_lists_every_tensor_in_file_order_with_dtype_and_shape()
    {
        using var reader = new SafeTensorsReader(Mixed);
        var expected = new (string Name, DType DType, long[] Shape)[]
        {
            ("enc.blocks.0.attn.proj.bias", DType.F64, [96]),
            ("enc.blocks.0.attn.proj.weight", DType.F64, [96, 96]),
            ("head.weight", DType.F64, [10, 96]),
            ("enc.blocks.0.attn.qkv.bias", DType.F32, [288]),
            ("enc.blocks.0.attn.qkv.weight", DType.F32, [288, 96]),
            ("enc.blocks.0.norm1.bias", DType.F32, [96]),
            ("enc.blocks.0.norm1.weight", DType.F32, [96]),
            ("enc.conv1d.weight", DType.F32, [64, 32, 5]),
            ("head.bias", DType.F32, [10]),
            ("enc.blocks.0.mlp.fc1.weight", DType.BF16, [384, 96]),
            ("enc.blocks.0.mlp.fc2.bias", DType.F16, [96]),
            ("enc.blocks.0.mlp.fc2.weight", DType.F16, [96, 384]),
            ("enc.blocks.0.norm2.weight", DType.BF16, [96]),
            ("enc.patch_embed.weight", DType.BF16, [96, 3, 4, 4]),
            ("enc.tok_embed.weight", DType.F16, [512, 96]),
        };

        Assert.Equal("safetensors", reader.FormatName);
        Assert.Equal(Mixed, reader.Path);
        Assert.Equal(expected.Length, reader.Tensors.Count);
        for (var i = 0; i < expected.Length; i++)
        {
            var t = reader.Tensors[i];
            Assert.Equal(expected[i].Name, t.Name);
            Assert.Equal(expected[i].DType, t.DType);
            Assert.Equal(expected[i].Shape, t.Shape);
            Assert.Equal(t.ElementCount * DTypeInfo.SizeInBytes(t.DType), t.ByteLength);
            Assert.Equal(Mixed, t.SourceFile);
        }
    }

    [Fact]
    public void Mixed_decodes_every_tensor_like_an_independent_decoder()
    {
        var bytes = File.ReadAllBytes(Mixed);
        var (entries, dataStart) = IndependentDecode.Header(bytes);
        using var reader = new SafeTensorsReader(Mixed);
        Assert.Equal(entries.Count, reader.Tensors.Count);
        foreach (var e in entries)
        {
            Assert.True(reader.TryGetTensor(e.Name, out var t));
            var expected = IndependentDecode.Decode(bytes, dataStart + e.Begin, e.DType, t.ElementCount);
            var actual = new double[t.ElementCount];
            reader.ReadAsDouble(t, actual);
            for (var i = 0; i < actual.Length; i++)
            {
                Assert.Equal(BitConverter.DoubleToInt64Bits(expected[i]), BitConverter.DoubleToInt64Bits(actual[i]));
            }

            // Plausible weights: finite, small; matrices and kernels not constant.
            Assert.All(actual, v => Assert.True(double.IsFinite(v) && Math.Abs(v) < 100, $"{e.Name}: {v}"));
            if (t.Rank >= 2)
            {
                Assert.True(actual.Distinct().Count() > 1, e.Name);
            }
        }
    }

    [Fact]
    public void Bf16_f16_and_f64_values_match_hand_decoded_bits()
    {
        var bytes = File.ReadAllBytes(Mixed);
        var (entries, dataStart) = IndependentDecode.Header(bytes);
        using var reader = new SafeTensorsReader(Mixed);
        foreach (var name in new[] { "enc.blocks.0.mlp.fc1.weight", "enc.tok_embed.weight", "head.weight" })
        {
            var e = entries.Single(x => x.Name == name);
            Assert.True(reader.TryGetTensor(name, out var t));
            var values = new double[t.ElementCount];
            reader.ReadAsDouble(t, values);
            var at = (int)(dataStart + e.Begin);
            var first = t.DType switch
            {
                DType.BF16 => (double)BitConverter.Int32BitsToSingle(bytes[at] << 16 | bytes[at + 1] << 24),
                DType.F16 => (double)BitConverter.UInt16BitsToHalf((ushort)(bytes[at] | (bytes[at + 1] << 8))),
                _ => BitConverter.ToDouble(bytes, at),
            };
            Assert.Equal(first, values[0]);
            var rms = Math.Sqrt(values.Sum(v => v * v) / values.Length);
            Assert.InRange(rms, 1e-4, 10);
        }
    }

    [Fact]
    public void Written_file_round_trips_every_supported_dtype()
    {
        using var dir = new TempDir();
        var file = dir.Write("all.safetensors", SafeTensorsWriter.Build(
        [
            new("f64", "F64", [2], SafeTensorsWriter.F64(1e300, -0.0)),
            new("f32", "F32", [2], SafeTensorsWriter.F32(float.PositiveInfinity, float.NaN)),
            new("f16", "F16", [3], [0x00, 0x3C, 0xFF, 0x7B, 0x01, 0x00]),
            new("bf16", "BF16", [2], [0x80, 0x3F, 0x80, 0xFF]),
            new("e4m3", "F8_E4M3", [5], [0x7E, 0x01, 0x7F, 0xFE, 0x38]),
            new("e5m2", "F8_E5M2", [4], [0x7B, 0x7C, 0xFC, 0x3C]),
            new("i8", "I8", [2], [0xFF, 0x7F]),
            new("u8", "U8", [2], [0xFF, 0x00]),
            new("i16", "I16", [1], [0x00, 0x80]),
            new("u16", "U16", [1], [0xFF, 0xFF]),
            new("i32", "I32", [1], [0x00, 0x00, 0x00, 0x80]),
            new("u32", "U32", [1], [0xFF, 0xFF, 0xFF, 0xFF]),
            new("i64", "I64", [1], [0xFE, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF]),
            new("u64", "U64", [1], [0, 0, 0, 0, 0, 0, 0, 0x80]),
            new("bool", "BOOL", [2], [0, 1]),
            new("scalar", "F32", [], SafeTensorsWriter.F32(7)),
            new("empty", "F32", [0, 4], []),
        ]));
        using var reader = new SafeTensorsReader(file);
        double[] Read(string name)
        {
            Assert.True(reader.TryGetTensor(name, out var t));
            var d = new double[t.ElementCount];
            reader.ReadAsDouble(t, d);
            return d;
        }

        Assert.Equal([1e300, -0.0], Read("f64"));
        Assert.True(double.IsNegative(Read("f64")[1]));
        Assert.Equal(double.PositiveInfinity, Read("f32")[0]);
        Assert.True(double.IsNaN(Read("f32")[1]));
        Assert.Equal([1.0, 65504.0, Math.Pow(2, -24)], Read("f16"));
        Assert.Equal([1.0, double.NegativeInfinity], Read("bf16"));
        var e4 = Read("e4m3");
        Assert.Equal(448.0, e4[0]);
        Assert.Equal(Math.Pow(2, -9), e4[1]);
        Assert.True(double.IsNaN(e4[2]));
        Assert.Equal(-448.0, e4[3]);
        Assert.Equal(1.0, e4[4]);
        Assert.Equal([57344.0, double.PositiveInfinity, double.NegativeInfinity, 1.0], Read("e5m2"));
        Assert.Equal([-1.0, 127.0], Read("i8"));
        Assert.Equal([255.0, 0.0], Read("u8"));
        Assert.Equal([-32768.0], Read("i16"));
        Assert.Equal([65535.0], Read("u16"));
        Assert.Equal([-2147483648.0], Read("i32"));
        Assert.Equal([4294967295.0], Read("u32"));
        Assert.Equal([-2.0], Read("i64"));
        Assert.Equal([9223372036854775808.0], Read("u64"));
        Assert.Equal([0.0, 1.0], Read("bool"));
        Assert.Equal([7.0], Read("scalar"));
        Assert.Empty(Read("empty"));
        Assert.True(reader.TryGetTensor("scalar", out var s));
        Assert.Empty(s.Shape);
    }

    [Fact]
    public void Tensors_come_in_data_offset_order_not_header_order()
    {
        using var dir = new TempDir();
        var header = "{\"z\":{\"dtype\":\"U8\",\"shape\":[1],\"data_offsets\":[0,1]},"
            + "\"a\":{\"dtype\":\"U8\",\"shape\":[2],\"data_offsets\":[3,5]},"
            + "\"m\":{\"data_offsets\":[1,3],\"shape\":[2],\"dtype\":\"U8\"}}";
        var file = dir.Write("order.safetensors", SafeTensorsWriter.Raw("  \n\t" + header, [9, 8, 7, 6, 5]));
        using var reader = new SafeTensorsReader(file);
        Assert.Equal(["z", "m", "a"], reader.Tensors.Select(t => t.Name));
        var a = new double[2];
        reader.ReadAsDouble(reader.Tensors[2], a);
        Assert.Equal([6.0, 5.0], a);
    }

    [Fact]
    public void ReadAsDouble_rejects_foreign_tensor_and_short_destination()
    {
        using var dir = new TempDir();
        var file = dir.Write("s.safetensors", SafeTensorsWriter.Sample());
        using var reader = new SafeTensorsReader(file);
        var t = reader.Tensors[0];
        Assert.Throws<ArgumentException>(() => reader.ReadAsDouble(t, new double[t.ElementCount - 1]));
        var foreign = new TensorInfo("nope", DType.F32, [1], 4, file);
        Assert.Throws<ArgumentException>(() => reader.ReadAsDouble(foreign, new double[1]));
        var larger = new double[t.ElementCount + 3];
        reader.ReadAsDouble(t, larger);
        Assert.Equal([1.0, 2, 3, 4, 5, 6, 0, 0, 0], larger);
    }
}
