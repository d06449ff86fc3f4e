using System.Buffers.Binary;
using GpuSpectral.Checkpoints.PyTorch;
using GpuSpectral.Checkpoints.Tests.Support;
using GpuSpectral.Core.Tensors;

namespace GpuSpectral.Checkpoints.Tests.PyTorch;

/// <summary>Hand-built checkpoints: views, offsets, shared storages, wrappers, protocols, dtypes, shards.</summary>
public sealed class TorchSyntheticTests
{
    private static Dictionary<string, double[]> Read(byte[] bytes, out List<TensorInfo> infos, string name = "m.pt")
    {
        using var dir = new TempDir();
        using var reader = TorchReader.Open(dir.Write(name, bytes));
        infos = reader.Tensors.ToList();
        return TorchAssert.ReadAll(reader);
    }

    public static TheoryData<int, bool> Protocols() => new()
    {
        { 2, false }, { 3, false }, { 4, false }, { 5, false }, { 2, true }, { 4, true },
    };

    [Theory]
    [MemberData(nameof(Protocols))]
    public void Views_offsets_and_shared_storages_read_in_C_order(int protocol, bool legacy)
    {
        var w = TorchWriter.Sample(protocol, legacy);
        w.Tensors.Add(new TensorSpec("slice", "0", 1, [2], [2]));         // elements 1 and 3 → 2, 4
        w.Tensors.Add(new TensorSpec("col", "0", 2, [2, 1], [3, 1]));     // column 2 → 3, 6
        w.Tensors.Add(new TensorSpec("scalar", "1", 1, [], []));          // -0.25
        w.Tensors.Add(new TensorSpec("empty", "1", 0, [0, 4], [4, 1]));
        var bytes = legacy ? w.LegacyFile() : w.Zip();
        var v = Read(bytes, out var infos);
        Assert.Equal(["fc.weight", "fc.weight_t", "fc.bias", "slice", "col", "scalar", "empty"],
            infos.Select(t => t.Name));
        Assert.Equal([1.0, 2, 3, 4, 5, 6], v["fc.weight"]);
        Assert.Equal([1.0, 4, 2, 5, 3, 6], v["fc.weight_t"]);
        Assert.Equal([3L, 2], infos[1].Shape);
        Assert.Equal([0.5, -0.25], v["fc.bias"]);
        Assert.Equal([2.0, 4], v["slice"]);
        Assert.Equal([3.0, 6], v["col"]);
        Assert.Equal([-0.25], v["scalar"]);
        Assert.Empty(infos[5].Shape);
        Assert.Empty(v["empty"]);
        Assert.Equal(0, infos[6].ByteLength);
        Assert.All(infos, t => Assert.Equal(WeightLayout.PyTorch, t.Layout));
    }

    [Fact]
    public void High_rank_permuted_view_gathers_correctly()
    {
        // Storage of 2*3*4 values; tensor = x.permute(2, 0, 1) with shape (4, 2, 3), strides (1, 12, 4).
        var values = Enumerable.Range(0, 24).Select(i => (float)i).ToArray();
        var w = new TorchWriter
        {
            Storages = [TorchWriter.F32("0", values)],
            Tensors = [new TensorSpec("p", "0", 0, [4, 2, 3], [1, 12, 4])],
        };
        var v = Read(w.Zip(), out _);
        var expected = new List<double>();
        for (var k = 0; k < 4; k++)
        {
            for (var i = 0; i < 2; i++)
            {
                for (var j = 0; j < 3; j++)
                {
                    expected.Add((i * 12) + (j * 4) + k);
                }
            }
        }

        Assert.Equal(expected, v["p"]);
    }

    [Fact]
    public void Sparse_view_of_a_large_storage_is_read_element_by_element()
    {
        var values = Enumerable.Range(0, 10_000).Select(i => (float)i).ToArray();
        var w = new TorchWriter
        {
            Storages = [TorchWriter.F32("0", values)],
            Tensors = [new TensorSpec("sparse", "0", 7, [3], [3000]), new TensorSpec("tail", "0", 9998, [2], [1])],
        };
        var v = Read(w.Zip(), out _);
        Assert.Equal([7.0, 3007, 6007], v["sparse"]);
        Assert.Equal([9998.0, 9999], v["tail"]);
    }

