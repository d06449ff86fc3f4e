using System.Diagnostics;
using GpuSpectral.Checkpoints.Onnx;
using GpuSpectral.Checkpoints.Tests.Support;
using GpuSpectral.Core.Errors;
using GpuSpectral.TestSupport;
using static GpuSpectral.Checkpoints.Tests.Onnx.OnnxWriter;

namespace GpuSpectral.Checkpoints.Tests.Onnx;

public sealed class CorruptOnnxTests
{
    internal static int OpenAndReadAll(string path) => ReaderAssert.OpenAndReadAll(() => new OnnxReader(path));

    private static CheckpointFormatException Throws(byte[] model, string reason, TempDir? dir = null)
    {
        using var own = new TempDir();
        var path = (dir ?? own).Write("bad.onnx", model);
        var e = ReaderAssert.ThrowsNamingFile(path, OpenAndReadAll);
        Assert.Contains(reason, e.Reason, StringComparison.OrdinalIgnoreCase);
        return e;
    }

    private static byte[] WithWeight(Pb tensor, string op = "MatMul") =>
        Model(Graph([Node(op, ["x", "w"], ["y"])], [tensor]));

    [Fact]
    public void Truncated_varint() => Throws([0x08, 0x80], "truncated varint");

    [Fact]
    public void Varint_longer_than_10_bytes() =>
        Throws([0x08, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x01], "varint");

    [Fact]
    public void Length_beyond_end_of_file()
    {
        var e = Throws([0x3A, 0x10, 0x0A], "runs past the end");
        Assert.Equal(1, e.Offset);
    }

    [Fact]
    public void Wrong_wire_type() => Throws([0x0A, 0x00], "wire type");

    [Fact]
    public void Group_wire_type_is_rejected() => Throws([0x3B, 0x3C], "groups");

    [Fact]
    public void Field_number_zero_is_rejected() => Throws([0x00, 0x01], "field number");

    [Fact]
    public void Wire_type_7_is_rejected() => Throws([0x0F], "wire type 7");

    [Fact]
    public void Empty_file_has_no_graph() => Throws([], "no graph");

    [Fact]
    public void Two_graphs() =>
        Throws([.. Model(Graph([Node("Relu", ["x"], ["y"])])), 0x3A, 0x00], "more than one graph");

    [Fact]
    public void Subgraph_nesting_bomb()
    {
        var g = Graph([Node("Relu", ["x"], ["y"])]);
        for (var i = 0; i < 40; i++)
        {
            g = Graph([Node("If", ["c"], ["o" + i], AttrGraph("then_branch", g))]);
        }

        Throws(Model(g), "nest deeper");
    }

    [Fact]
    public void Dims_product_overflow() =>
        Throws(WithWeight(RawF32("w", [1L << 40, 1L << 40], 1)), "overflow");

    [Fact]
    public void Negative_dim() => Throws(WithWeight(RawF32("w", [-1, 2], 1, 2)), "negative");

    [Fact]
    public void Rank_above_8() => Throws(WithWeight(RawF32("w", [1, 1, 1, 1, 1, 1, 1, 1, 1], 1)), "rank 9");

    [Fact]
    public void Raw_data_size_differs_from_dims() =>
        Throws(WithWeight(RawF32("w", [2, 3], 1, 2, 3, 4, 5)), "raw_data holds 20 bytes");

    [Fact]
    public void Typed_count_mismatch() =>
        Throws(WithWeight(Floats("w", [2, 3], [1, 2, 3, 4, 5])), "float_data holds 5");

    [Fact]
    public void Values_in_the_wrong_typed_field() =>
        Throws(WithWeight(Int32s("w", Float, [2], [1, 2])), "other than float_data");

    [Fact]
    public void Raw_and_typed_values_together() =>
        Throws(WithWeight(Floats("w", [1], [1]).Bytes(9, F32Bytes(1))), "both raw_data and typed");

    [Fact]
    public void Packed_floats_not_a_multiple_of_4() =>
        Throws(WithWeight(new Pb().Varint(1, 1).Varint(2, Float).String(8, "w").Bytes(4, [1, 2, 3])),
            "multiple of 4");

