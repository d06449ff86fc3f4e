using System.Diagnostics;
using GpuSpectral.Checkpoints.Keras;
using GpuSpectral.Checkpoints.Tests.Support;
using GpuSpectral.Core.Errors;
using PureHDF;
using static GpuSpectral.Checkpoints.Tests.Keras.KerasFixtures;

namespace GpuSpectral.Checkpoints.Tests.Keras;

public sealed class KerasCorruptTests
{
    private static int OpenAndReadAll(string path, bool archive) =>
        ReaderAssert.OpenAndReadAll(() => archive ? new KerasArchiveReader(path) : new KerasH5Reader(path));

    private static CheckpointFormatException Throws(
        byte[] bytes, string? reason = null, string? tensor = null, bool archive = false)
    {
        using var dir = new TempDir();
        var path = dir.Write(archive ? "m.keras" : "m.h5", bytes);
        var e = ReaderAssert.ThrowsNamingFile(path, p => OpenAndReadAll(p, archive));
        if (reason is not null)
        {
            Assert.Contains(reason, e.Reason, StringComparison.OrdinalIgnoreCase);
        }

        if (tensor is not null)
        {
            Assert.Equal(tensor, e.TensorName);
        }

        return e;
    }

    private static byte[] Legacy(Action<H5File, H5Group> edit, string? config = KerasReaderTests.Keras2Config)
    {
        var weights = new H5Group();
        AddLegacyLayers(weights, KerasReaderTests.Keras2Layers());
        var file = new H5File { ["model_weights"] = weights };
        if (config is not null)
        {
            file.Attributes["model_config"] = config;
        }

        edit(file, weights);
        return Bytes(file);
    }

    private static int Find(byte[] hay, ReadOnlySpan<byte> needle)
    {
        var at = hay.AsSpan().IndexOf(needle);
        Assert.True(at >= 0, "pattern not found in fixture");
        Assert.Equal(-1, hay.AsSpan(at + 1).IndexOf(needle));
        return at;
    }

    [Fact]
    public void Not_hdf5() => Throws(Utf8("this is not an HDF5 file at all, just some text"), "not an HDF5 file");

    [Fact]
    public void Empty_file() => Throws([], "not an HDF5 file");

    [Fact]
    public void Truncated()
    {
        var valid = KerasReaderTests.Keras2FullModel();
        foreach (var keep in new[] { 8, 48, valid.Length / 3, valid.Length / 2, valid.Length - 200 })
        {
            Throws(valid[..keep]);
        }
    }

    [Fact]
    public void No_keras_structure() =>
        Throws(Bytes(new H5File { ["x"] = new float[] { 1, 2 } }), "not a Keras weights file");

    [Fact]
    public void Layer_without_group() =>
        Throws(Legacy((_, w) => w.Remove("lstm")), "'lstm' is listed in 'layer_names' but has no group");

    [Fact]
    public void Weight_names_pointing_to_a_missing_dataset() =>
        Throws(
            Legacy((_, w) => ((H5Group)w["dense_1"]).Attributes["weight_names"] = new[] { "dense_1/kernel:0", "dense_1/gone:0" }),
            "no such dataset", "dense_1/gone");

    [Fact]
    public void Weight_name_that_is_a_group() =>
        Throws(
            Legacy((_, w) => ((H5Group)w["dense_1"]).Attributes["weight_names"] = new[] { "dense_1" }),
            "is not a dataset", "dense_1/dense_1");

    [Fact]
    public void Weight_name_with_an_absolute_or_dot_path()
    {
        Throws(Legacy((_, w) => ((H5Group)w["dense_1"]).Attributes["weight_names"] = new[] { "/model_weights/dense_1/dense_1/kernel:0" }), "invalid weight name");
        Throws(Legacy((_, w) => ((H5Group)w["dense_1"]).Attributes["weight_names"] = new[] { "../conv2d/conv2d/kernel:0" }), "invalid weight name");
    }

    [Fact]
    public void Duplicate_names()
    {
        Throws(Legacy((_, w) => w.Attributes["layer_names"] = new[] { "conv2d", "conv2d" }), "appears twice");
        Throws(
            Legacy((_, w) =>
            {
                var g = (H5Group)w["dense_1"];
                Put(g, "dense_1/kernel", F32(1, 2));
                g.Attributes["weight_names"] = new[] { "dense_1/kernel:0", "dense_1/kernel" };
            }),
            "duplicate tensor name", "dense_1/kernel");
    }

    [Fact]
    public void Bad_model_config_json()
    {
        Throws(Legacy((_, _) => { }, "{\"class_name\": \"Sequential\", \"config\": "), "model_config");
        Throws(Legacy((_, _) => { }, "[1, 2, 3]"), "model_config");
        Throws(Legacy((_, _) => { }, new string('[', 5000) + new string(']', 5000)), "model_config");
    }

    [Fact]
    public void Non_string_layer_names() =>
        Throws(Legacy((_, w) => w.Attributes["layer_names"] = new[] { 1, 2 }), "not a string");

    [Fact]
    public void Unsupported_dataset_type() =>
        Throws(Legacy((_, w) => Put((H5Group)w["dense_1"], "dense_1/kernel:0", new[] { "a", "b" })),
            "unsupported HDF5 datatype", "dense_1/kernel");

