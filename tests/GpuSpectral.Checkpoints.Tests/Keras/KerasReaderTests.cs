using GpuSpectral.Checkpoints.Keras;
using GpuSpectral.Checkpoints.Tests.Support;
using GpuSpectral.Core.Tensors;
using PureHDF;
using static GpuSpectral.Checkpoints.Tests.Keras.KerasFixtures;

namespace GpuSpectral.Checkpoints.Tests.Keras;

public sealed class KerasReaderTests
{
    internal const string Keras2Config = """
        {"class_name": "Sequential", "config": {"name": "sequential", "layers": [
          {"class_name": "InputLayer", "config": {"name": "input_1"}},
          {"class_name": "Embedding", "config": {"name": "embedding"}},
          {"class_name": "Conv2D", "config": {"name": "conv2d", "use_bias": true}},
          {"class_name": "DepthwiseConv2D", "config": {"name": "depthwise_conv2d"}},
          {"class_name": "SeparableConv2D", "config": {"name": "separable_conv2d"}},
          {"class_name": "Dropout", "config": {"name": "dropout"}},
          {"class_name": "LSTM", "config": {"name": "lstm"}},
          {"class_name": "Bidirectional", "config": {"name": "bidirectional",
             "layer": {"class_name": "GRU", "config": {"name": "gru"}}}},
          {"class_name": "BatchNormalization", "config": {"name": "batch_normalization"}},
          {"class_name": "Dense", "config": {"name": "dense_1"}},
          {"class_name": "Sequential", "config": {"name": "sequential_1", "layers": [
             {"class_name": "Dense", "config": {"name": "dense_2"}}]}}
        ]}}
        """;

    /// <summary>(layer, weights) of the Keras 2 fixture, in layer_names order (deliberately not sorted).</summary>
    internal static (string Layer, FixtureWeight[] Weights)[] Keras2Layers() =>
    [
        ("embedding", [new("embedding/embeddings:0", F32(1, 10, 4))]),
        ("conv2d", [new("conv2d/kernel:0", F32(2, 3, 3, 2, 4)), new("conv2d/bias:0", F32(3, 4))]),
        ("depthwise_conv2d",
            [new("depthwise_conv2d/depthwise_kernel:0", F16(4, 3, 3, 4, 1)), new("depthwise_conv2d/bias:0", F32(5, 4))]),
        ("separable_conv2d",
            [new("separable_conv2d/depthwise_kernel:0", F32(6, 3, 3, 4, 1)),
             new("separable_conv2d/pointwise_kernel:0", F32(7, 1, 1, 4, 8)),
             new("separable_conv2d/bias:0", F32(8, 8))]),
        ("dropout", []),
        ("lstm",
            [new("lstm/lstm_cell/kernel:0", F32(9, 8, 16)), new("lstm/lstm_cell/recurrent_kernel:0", F32(10, 4, 16)),
             new("lstm/lstm_cell/bias:0", F32(11, 16))]),
        ("bidirectional", [new("bidirectional/forward_gru/gru_cell/kernel:0", F32(12, 4, 6))]),
        ("batch_normalization",
            [new("batch_normalization/gamma:0", F32(13, 4)), new("batch_normalization/beta:0", F32(14, 4)),
             new("batch_normalization/moving_mean:0", F32(15, 4)),
             new("batch_normalization/moving_variance:0", F64(16, 4))]),
        ("dense_1", [new("dense_1/kernel:0", F32(17, 4, 3)), new("dense_1/bias:0", F32(18, 3))]),
        ("sequential_1", [new("dense_2/kernel:0", F32(19, 3, 2))]),
    ];

