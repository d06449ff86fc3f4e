using System.Text.Json.Nodes;
using GpuSpectral.Checkpoints.Tests.Support;
using GpuSpectral.Checkpoints.TfJs;
using GpuSpectral.Core.Tensors;
using static GpuSpectral.Checkpoints.Tests.Support.ReaderAssert;
using static GpuSpectral.Checkpoints.Tests.TfJs.TfJsWriter;

namespace GpuSpectral.Checkpoints.Tests.TfJs;

public sealed class TfJsReaderTests
{
    [Fact]
    public void Sample_lists_weights_in_manifest_order_with_hints_and_values()
    {
        using var dir = new TempDir();
        var (json, files) = Sample();
        var path = Write(dir.Path, json, files);
        using var r = new TfJsReader(path);
        Assert.Equal("tfjs", r.FormatName);
        Assert.Equal(path, r.Path);
        Assert.Equal(
            ["dense/kernel", "dense/bias", "conv/kernel", "emb/embeddings", "lstm/lstm_cell/kernel", "step", "flag",
                "dw/depthwise_kernel", "count"],
            r.Tensors.Select(t => t.Name));
        var k = r.Tensors.ToDictionary(t => t.Name);
        Assert.All(r.Tensors, t => Assert.Equal(WeightLayout.Keras, t.Layout));
        Assert.Equal(LayerKindHint.Dense, k["dense/kernel"].KindHint);
        Assert.Equal(LayerKindHint.None, k["dense/bias"].KindHint);
        Assert.Equal((LayerKindHint.Conv2D, DType.F16, (string?)null),
            (k["conv/kernel"].KindHint, k["conv/kernel"].DType, k["conv/kernel"].FormatDType));
        Assert.Equal((LayerKindHint.Embedding, DType.F32, "uint8-affine", 4L),
            (k["emb/embeddings"].KindHint, k["emb/embeddings"].DType, k["emb/embeddings"].FormatDType,
                k["emb/embeddings"].ByteLength));
        Assert.Equal((LayerKindHint.Recurrent, "uint16-affine"),
            (k["lstm/lstm_cell/kernel"].KindHint, k["lstm/lstm_cell/kernel"].FormatDType));
        Assert.Equal(LayerKindHint.DepthwiseConv, k["dw/depthwise_kernel"].KindHint);
        Assert.Equal((DType.I32, "uint8-affine"), (k["count"].DType, k["count"].FormatDType));
        Assert.Equal(Path.Combine(dir.Path, "group1-shard1of2.bin"), k["dense/bias"].SourceFile);
        Assert.Equal(Path.Combine(dir.Path, "group1-shard2of2.bin"), k["conv/kernel"].SourceFile);
        Assert.Equal(Path.Combine(dir.Path, "group2-shard1of1.bin"), k["step"].SourceFile);

        Assert.Equal([1.0, 2, 3, 4, 5, 6], Read(r, "dense/kernel"));
        Assert.Equal([0.5, -0.5], Read(r, "dense/bias"));
        Assert.Equal([1.0, -2.0], Read(r, "conv/kernel"));
        Assert.Equal(new[] { 0, 1, 2, 255 }.Select(q => (double)(float)((q * 0.1) + -1.0)), Read(r, "emb/embeddings"));
        Assert.Equal([2.0, 2.25, (double)(float)((65535 * 0.25) + 2), 3.75], Read(r, "lstm/lstm_cell/kernel"));
        Assert.Equal([7.0], Read(r, "step"));
        Assert.Equal([1.0, 0], Read(r, "flag"));
        Assert.Equal([9.0, 8], Read(r, "dw/depthwise_kernel"));
        Assert.Equal([1.0, 3], Read(r, "count"));
    }

    [Fact]
    public void Folder_path_and_LooksLikeTfJs()
    {
        using var dir = new TempDir();
        var (json, files) = Sample();
        var path = Write(dir.Path, json, files);
        using (var r = new TfJsReader(dir.Path))
        {
            Assert.Equal(9, r.Tensors.Count);
            Assert.Equal(dir.Path, r.Path);
        }

        Assert.True(TfJsReader.LooksLikeTfJs(path));
        Assert.True(TfJsReader.LooksLikeTfJs(dir.Path));
        Assert.False(TfJsReader.LooksLikeTfJs(dir.WriteText("config.json", "{\"a\": 1}")));
        Assert.False(TfJsReader.LooksLikeTfJs(Path.Combine(dir.Path, "group2-shard1of1.bin")));
        using var empty = new TempDir();
        Assert.False(TfJsReader.LooksLikeTfJs(empty.Path));
    }

    [Fact]
    public void Weight_straddling_many_chunks_across_shards()
    {
        var values = Enumerable.Range(0, 200_000).Select(i => (float)Math.Sin(i)).ToArray();
        var bytes = F32(values);
        using var dir = new TempDir();
        var json = LayersModel([Layer("Dense", "d")],
            Group(["a.bin", "b.bin", "c.bin"], Weight("d/kernel", [1000, 200], "float32")));
        Write(dir.Path, json, new() { ["a.bin"] = bytes[..333_333], ["b.bin"] = bytes[333_333..400_001], ["c.bin"] = bytes[400_001..] });
        using var r = new TfJsReader(dir.Path);
        Assert.Equal(values.Select(v => (double)v), Read(r, "d/kernel"));
    }

    [Fact]
    public void Graph_model_hints_come_from_the_consuming_op()
    {
        using var dir = new TempDir();
        var json = new JsonObject
        {
            ["format"] = "graph-model",
            ["modelTopology"] = new JsonObject
            {
                ["node"] = new JsonArray(
                    new JsonObject { ["name"] = "w", ["op"] = "Const" },
                    new JsonObject { ["name"] = "k", ["op"] = "Const" },
                    new JsonObject { ["name"] = "mm", ["op"] = "MatMul", ["input"] = new JsonArray("x", "w:0") },
                    new JsonObject { ["name"] = "cv", ["op"] = "_FusedConv2D", ["input"] = new JsonArray("x", "k") }),
            },
            ["weightsManifest"] = new JsonArray(Group(["g.bin"], Weight("w", [1, 2], "float32"), Weight("k", [1, 1, 1, 1], "float32"))),
        };
        Write(dir.Path, json, new() { ["g.bin"] = F32(1, 2, 3) });
        using var r = new TfJsReader(dir.Path);
        Assert.Equal([LayerKindHint.Dense, LayerKindHint.Conv2D], r.Tensors.Select(t => t.KindHint));
    }

    [Fact]
    public void Bidirectional_wrapper_takes_the_inner_layer_class()
    {
        using var dir = new TempDir();
        var json = LayersModel([Layer("Bidirectional", "bi", Layer("LSTM", "lstm"))],
            Group(["g.bin"], Weight("bi/forward_lstm/lstm_cell/recurrent_kernel", [1, 4], "float32")));
        Write(dir.Path, json, new() { ["g.bin"] = F32(1, 2, 3, 4) });
        using var r = new TfJsReader(dir.Path);
        Assert.Equal(LayerKindHint.Recurrent, r.Tensors.Single().KindHint);
    }
}