    [Fact]
    public void Declared_shape_larger_than_the_data()
    {
        // A (77, 3) dataset whose dataspace is patched to (7700000, 3): far more bytes than the file holds.
        var bytes = Legacy((_, w) => Put((H5Group)w["dense_1"], "dense_1/kernel:0", F32(1, 77, 3)));
        byte[] dims = [77, 0, 0, 0, 0, 0, 0, 0, 3, 0, 0, 0, 0, 0, 0, 0];
        var at = Find(bytes, dims);
        BitConverter.GetBytes(7_700_000L).CopyTo(bytes, at);
        Throws(bytes, "more than the", "dense_1/kernel");
    }

    [Fact]
    public void Big_endian_dataset_is_rejected_at_read()
    {
        // float64 datatype message: class 1 version 3 (as PureHDF writes it), bit field 0x20 0x3F 0x00, size 8. Set the byte-order bit.
        var bytes = Legacy((_, _) => { });
        byte[] f64 = [0x31, 0x20, 0x3F, 0x00, 0x08, 0x00, 0x00, 0x00];
        var at = Find(bytes, f64);
        bytes[at + 1] |= 1;
        Throws(bytes, tensor: "batch_normalization/moving_variance");
    }

    [Fact]
    public void Keras3_vars_group_with_a_gap_or_a_stray_entry()
    {
        var file = KerasReaderTests.Keras3Weights(withDense10: false);
        var layers = (H5Group)file["layers"];
        var vars = (H5Group)((H5Group)layers["dense"])["vars"];
        vars.Remove("0");
        Throws(Bytes(file), "unexpected entry '1'");
        vars["0"] = F32(1, 2);
        vars["x"] = F32(1, 2);
        Throws(Bytes(file), "unexpected entry 'x'");
    }

    [Fact]
    public void Archive_without_weights() =>
        Throws(KerasReaderTests.KerasArchiveBytes(withWeights: false), "no model.weights.h5", archive: true);

    [Fact]
    public void Archive_with_deflated_weights() =>
        Throws(KerasReaderTests.KerasArchiveBytes(deflate: "model.weights.h5"), "compressed", "model.weights.h5", archive: true);

    [Fact]
    public void Archive_with_bad_config() =>
        Throws(KerasReaderTests.KerasArchiveBytes(config: "{not json"), "model config", "config.json", archive: true);

    [Fact]
    public void Archive_whose_weights_are_not_hdf5() =>
        Throws(Archive([("config.json", Utf8(KerasReaderTests.Keras3Config)), ("model.weights.h5", Utf8("nope"))]),
            "not an HDF5 file", archive: true);

    [Fact]
    public void Not_a_zip() => Throws(KerasReaderTests.Keras2FullModel(), archive: true);

    // ----- property: arbitrary corruption only ever throws the typed exception, and never hangs -----

    private static void OnlyTyped(string path, bool archive, string what)
    {
        var task = Task.Run(() =>
        {
            try
            {
                OpenAndReadAll(path, archive);
            }
            catch (CheckpointFormatException e)
            {
                Assert.Contains(path, e.Message, StringComparison.Ordinal);
            }
        });
        if (!task.Wait(TimeSpan.FromSeconds(10)))
        {
            Assert.Fail($"{what}: still running after 10 s");
        }

        if (task.Exception is { } agg)
        {
            var e = agg.InnerException!;
            Assert.Fail($"{what}: {e.GetType().Name}: {e.Message}");
        }
    }

    [Fact]
    public void Random_bytes_with_an_hdf5_signature_only_throw_the_typed_exception()
    {
        using var dir = new TempDir();
        var rng = new Random(4242);
        byte[] sig = [0x89, 0x48, 0x44, 0x46, 0x0D, 0x0A, 0x1A, 0x0A];
        for (var i = 0; i < 200; i++)
        {
            var bytes = new byte[rng.Next(8, 3000)];
            rng.NextBytes(bytes);
            sig.CopyTo(bytes, 0);
            if (i % 2 == 0 && bytes.Length > 9)
            {
                bytes[8] = (byte)(i % 4); // plausible superblock version
            }

            OnlyTyped(dir.Write($"r{i}.h5", bytes), archive: false, $"random #{i}");
        }
    }

    public static TheoryData<string> Kinds() => new("keras2", "keras3", "archive");

    [Theory]
    [MemberData(nameof(Kinds))]
    public void Mutated_valid_files_only_throw_the_typed_exception(string kind)
    {
        var archive = kind == "archive";
        var valid = kind switch
        {
            "keras2" => KerasReaderTests.Keras2FullModel(),
            "keras3" => Bytes(KerasReaderTests.Keras3Weights(withDense10: true)),
            _ => KerasReaderTests.KerasArchiveBytes(),
        };
        using var dir = new TempDir();
        Assert.True(OpenAndReadAll(dir.Write("valid", valid), archive) > 0);
        var rng = new Random(kind.Length * 7919);
        var watch = Stopwatch.StartNew();
        for (var i = 0; i < 150 && watch.Elapsed < TimeSpan.FromSeconds(8); i++)
        {
            var bytes = (byte[])valid.Clone();
            var edits = 1 + rng.Next(8);
            for (var k = 0; k < edits; k++)
            {
                var at = rng.Next(bytes.Length);
                bytes[at] = rng.Next(3) switch
                {
                    0 => (byte)rng.Next(256),
                    1 => (byte)(bytes[at] ^ (1 << rng.Next(8))),
                    _ => 0xFF,
                };
            }

            if (i % 10 == 9)
            {
                bytes = bytes[..rng.Next(bytes.Length)];
            }

            OnlyTyped(dir.Write($"m{i}", bytes), archive, $"{kind} mutation #{i}");
        }
    }
}
