using System.Buffers.Binary;
using System.IO.Compression;
using GpuSpectral.Checkpoints.PyTorch;
using GpuSpectral.Checkpoints.Tests.Support;
using GpuSpectral.TestSupport;

namespace GpuSpectral.Checkpoints.Tests.PyTorch;

/// <summary>A catalogue of broken zip, legacy and sharded checkpoints, each refused with a precise message.</summary>
public sealed class TorchCorruptTests
{
    private static void Refused(byte[] bytes, string fragment, string name = "bad.pt")
    {
        using var dir = new TempDir();
        TorchAssert.Throws(dir.Write(name, bytes), fragment);
    }

    private static TorchWriter With(Action<List<TensorSpec>, List<StorageSpec>> edit, bool legacy = false)
    {
        var s = TorchWriter.Sample(legacy: legacy);
        edit(s.Tensors, s.Storages);
        return s;
    }

    private static byte[] Pickle(Action<PickleWriter, TorchWriter> body, TorchWriter? tw = null, bool legacy = false)
    {
        tw ??= TorchWriter.Sample(legacy: legacy);
        var w = new PickleWriter(2);
        w.Op(0x7D).Str("t");
        body(w, tw);
        return w.Op(0x73).Stop().ToArray();
    }

    [Fact]
    public void Truncated_real_zip_is_refused()
    {
        var real = File.ReadAllBytes(SharedData.Data("digits_mlp/digits_mlp.pt"));
        Refused(real[..(real.Length / 2)], "end-of-central-directory");
        Refused(real[..^30], "end-of-central-directory");
    }

    [Fact]
    public void Zip_structure_faults_are_refused()
    {
        var tw = TorchWriter.Sample();
        Refused(TorchWriter.BuildZip([("archive/data/0", new byte[24])]), "has no archive/data.pkl");
        Refused(TorchWriter.BuildZip([("data.pkl", tw.StatePickle())]), "is not inside a folder");
        Refused(tw.Zip(extra: [("other/x", [1])]), "outside the archive folder");
        Refused(tw.Zip(skipStorages: ["1"]), "storage '1' has no member archive/data/1");
        Refused(tw.Zip(byteorder: "big"), "big-endian");
        Refused(tw.Zip(byteorder: "middle"), "not 'little' or 'big'");
        Refused(tw.Zip(extra: [("archive/constants.pkl", [0x80, 2, 0x4E, 0x2E])]), "TorchScript");
        Refused(tw.Zip(extra: [("archive/code/__torch__/m.py", [0x23])]), "TorchScript");
        Refused(tw.Zip(pickle: [.. tw.StatePickle(), 0x4E]), "1 bytes after the pickle's STOP");
        Refused(TorchWriter.BuildZip([("a/data.pkl", tw.StatePickle()), ("a/data/0", new byte[24]),
            ("a/data/1", new byte[8])], CompressionLevel.Optimal), "compressed");
    }

    [Fact]
    public void Storage_size_mismatch_is_refused()
    {
        Refused(With((_, s) => s[0] = s[0] with { Data = new byte[20] }).Zip(),
            "has 20 bytes but its persistent id declares 6 x 4 = 24");
        Refused(With((_, s) => s[0] = s[0] with { Data = new byte[28] }).Zip(), "has 28 bytes");
        Refused(With((_, s) => s[1] = s[1] with { Numel = 3 }).Zip(), "declares 3 x 4 = 12");
    }

    public static TheoryData<string, long, long[], long[], string> BadViews() => new()
    {
        { "offset past end", 1, [2, 3], [3, 1], "reaches element 6 but its storage '0' holds 6 elements" },
        { "stride too big", 0, [2, 3], [4, 1], "reaches element 6" },
        { "transposed overrun", 0, [3, 2], [1, 4], "reaches element 6" },
        { "rank mismatch", 0, [2, 3], [1], "size has 2 dimensions but stride has 1" },
        { "overlapping", 0, [4, 2], [0, 1], "more elements than its storage" },
        { "rank 9", 0, [1, 1, 1, 1, 1, 1, 1, 1, 1], [1, 1, 1, 1, 1, 1, 1, 1, 1], "rank 9 exceeds 8" },
        { "huge stride", 0, [2, 2], [long.MaxValue / 2, 1], "overflows" },
        { "huge size", 0, [long.MaxValue, 4], [1, 1], "overflows" },
    };

    [Theory]
    [MemberData(nameof(BadViews))]
    public void Views_outside_their_storage_are_refused(string what, long offset, long[] size, long[] stride,
        string fragment)
    {
        Assert.NotNull(what);
        Refused(With((t, _) => t[0] = t[0] with { Offset = offset, Size = size, Stride = stride }).Zip(), fragment);
        Refused(With((t, _) => t[0] = t[0] with { Offset = offset, Size = size, Stride = stride }, legacy: true)
            .LegacyFile(), fragment);
    }