    [Theory]
    [InlineData("state_dict")]
    [InlineData("model")]
    public void Training_wrapper_is_unwrapped_without_prefix(string wrapper)
    {
        var w = TorchWriter.Sample();
        w = new TorchWriter { Wrapper = wrapper, Storages = w.Storages, Tensors = w.Tensors };
        var v = Read(w.Zip(), out var infos);
        Assert.Equal(["fc.weight", "fc.weight_t", "fc.bias"], infos.Select(t => t.Name));
        Assert.Equal([0.5, -0.25], v["fc.bias"]);
    }

    [Fact]
    public void Nested_dicts_and_lists_are_named_by_key_path()
    {
        var tw = TorchWriter.Sample();
        var w = new PickleWriter(2);
        w.Op(0x7D).Mark().Str("encoder").Op(0x7D).Mark().Str("w");
        tw.EmitTensor(w, tw.Tensors[0]);
        w.Op(0x75).Str("decoder").Op(0x5D).Mark();
        tw.EmitTensor(w, tw.Tensors[2]);
        tw.EmitTensor(w, tw.Tensors[1]);
        w.Op(0x65).Str("step").Int(100).Str("top");
        tw.EmitTensor(w, tw.Tensors[2]);
        w.Op(0x75).Stop();
        var v = Read(tw.Zip(pickle: w.ToArray()), out var infos);
        Assert.Equal(["encoder.w", "decoder.0", "decoder.1", "top"], infos.Select(t => t.Name));
        Assert.Equal([1.0, 4, 2, 5, 3, 6], v["decoder.1"]);
    }

    [Fact]
    public void Rebuild_variants_and_dtypes_are_supported()
    {
        var i64 = new byte[24];
        for (var i = 0; i < 3; i++)
        {
            BinaryPrimitives.WriteInt64LittleEndian(i64.AsSpan(i * 8), -5 + (i * 1_000_000_000_000));
        }

        var f16 = new byte[4];
        BinaryPrimitives.WriteHalfLittleEndian(f16, (Half)1.5);
        BinaryPrimitives.WriteHalfLittleEndian(f16.AsSpan(2), (Half)(-2));
        var w = new TorchWriter
        {
            Storages =
            [
                TorchWriter.F32("0", 1, 2, 3, 4),
                new StorageSpec("1", "LongStorage", 3, i64),
                new StorageSpec("2", "BoolStorage", 3, [1, 0, 1]),
                new StorageSpec("3", "UntypedStorage", 4, f16),
                new StorageSpec("4", "ByteStorage", 2, [200, 7]),
                new StorageSpec("5", "CharStorage", 2, [0xFF, 7]),
            ],
            Tensors =
            [
                new TensorSpec("param", "0", 0, [2, 2], [2, 1]) { Rebuild = "param" },
                new TensorSpec("fromtype", "0", 1, [3], [1]) { Rebuild = "fromtype" },
                new TensorSpec("old", "0", 0, [4], [1]) { Rebuild = "old" },
                new TensorSpec("long", "1", 0, [3], [1]),
                new TensorSpec("bool", "2", 0, [3], [1]),
                new TensorSpec("half_v3", "3", 0, [2], [1]) { Rebuild = "v3", Dtype = "float16" },
                new TensorSpec("u8", "4", 0, [2], [1]),
                new TensorSpec("i8", "5", 0, [2], [1]),
            ],
        };
        var v = Read(w.Zip(), out var infos);
        Assert.Equal([DType.F32, DType.F32, DType.F32, DType.I64, DType.Bool, DType.F16, DType.U8, DType.I8],
            infos.Select(t => t.DType));
        Assert.Equal([1.0, 2, 3, 4], v["param"]);
        Assert.Equal([2.0, 3, 4], v["fromtype"]);
        Assert.Equal([1.0, 2, 3, 4], v["old"]);
        Assert.Equal([-5.0, 999_999_999_995, 1_999_999_999_995], v["long"]);
        Assert.Equal([1.0, 0, 1], v["bool"]);
        Assert.Equal([1.5, -2], v["half_v3"]);
        Assert.Equal(4, infos[5].ByteLength);
        Assert.Equal([200.0, 7], v["u8"]);
        Assert.Equal([-1.0, 7], v["i8"]);
    }

    [Fact]
    public void Plain_dict_root_and_custom_prefix_and_no_byteorder_are_accepted()
    {
        var s = TorchWriter.Sample();
        var w = new TorchWriter { Ordered = false, Storages = s.Storages, Tensors = s.Tensors };
        var v = Read(w.Zip(prefix: "some name-1", byteorder: null), out var infos);
        Assert.Equal(3, infos.Count);
        Assert.Equal([1.0, 2, 3, 4, 5, 6], v["fc.weight"]);
    }