    [Fact]
    public void Packed_varints_end_mid_value() =>
        Throws(WithWeight(new Pb().Varint(1, 1).Varint(2, Float16).String(8, "w").Bytes(5, [0x80])), "middle");

    [Fact]
    public void Float16_bit_pattern_out_of_range() =>
        Throws(WithWeight(Int32s("w", Float16, [2], [0x3C00, 0x10000])), "16-bit pattern");

    [Fact]
    public void Unknown_data_type_of_a_consumed_weight() =>
        Throws(WithWeight(Raw("w", 99, [2], new byte[8])), "unknown TensorProto data_type 99");

    [Fact]
    public void Unknown_data_type_of_an_unconsumed_tensor_is_ignored()
    {
        using var dir = new TempDir();
        var path = dir.Write("ok.onnx", Model(Graph([Node("Relu", ["w"], ["y"])], [Raw("w", 99, [2], [])])));
        Assert.Equal(0, OpenAndReadAll(path));
    }

    [Fact]
    public void Unknown_data_location() =>
        Throws(WithWeight(RawF32("w", [1], 1).Varint(14, 2)), "data_location");

    [Fact]
    public void Segmented_tensor() =>
        Throws(WithWeight(RawF32("w", [1], 1).Message(3, new Pb().Varint(1, 0).Varint(2, 1))), "segmented");

    [Fact]
    public void Invalid_utf8_name() =>
        Throws(Model(Graph([new Pb().Bytes(1, [0xFF, 0xFE]).String(4, "Relu")])), "UTF-8");

    [Fact]
    public void Duplicate_initializer_names() =>
        Throws(Model(Graph([Node("MatMul", ["x", "w"], ["y"])], [RawF32("w", [1], 1), RawF32("w", [1], 2)])),
            "duplicate");

    [Fact]
    public void Constant_output_shadowing_an_initializer() =>
        Throws(Model(Graph([Constant("w", RawF32("", [1], 1)), Node("MatMul", ["x", "w"], ["y"])],
            [RawF32("w", [1], 2)])), "duplicate");

    [Fact]
    public void Subgraph_initializer_shadowing_an_outer_name()
    {
        var inner = Graph([Node("MatMul", ["x", "w"], ["z"])], [RawF32("w", [1], 1)]);
        Throws(Model(Graph([Node("If", ["c"], ["o"], AttrGraph("then_branch", inner))], [RawF32("w", [1], 2)])),
            "duplicate");
    }

    [Fact]
    public void Consumed_sparse_initializer_is_refused()
    {
        var sparse = new Pb().Message(1, RawF32("w", [1], 1)).Message(2, Raw("w_idx", Int64Type, [1], new byte[8]));
        var g = Graph([Node("MatMul", ["x", "w"], ["y"])]).Message(15, sparse);
        Throws(Model(g), "sparse tensors are not supported");
    }

    private static byte[] External(params (string, string)[] entries) =>
        WithWeight(OnnxWriter.External("w", Float, [2, 3], entries));

    [Theory]
    [InlineData("../w.bin", "traversal")]
    [InlineData("sub/../../w.bin", "traversal")]
    [InlineData("/etc/passwd", "relative path")]
    [InlineData("\\\\server\\share\\w.bin", "relative path")]
    [InlineData("C:/w.bin", "relative path")]
    [InlineData("missing.bin", "does not exist")]
    public void External_location_is_checked(string location, string reason) =>
        Throws(External(("location", location)), reason);

    [Fact]
    public void External_range_beyond_the_file()
    {
        using var dir = new TempDir();
        dir.Write("w.bin", new byte[30]);
        Throws(External(("location", "w.bin"), ("offset", "8")), "lies outside", dir);
    }

    [Fact]
    public void External_length_must_match_dims()
    {
        using var dir = new TempDir();
        dir.Write("w.bin", new byte[64]);
        Throws(External(("location", "w.bin"), ("length", "20")), "length 20 differs", dir);
    }