    [Fact]
    public void Negative_sizes_strides_and_offsets_are_refused()
    {
        foreach (var (offset, size, stride) in new (long, long, long)[] { (0, -1, 1), (0, 2, -1), (-1, 2, 1) })
        {
            var p = Pickle((w, tw) =>
            {
                tw.EmitGlobal(w, "torch._utils", "_rebuild_tensor_v2");
                w.Mark();
                tw.EmitStorage(w, "0");
                w.Int(offset).Int(size).Op(0x85).Int(stride).Op(0x85).Bool(false).Op(0x7D).Op(0x74).Op(0x52);
            });
            Refused(TorchWriter.Sample().Zip(pickle: p), "is negative or too large");
        }
    }

    [Fact]
    public void Storage_type_faults_are_refused()
    {
        Refused(With((_, s) => s[0] = s[0] with { Type = "ComplexFloatStorage" }).Zip(),
            "storage type 'ComplexFloatStorage' (complex or quantized) is not supported");
        Refused(With((_, s) => s[0] = s[0] with { Type = "FancyStorage" }).Zip(),
            "pickle global 'torch.FancyStorage' is not allowed");
        Refused(With((_, s) => s[0] = s[0] with { Type = "UntypedStorage", Numel = 24 }).Zip(),
            "on an untyped storage");
        Refused(With((t, _) => t[0] = t[0] with { Rebuild = "v3", Dtype = "complex64" }).Zip(),
            "dtype torch.complex64 is not supported");
        Refused(With((t, _) => t[0] = t[0] with { Rebuild = "v3", Dtype = "int32" }).Zip(),
            "does not match storage type torch.FloatStorage");
        Refused(With((t, _) => t[0] = t[0] with { Rebuild = "v3", Dtype = "bogus" }).Zip(),
            "pickle global 'torch.bogus' is not allowed");

        // One key declared with two different types.
        var p = Pickle((w, tw) =>
        {
            w.Op(0x5D).Mark();
            tw.EmitTensor(w, tw.Tensors[0]);
            tw.Storages[0] = tw.Storages[0] with { Type = "IntStorage" };
            tw.EmitTensor(w, tw.Tensors[0]);
            w.Op(0x65);
        });
        Refused(TorchWriter.Sample().Zip(pickle: p), "is declared as torch.FloatStorage x 6 and as torch.IntStorage");
    }

    [Fact]
    public void Quantized_and_sparse_tensors_are_refused_as_unsupported()
    {
        var p = Pickle((w, _) => w.Global("torch._utils", "_rebuild_qtensor").Op(0x29).Op(0x52));
        Refused(TorchWriter.Sample().Zip(pickle: p), "unsupported tensor kind");
        p = Pickle((w, _) => w.Global("torch", "per_channel_affine"));
        Refused(TorchWriter.Sample().Zip(pickle: p), "quantized tensor");
    }

    [Fact]
    public void Duplicate_tensor_names_are_refused()
    {
        var tw = TorchWriter.Sample();
        var w = new PickleWriter(2);
        w.Op(0x7D).Mark().Str("a.b");
        tw.EmitTensor(w, tw.Tensors[0]);
        w.Str("a").Op(0x7D).Str("b");
        tw.EmitTensor(w, tw.Tensors[2]);
        w.Op(0x73).Op(0x75).Stop();
        Refused(tw.Zip(pickle: w.ToArray()), "two tensors are both named 'a.b'");
    }