    /// <summary>Expected (name, kind hint) in order for <see cref="Keras2Layers"/>.</summary>
    internal static readonly (string Name, LayerKindHint Hint)[] Keras2Expected =
    [
        ("embedding/embeddings", LayerKindHint.Embedding),
        ("conv2d/kernel", LayerKindHint.Conv2D),
        ("conv2d/bias", LayerKindHint.None),
        ("depthwise_conv2d/depthwise_kernel", LayerKindHint.DepthwiseConv),
        ("depthwise_conv2d/bias", LayerKindHint.None),
        ("separable_conv2d/depthwise_kernel", LayerKindHint.DepthwiseConv),
        ("separable_conv2d/pointwise_kernel", LayerKindHint.Conv2D),
        ("separable_conv2d/bias", LayerKindHint.None),
        ("lstm/lstm_cell/kernel", LayerKindHint.Recurrent),
        ("lstm/lstm_cell/recurrent_kernel", LayerKindHint.Recurrent),
        ("lstm/lstm_cell/bias", LayerKindHint.None),
        ("bidirectional/forward_gru/gru_cell/kernel", LayerKindHint.Recurrent),
        ("batch_normalization/gamma", LayerKindHint.Norm),
        ("batch_normalization/beta", LayerKindHint.Norm),
        ("batch_normalization/moving_mean", LayerKindHint.Norm),
        ("batch_normalization/moving_variance", LayerKindHint.Norm),
        ("dense_1/kernel", LayerKindHint.Dense),
        ("dense_1/bias", LayerKindHint.None),
        ("sequential_1/dense_2/kernel", LayerKindHint.Dense),
    ];

    internal static byte[] Keras2FullModel(H5WriteOptions? options = null)
    {
        var weights = new H5Group();
        AddLegacyLayers(weights, Keras2Layers());
        var file = new H5File { ["model_weights"] = weights, ["optimizer_weights"] = new H5Group { ["iter"] = new long[] { 5 } } };
        file.Attributes["model_config"] = Keras2Config;
        file.Attributes["keras_version"] = "2.15.0";
        return Bytes(file, options);
    }

    private static void AssertValues(ICheckpointReader reader, TensorInfo t, Array expected)
    {
        Assert.Equal(Shape(expected), t.Shape);
        var buffer = new double[t.ElementCount];
        reader.ReadAsDouble(t, buffer);
        Assert.Equal(Flat(expected), buffer);
    }

    [Fact]
    public void Keras2_full_model_names_order_hints_and_values()
    {
        using var dir = new TempDir();
        var path = dir.Write("model.h5", Keras2FullModel());
        using var reader = new KerasH5Reader(path);
        Assert.Equal("keras-h5", reader.FormatName);
        Assert.Equal(path, reader.Path);
        Assert.Equal(Keras2Expected.Select(e => e.Name), reader.Tensors.Select(t => t.Name));
        Assert.Equal(Keras2Expected.Select(e => e.Hint), reader.Tensors.Select(t => t.KindHint));
        Assert.All(reader.Tensors, t => Assert.Equal(WeightLayout.Keras, t.Layout));
        Assert.All(reader.Tensors, t => Assert.Equal(path, t.SourceFile));

        var weights = Keras2Layers().SelectMany(l => l.Weights).ToArray();
        Assert.Equal(weights.Length, reader.Tensors.Count);
        for (var i = 0; i < weights.Length; i++)
        {
            AssertValues(reader, reader.Tensors[i], weights[i].Data);
        }

        var byName = reader.Tensors.ToDictionary(t => t.Name);
        Assert.Equal(DType.F16, byName["depthwise_conv2d/depthwise_kernel"].DType);
        Assert.Equal(72, byName["depthwise_conv2d/depthwise_kernel"].ByteLength);
        Assert.Equal(DType.F64, byName["batch_normalization/moving_variance"].DType);
        Assert.Equal(DType.F32, byName["conv2d/kernel"].DType);
        Assert.Equal([3L, 3, 2, 4], byName["conv2d/kernel"].Shape);
    }

    [Fact]
    public void Weights_only_h5_with_fixed_length_strings_and_no_config()
    {
        var root = new H5File();
        AddLegacyLayers(root, Keras2Layers());
        using var dir = new TempDir();
        var path = dir.Write("w.h5", Bytes(root, new H5WriteOptions(DefaultStringLength: 64)));
        using var reader = new KerasH5Reader(path);
        Assert.Equal(Keras2Expected.Select(e => e.Name), reader.Tensors.Select(t => t.Name));
        Assert.All(reader.Tensors, t => Assert.Equal(LayerKindHint.None, t.KindHint));
        AssertValues(reader, reader.Tensors[1], Keras2Layers()[1].Weights[0].Data);
    }