    [Theory]
    [InlineData("offset", "-5", "non-negative")]
    [InlineData("offset", "99999999999999999999", "non-negative")]
    [InlineData("length", "1e3", "non-negative")]
    [InlineData("basepath", "x", "unknown external_data key")]
    public void External_entries_are_checked(string key, string value, string reason)
    {
        using var dir = new TempDir();
        dir.Write("w.bin", new byte[64]);
        Throws(External(("location", "w.bin"), (key, value)), reason, dir);
    }

    [Fact]
    public void External_without_location() => Throws(External(("offset", "0")), "no 'location'");

    [Fact]
    public void External_through_a_symlink_is_refused()
    {
        using var dir = new TempDir();
        using var other = new TempDir();
        var target = other.Write("w.bin", new byte[24]);
        try
        {
            File.CreateSymbolicLink(Path.Combine(dir.Path, "w.bin"), target);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or PlatformNotSupportedException)
        {
            return; // symlinks not available here
        }

        Throws(External(("location", "w.bin")), "symbolic link", dir);
    }

    [Fact]
    public void Random_bytes_only_throw_the_typed_exception()
    {
        using var dir = new TempDir();
        var rng = new Random(7411);
        for (var i = 0; i < 300; i++)
        {
            var bytes = new byte[rng.Next(0, 400)];
            rng.NextBytes(bytes);
            if (i % 2 == 1 && bytes.Length > 4)
            {
                bytes[0] = 0x08; // ir_version, as real models start
                bytes[2] = 0x3A; // graph
            }

            MustOnlyThrowTyped(dir.Write($"r{i}.onnx", bytes), $"random #{i}");
        }
    }

    [Fact]
    public void Mutated_sample_only_throws_the_typed_exception()
    {
        using var dir = new TempDir();
        dir.Write("w.bin", new byte[64]);
        var valid = Sample();
        var external = Model(Graph(
            [Node("MatMul", ["x", "w"], ["y"])],
            [OnnxWriter.External("w", Float, [2, 3], ("location", "w.bin"), ("offset", "16"))]));
        Assert.Equal(11, OpenAndReadAll(dir.Write("valid.onnx", valid)));
        Assert.Equal(1, OpenAndReadAll(dir.Write("valid_ext.onnx", external)));
        var rng = new Random(99);
        var watch = Stopwatch.StartNew();
        for (var i = 0; i < 600; i++)
        {
            var bytes = Mutate(i % 3 == 0 ? external : valid, rng, i % 5);
            MustOnlyThrowTyped(dir.Write($"m{i}.onnx", bytes), $"mutation #{i}");
        }

        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(20), $"took {watch.Elapsed}");
    }

    [Fact]
    public void Mutated_prefix_of_ppocr_only_throws_the_typed_exception()
    {
        var prefix = File.ReadAllBytes(SharedData.Data("ppocr/ch_PP-OCRv4_rec_infer.onnx"))[..65536];
        using var dir = new TempDir();
        var rng = new Random(65536);
        MustOnlyThrowTyped(dir.Write("prefix.onnx", prefix), "prefix");
        for (var i = 0; i < 200; i++)
        {
            MustOnlyThrowTyped(dir.Write($"p{i}.onnx", Mutate(prefix, rng, i % 5)), $"ppocr mutation #{i}");
        }
    }

    private static void MustOnlyThrowTyped(string path, string what) =>
        ReaderAssert.OnlyTypedFailures(path, what, OpenAndReadAll);

    internal static byte[] Mutate(byte[] valid, Random rng, int mode)
    {
        var b = (byte[])valid.Clone();
        switch (mode)
        {
            case 0:
                for (var k = rng.Next(1, 5); k > 0; k--)
                {
                    b[rng.Next(b.Length)] ^= (byte)rng.Next(1, 256);
                }

                return b;
            case 1:
                return b[..rng.Next(b.Length)];
            case 2:
                var extra = new byte[rng.Next(1, 64)];
                rng.NextBytes(extra);
                return [.. b, .. extra];
            case 3:
                b[rng.Next(b.Length)] = (byte)rng.Next(0x80, 0x100);
                return b;
            default:
                var at = rng.Next(b.Length);
                b[at] = rng.Next(2) == 0 ? (byte)0xFF : (byte)0x00;
                return b;
        }
    }
}