    [Fact]
    public void Legacy_view_metadata_selects_part_of_the_root_storage()
    {
        var w = new TorchWriter { Legacy = true, Storages = [TorchWriter.F32("140", 1, 2, 3, 4, 5, 6)] };
        var p = new PickleWriter(2);
        p.Op(0x7D).Str("v");
        w.EmitGlobal(p, "torch._utils", "_rebuild_tensor_v2");
        p.Mark().Mark().Str("storage");
        w.EmitGlobal(p, "torch", "FloatStorage");
        p.Str("140").Str("cpu").Int(6).Str("141").Int(2).Int(3).Op(0x87).Op(0x74).Op(0x51);
        p.Int(1).IntTuple(2).IntTuple(1).Bool(false);
        w.EmitEmptyOrderedDict(p);
        p.Op(0x74).Op(0x52).Op(0x73).Stop();
        var v = Read(w.LegacyFile(pickle: p.ToArray()), out _);
        Assert.Equal([4.0, 5], v["v"]);
    }

    [Fact]
    public void Readers_reject_tensors_from_elsewhere_and_short_destinations()
    {
        using var dir = new TempDir();
        using var reader = new TorchZipReader(dir.Write("a.pt", TorchWriter.Sample().Zip()));
        var t = reader.Tensors[0];
        Assert.Throws<ArgumentException>(() => reader.ReadAsDouble(t, new double[5]));
        Assert.Throws<ArgumentException>(() => reader.ReadAsDouble(t with { Name = "other" }, new double[6]));
        Assert.True(reader.TryGetTensor("fc.bias", out var bias));
        Assert.Equal([2L], bias.Shape);
    }

    [Fact]
    public void Sharded_folder_with_index_follows_weight_map_order()
    {
        using var dir = new TempDir();
        var a = TorchWriter.Sample();
        var b = new TorchWriter
        {
            Legacy = true,
            Storages = [TorchWriter.F32("9", 7, 8)],
            Tensors = [new TensorSpec("head.weight", "9", 0, [1, 2], [2, 1])],
        };
        dir.Write("pytorch_model-00001-of-00002.bin", a.Zip());
        dir.Write("pytorch_model-00002-of-00002.bin", b.LegacyFile());
        dir.WriteText(ShardedTorchReader.IndexFileName, """
            {"metadata": {"total_size": 40}, "weight_map": {
              "head.weight": "pytorch_model-00002-of-00002.bin",
              "fc.bias": "pytorch_model-00001-of-00002.bin",
              "fc.weight_t": "pytorch_model-00001-of-00002.bin",
              "fc.weight": "pytorch_model-00001-of-00002.bin"}}
            """);
        using var reader = TorchReader.Open(dir.Path);
        Assert.IsType<ShardedTorchReader>(reader);
        Assert.Equal(["head.weight", "fc.bias", "fc.weight_t", "fc.weight"], reader.Tensors.Select(t => t.Name));
        var v = TorchAssert.ReadAll(reader);
        Assert.Equal([7.0, 8], v["head.weight"]);
        Assert.Equal([1.0, 4, 2, 5, 3, 6], v["fc.weight_t"]);
        Assert.EndsWith("pytorch_model-00002-of-00002.bin", reader.Tensors[0].SourceFile, StringComparison.Ordinal);
    }

    [Fact]
    public void Sharded_folder_without_index_reads_shards_in_name_order()
    {
        using var dir = new TempDir();
        var b = new TorchWriter
        {
            Storages = [TorchWriter.F32("0", 7, 8)],
            Tensors = [new TensorSpec("head.weight", "0", 0, [2], [1])],
        };
        dir.Write("pytorch_model-00002-of-00002.bin", b.Zip());
        dir.Write("pytorch_model-00001-of-00002.bin", TorchWriter.Sample().Zip());
        dir.Write("optimizer.bin", [1, 2, 3]);
        using var reader = new ShardedTorchReader(dir.Path);
        Assert.Equal(["fc.weight", "fc.weight_t", "fc.bias", "head.weight"], reader.Tensors.Select(t => t.Name));
        Assert.Equal([7.0, 8], TorchAssert.ReadAll(reader)["head.weight"]);
    }

    [Fact]
    public void Folder_with_single_pytorch_model_bin_is_read()
    {
        using var dir = new TempDir();
        dir.Write(ShardedTorchReader.SingleFileName, TorchWriter.Sample().Zip());
        using var reader = new ShardedTorchReader(dir.Path);
        Assert.Equal(3, reader.Tensors.Count);
    }
}