    [Fact]
    public void Keras3_legacy_h5_split_attributes_ints_and_scalars()
    {
        // Keras 3 legacy: no ':0' suffix; layer_names split into layer_names0/1 as Keras does for big attributes.
        var weights = new H5Group();
        var dense = new H5Group();
        dense.Attributes["weight_names"] = new[] { "dense/kernel", "dense/bias" };
        Put(dense, "dense/kernel", F32(1, 2, 3));
        Put(dense, "dense/bias", F32(2, 3));
        var counter = new H5Group();
        counter.Attributes["weight_names"] = new[] { "count", "table" };
        counter["count"] = 7L;
        counter["table"] = new int[,] { { 1, -2 }, { 3, 4 } };
        weights["dense"] = dense;
        weights["counter"] = counter;
        weights.Attributes["layer_names0"] = new[] { "dense" };
        weights.Attributes["layer_names1"] = new[] { "counter" };
        var file = new H5File { ["model_weights"] = weights, ["top_level_model_weights"] = new H5Group() };
        file.Attributes["model_config"] = """{"class_name": "Functional", "config": {"layers": [{"class_name": "Dense", "name": "dense", "config": {"name": "dense"}}]}}""";
        using var dir = new TempDir();
        using var reader = new KerasH5Reader(dir.Write("k3.h5", Bytes(file)));
        Assert.Equal(["dense/kernel", "dense/bias", "counter/count", "counter/table"], reader.Tensors.Select(t => t.Name));
        Assert.Equal(LayerKindHint.Dense, reader.Tensors[0].KindHint);
        Assert.Equal(DType.I64, reader.Tensors[2].DType);
        Assert.Empty(reader.Tensors[2].Shape);
        Assert.Equal(DType.I32, reader.Tensors[3].DType);
        var one = new double[1];
        reader.ReadAsDouble(reader.Tensors[2], one);
        Assert.Equal(7.0, one[0]);
        var four = new double[4];
        reader.ReadAsDouble(reader.Tensors[3], four);
        Assert.Equal([1.0, -2, 3, 4], four);
    }

    /// <summary>A Keras 3 <c>.weights.h5</c>: layers/&lt;auto name&gt;/vars/&lt;i&gt;.</summary>
    internal static H5File Keras3Weights(bool withDense10)
    {
        var layers = new H5Group();
        void Vars(string path, params Array[] data)
        {
            var vars = new H5Group();
            for (var i = 0; i < data.Length; i++)
            {
                vars[i.ToString(System.Globalization.CultureInfo.InvariantCulture)] = data[i];
            }

            Put(layers, path + "/vars", vars);
        }

        Vars("conv2d", F32(1, 3, 3, 1, 2), F32(2, 2));
        Vars("dense", F32(3, 8, 4), F32(4, 4));
        Vars("dense_1", F32(5, 4, 4));
        Vars("lstm");
        Vars("lstm/cell", F32(6, 4, 8), F32(7, 2, 8), F32(8, 8));
        Vars("batch_normalization", F32(9, 4), F32(10, 4), F32(11, 4), F32(12, 4));
        Vars("embedding", F16(13, 5, 4));
        Vars("functional/layers/dense", F32(14, 4, 2), F32(15, 2));
        Vars("custom_layer", F32(16, 2, 2));
        if (withDense10)
        {
            Vars("dense_10", F32(17, 2, 2), F32(18, 2));
        }

        return new H5File
        {
            ["layers"] = layers,
            ["vars"] = new H5Group(),
            ["optimizer"] = new H5Group { ["vars"] = new H5Group { ["0"] = new long[] { 3 } } },
        };
    }