    [Fact]
    public void Legacy_faults_are_refused()
    {
        var tw = TorchWriter.Sample(legacy: true);
        Refused(tw.LegacyFile(magic: [0x80, 0x02, 0x8A, 0x0A, 0x6C, 0xFC, 0x9C, 0x46, 0xF9, 0x20, 0x6A, 0xA8, 0x50,
            0x19, 0x2F]), "not a PyTorch checkpoint");
        using (var dir = new TempDir())
        {
            var path = dir.Write("bad.pt", [.. TorchWriter.LegacyMagic.AsSpan(0, 14), 0x2F, .. tw.LegacyFile()]);
            var e = Assert.Throws<Core.Errors.CheckpointFormatException>(() => new TorchLegacyReader(path));
            Assert.Contains("legacy torch.save magic number", e.Message, StringComparison.Ordinal);
        }

        Refused(tw.LegacyFile(protocolVersion: 1000), "protocol version is not 1001");
        Refused(tw.LegacyFile(littleEndian: false), "big-endian");
        Refused([.. tw.LegacyFile(), 0], "1 trailing bytes after the last storage");
        Refused(tw.LegacyFile()[..^1], "runs past the end of the file (truncated)");
        Refused(tw.LegacyFile()[..^8], "runs past the end of the file");
        var full = tw.LegacyFile();
        Refused(full[..(full.Length - 8 - 8)], "ends before the size of storage '1'");
        Refused(tw.LegacyFile(count: s => s.Numel + 1), "holds 7 elements but its persistent id declares 6");
        Refused(tw.LegacyFile(count: _ => -1), "holds -1 elements");
        Refused(tw.LegacyFile(keys: ["0"]), "storage '1' is missing from the legacy storage key list");
        Refused(tw.LegacyFile(keys: ["0", "1", "7"]), "names '7', a storage no tensor uses");
        Refused(tw.LegacyFile(keys: ["0", "0"]), "is listed twice");
        Refused(TorchWriter.LegacyMagic, "ends without a STOP");

        // A pickle with a zip-style 5-tuple pid inside a legacy file.
        var zipStyle = TorchWriter.Sample().StatePickle();
        Refused(tw.LegacyFile(pickle: zipStyle), "storage persistent id has 5 elements (6 expected)");
    }

    [Fact]
    public void Pre_0_4_tar_checkpoints_are_refused()
    {
        var tar = new byte[1024];
        "sys_info"u8.CopyTo(tar);
        "ustar"u8.CopyTo(tar.AsSpan(257));
        Refused(tar, "pre-0.4 PyTorch tar checkpoint");
        Assert.True(TorchReader.LooksLikeLegacyTar(tar));
    }

    [Fact]
    public void Unknown_files_are_refused_by_the_opener()
    {
        Refused("hello world, not a checkpoint"u8.ToArray(), "not a PyTorch checkpoint");
        Refused([], "not a PyTorch checkpoint");
        using var dir = new TempDir();
        var e = Assert.Throws<Core.Errors.CheckpointFormatException>(
            () => TorchReader.Open(Path.Combine(dir.Path, "missing.pt")));
        Assert.Contains("cannot open", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Sharded_folder_faults_are_refused()
    {
        using var dir = new TempDir();
        var good = TorchWriter.Sample().Zip();

        var empty = dir.SubDir("empty");
        TorchAssert.Throws(empty, "neither");

        var missingShard = dir.SubDir("missing");
        File.WriteAllBytes(Path.Combine(missingShard, "pytorch_model-00001-of-00003.bin"), good);
        File.WriteAllBytes(Path.Combine(missingShard, "pytorch_model-00003-of-00003.bin"), good);
        TorchAssert.Throws(missingShard, "shard 2 of 3 is missing");

        var dup = dir.SubDir("dup");
        File.WriteAllBytes(Path.Combine(dup, "pytorch_model-00001-of-00002.bin"), good);
        File.WriteAllBytes(Path.Combine(dup, "pytorch_model-00002-of-00002.bin"), good);
        TorchAssert.Throws(dup, "tensor also appears in");

        var indexed = dir.SubDir("indexed");
        File.WriteAllBytes(Path.Combine(indexed, "a.bin"), good);
        var index = Path.Combine(indexed, ShardedTorchReader.IndexFileName);
        File.WriteAllText(index, """{"weight_map": {"fc.weight": "../a.bin"}}""");
        TorchAssert.Throws(indexed, "not a plain file name");
        File.WriteAllText(index, """{"weight_map": {"fc.weight": "b.bin"}}""");
        TorchAssert.Throws(indexed, "shard file 'b.bin' does not exist");
        File.WriteAllText(index, """{"weight_map": {"fc.weight": "a.bin"}}""");
        TorchAssert.Throws(indexed, "tensor is in shard but not in pytorch_model.bin.index.json");
        File.WriteAllText(index,
            """{"weight_map": {"fc.weight": "a.bin", "fc.weight_t": "a.bin", "fc.bias": "a.bin", "x": "a.bin"}}""");
        TorchAssert.Throws(indexed, "missing from its shard");
        File.WriteAllText(index, """{"weight_map": {"fc.weight": "a.bin", "fc.weight": "a.bin"}}""");
        TorchAssert.Throws(indexed, "duplicate");

        var badShard = dir.SubDir("badshard");
        var bytes = (byte[])good.Clone();
        BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(bytes.Length - 22), 0);
        File.WriteAllBytes(Path.Combine(badShard, "pytorch_model.bin"), bytes);
        TorchAssert.Throws(badShard, "pytorch_model.bin");
    }
}
