using System.Text.Json;
using GpuSpectral.Checkpoints.SafeTensors;
using GpuSpectral.Checkpoints.Tests.Support;
using GpuSpectral.Core.Tensors;
using GpuSpectral.TestSupport;

namespace GpuSpectral.Checkpoints.Tests;

public sealed class ShardedSafeTensorsReaderTests
{
    private static readonly string TinyLlama = SharedData.Fixture("tiny_llama");

    private static List<(string Tensor, string Shard)> WeightMap(string folder)
    {
        using var doc = JsonDocument.Parse(File.ReadAllText(Path.Combine(folder, "model.safetensors.index.json")));
        return doc.RootElement.GetProperty("weight_map").EnumerateObject()
            .Select(p => (p.Name, p.Value.GetString()!)).ToList();
    }

    [Fact]
    public void Tiny_llama_lists_tensors_in_weight_map_order_from_their_shards()
    {
        var map = WeightMap(TinyLlama);
        using var reader = CheckpointOpener.Open(TinyLlama);
        Assert.IsType<ShardedSafeTensorsReader>(reader);
        Assert.Equal("safetensors", reader.FormatName);
        Assert.Equal(map.Count, reader.Tensors.Count);
        Assert.True(map.Count > 100);
        for (var i = 0; i < map.Count; i++)
        {
            Assert.Equal(map[i].Tensor, reader.Tensors[i].Name);
            Assert.Equal(Path.Combine(TinyLlama, map[i].Shard), reader.Tensors[i].SourceFile);
            Assert.Equal(DType.BF16, reader.Tensors[i].DType);
        }

        var embed = reader.Tensors.Single(t => t.Name == "model.embed_tokens.weight");
        Assert.Equal([512L, 128L], embed.Shape);
        var kProj = reader.Tensors.Single(t => t.Name == "model.layers.0.self_attn.k_proj.weight");
        Assert.Equal([64L, 128L], kProj.Shape);
    }

    [Fact]
    public void Tiny_llama_decodes_every_tensor_like_its_shard_read_alone()
    {
        using var sharded = CheckpointOpener.Open(TinyLlama);
        var shards = new Dictionary<string, SafeTensorsReader>();
        try
        {
            foreach (var t in sharded.Tensors)
            {
                if (!shards.TryGetValue(t.SourceFile, out var single))
                {
                    single = new SafeTensorsReader(t.SourceFile);
                    shards.Add(t.SourceFile, single);
                }

                Assert.True(single.TryGetTensor(t.Name, out var same));
                var a = new double[t.ElementCount];
                var b = new double[t.ElementCount];
                sharded.ReadAsDouble(t, a);
                single.ReadAsDouble(same, b);
                Assert.Equal(b, a);
                Assert.All(a, v => Assert.True(double.IsFinite(v)));
            }

            Assert.Equal(2, shards.Count);
        }
        finally
        {
            foreach (var s in shards.Values)
            {
                s.Dispose();
            }
        }
    }

    [Fact]
    public void Folder_without_index_reads_files_in_sorted_name_order()
    {
        using var dir = new TempDir();
        var folder = dir.SubDir("noindex");
        File.WriteAllBytes(Path.Combine(folder, "b.safetensors"), SafeTensorsWriter.Build(
            [new("b2", "F32", [1], SafeTensorsWriter.F32(2)), new("b1", "F32", [1], SafeTensorsWriter.F32(1))]));
        File.WriteAllBytes(Path.Combine(folder, "a.safetensors"), SafeTensorsWriter.Build(
            [new("z", "F32", [1], SafeTensorsWriter.F32(3))]));
        using var reader = CheckpointOpener.Open(folder);
        Assert.Equal(["z", "b2", "b1"], reader.Tensors.Select(t => t.Name));
        var v = new double[1];
        reader.ReadAsDouble(reader.Tensors[1], v);
        Assert.Equal(2.0, v[0]);
    }

    [Fact]
    public void Index_order_is_kept_even_when_not_sorted()
    {
        using var dir = new TempDir();
        var folder = dir.SubDir("indexed");
        File.WriteAllBytes(Path.Combine(folder, "s1.safetensors"), SafeTensorsWriter.Build(
            [new("x", "F32", [1], SafeTensorsWriter.F32(1)), new("y", "F32", [1], SafeTensorsWriter.F32(2))]));
        File.WriteAllBytes(Path.Combine(folder, "s2.safetensors"), SafeTensorsWriter.Build(
            [new("a", "F32", [1], SafeTensorsWriter.F32(3))]));
        File.WriteAllText(Path.Combine(folder, "model.safetensors.index.json"),
            "{\"metadata\":{\"total_size\":12},\"weight_map\":{\"y\":\"s1.safetensors\",\"a\":\"s2.safetensors\","
            + "\"x\":\"s1.safetensors\"}}");
        using var reader = CheckpointOpener.Open(folder);
        Assert.Equal(["y", "a", "x"], reader.Tensors.Select(t => t.Name));
        var v = new double[1];
        reader.ReadAsDouble(reader.Tensors[1], v);
        Assert.Equal(3.0, v[0]);
    }
}