    [Fact]
    public void Keras3_weights_h5_without_config_uses_auto_names()
    {
        using var dir = new TempDir();
        var path = dir.Write("model.weights.h5", Bytes(Keras3Weights(withDense10: true)));
        using var reader = new KerasH5Reader(path);
        (string, LayerKindHint)[] expected =
        [
            ("batch_normalization/gamma", LayerKindHint.Norm),
            ("batch_normalization/beta", LayerKindHint.Norm),
            ("batch_normalization/moving_mean", LayerKindHint.Norm),
            ("batch_normalization/moving_variance", LayerKindHint.Norm),
            ("conv2d/kernel", LayerKindHint.Conv2D),
            ("conv2d/bias", LayerKindHint.None),
            ("custom_layer/vars/0", LayerKindHint.None),
            ("dense/kernel", LayerKindHint.Dense),
            ("dense/bias", LayerKindHint.None),
            ("dense_1/kernel", LayerKindHint.Dense),
            ("dense_10/kernel", LayerKindHint.Dense),
            ("dense_10/bias", LayerKindHint.None),
            ("embedding/embeddings", LayerKindHint.Embedding),
            ("functional/dense/kernel", LayerKindHint.Dense),
            ("functional/dense/bias", LayerKindHint.None),
            ("lstm/cell/kernel", LayerKindHint.Recurrent),
            ("lstm/cell/recurrent_kernel", LayerKindHint.Recurrent),
            ("lstm/cell/bias", LayerKindHint.None),
        ];
        Assert.Equal(expected, reader.Tensors.Select(t => (t.Name, t.KindHint)));
        var emb = reader.Tensors.Single(t => t.Name == "embedding/embeddings");
        Assert.Equal(DType.F16, emb.DType);
        AssertValues(reader, emb, F16(13, 5, 4));
        AssertValues(reader, reader.Tensors.Single(t => t.Name == "lstm/cell/recurrent_kernel"), F32(7, 2, 8));
    }

    internal const string Keras3Config = """
        {"module": "keras", "class_name": "Sequential", "config": {"name": "sequential", "layers": [
          {"module": "keras.layers", "class_name": "InputLayer", "config": {"name": "input_layer"}},
          {"module": "keras.layers", "class_name": "Embedding", "config": {"name": "emb"}},
          {"module": "keras.layers", "class_name": "Conv2D", "config": {"name": "c", "use_bias": true}},
          {"module": "keras.layers", "class_name": "Dense", "config": {"name": "d0", "use_bias": true}},
          {"module": "keras.layers", "class_name": "Dense", "config": {"name": "d1", "use_bias": false}},
          {"module": "keras.layers", "class_name": "LSTM", "config": {"name": "rnn"}},
          {"module": "keras.layers", "class_name": "BatchNormalization", "config": {"name": "bn", "center": true, "scale": true}},
          {"module": "keras", "class_name": "Functional", "config": {"name": "inner", "layers": [
             {"class_name": "InputLayer", "config": {"name": "in"}},
             {"class_name": "Dense", "config": {"name": "d", "use_bias": true}}]}},
          {"module": "my", "class_name": "CustomLayer", "config": {"name": "mine"}}
        ], "build_input_shape": [null, 8]}, "registered_name": null}
        """;

    internal static byte[] KerasArchiveBytes(string? deflate = null, bool withWeights = true, string config = Keras3Config)
    {
        var members = new List<(string, byte[])>
        {
            ("metadata.json", Utf8("""{"keras_version": "3.5.0", "date_saved": "2024-01-01@00:00:00"}""")),
            ("config.json", Utf8(config)),
        };
        if (withWeights)
        {
            members.Add(("model.weights.h5", Bytes(Keras3Weights(withDense10: false))));
        }

        return Archive(members, deflate);
    }

    [Fact]
    public void Keras_archive_follows_config_order()
    {
        using var dir = new TempDir();
        var path = dir.Write("model.keras", KerasArchiveBytes());
        Assert.True(KerasArchiveReader.IsKerasArchive(path));
        using var reader = new KerasArchiveReader(path);
        Assert.Equal("keras", reader.FormatName);
        (string, LayerKindHint)[] expected =
        [
            ("embedding/embeddings", LayerKindHint.Embedding),
            ("conv2d/kernel", LayerKindHint.Conv2D),
            ("conv2d/bias", LayerKindHint.None),
            ("dense/kernel", LayerKindHint.Dense),
            ("dense/bias", LayerKindHint.None),
            ("dense_1/kernel", LayerKindHint.Dense),
            ("lstm/cell/kernel", LayerKindHint.Recurrent),
            ("lstm/cell/recurrent_kernel", LayerKindHint.Recurrent),
            ("lstm/cell/bias", LayerKindHint.None),
            ("batch_normalization/gamma", LayerKindHint.Norm),
            ("batch_normalization/beta", LayerKindHint.Norm),
            ("batch_normalization/moving_mean", LayerKindHint.Norm),
            ("batch_normalization/moving_variance", LayerKindHint.Norm),
            ("functional/dense/kernel", LayerKindHint.Dense),
            ("functional/dense/bias", LayerKindHint.None),
            ("custom_layer/vars/0", LayerKindHint.None),
        ];
        Assert.Equal(expected, reader.Tensors.Select(t => (t.Name, t.KindHint)));
        Assert.All(reader.Tensors, t => Assert.Equal(WeightLayout.Keras, t.Layout));
        Assert.All(reader.Tensors, t => Assert.Equal(path, t.SourceFile));
        AssertValues(reader, reader.Tensors[0], F16(13, 5, 4));
        AssertValues(reader, reader.Tensors[3], F32(3, 8, 4));
        AssertValues(reader, reader.Tensors[12], F32(12, 4));
        AssertValues(reader, reader.Tensors[15], F32(16, 2, 2));
    }

    [Fact]
    public void Keras_archive_accepts_a_deflated_config()
    {
        using var dir = new TempDir();
        var path = dir.Write("model.keras", KerasArchiveBytes(deflate: "config.json"));
        using var reader = new KerasArchiveReader(path);
        Assert.Equal("embedding/embeddings", reader.Tensors[0].Name);
    }

    [Fact]
    public void Signature_detection()
    {
        byte[] sig = [0x89, 0x48, 0x44, 0x46, 0x0D, 0x0A, 0x1A, 0x0A];
        Assert.True(KerasH5Reader.LooksLikeHdf5(sig));
        Assert.True(KerasH5Reader.LooksLikeHdf5(Keras2FullModel()));
        var userBlock = new byte[512 + 8];
        sig.CopyTo(userBlock, 512);
        Assert.True(KerasH5Reader.LooksLikeHdf5(userBlock));
        Assert.False(KerasH5Reader.LooksLikeHdf5(sig.AsSpan(0, 7)));
        Assert.False(KerasH5Reader.LooksLikeHdf5(new byte[4096]));
        Assert.False(KerasH5Reader.LooksLikeHdf5("PK\u0003\u0004"u8));

        using var dir = new TempDir();
        Assert.False(KerasArchiveReader.IsKerasArchive(dir.Write("a.zip", Archive([("config.json", Utf8("{}"))]))));
        Assert.False(KerasArchiveReader.IsKerasArchive(dir.Write("b.h5", Keras2FullModel())));
        Assert.False(KerasArchiveReader.IsKerasArchive(dir.Write("c.keras", [0x50, 0x4B, 3, 4, 1, 2])));
    }

    [Fact]
    public void Read_rejects_foreign_tensors_and_short_destinations()
    {
        using var dir = new TempDir();
        using var reader = new KerasH5Reader(dir.Write("m.h5", Keras2FullModel()));
        var t = reader.Tensors[0];
        Assert.Throws<ArgumentException>(() => reader.ReadAsDouble(t, new double[t.ElementCount - 1]));
        Assert.Throws<ArgumentException>(() => reader.ReadAsDouble(t with { Name = "nope" }, new double[t.ElementCount]));
    }
}
