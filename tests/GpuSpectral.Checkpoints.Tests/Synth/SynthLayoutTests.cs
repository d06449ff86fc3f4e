using System.Text.Json;
using GpuSpectral.Checkpoints.SafeTensors;
using GpuSpectral.Checkpoints.Synth;
using GpuSpectral.Checkpoints.Tests.Support;
using GpuSpectral.Core.Tensors;

namespace GpuSpectral.Checkpoints.Tests.Synth;

public sealed class SynthLayoutTests
{
    // Scale 1/32 is exact for every dimension rule (hidden/heads, MLP/8), except GPT-2's vocab 50257/32 = 1570.53.
    private const double Scale = 1.0 / 32;

    public static TheoryData<string, int, long> PublishedCounts() => new()
    {
        // Tensor counts and parameter counts as published (model cards / parameter listings).
        { "llama-7b", 291, 6_738_415_616L },
        { "llama3-8b", 291, 8_030_261_248L },
        { "mistral-7b", 291, 7_241_732_096L },
        { "gpt2", 148, 124_439_808L },
    };

    [Theory]
    [MemberData(nameof(PublishedCounts))]
    public void Unscaled_plan_has_the_published_tensor_and_parameter_counts(string arch, int tensors, long parameters)
    {
        var plan = SynthPlan.Create(new SynthOptions { Architecture = SynthArchitectureNames.Parse(arch) });
        Assert.Equal(tensors, plan.Tensors.Count);
        Assert.Equal(parameters, plan.ParameterCount);
        Assert.Equal(2 * parameters, plan.TotalDataBytes); // BF16 by default
    }

    [Fact]
    public void Unscaled_llama7b_plan_lists_the_published_names_and_shapes_in_five_gb_shards()
    {
        var plan = SynthPlan.Create(new SynthOptions { Architecture = SynthArchitecture.Llama7B });
        AssertLayout(PublishedLayouts.Llama(32000, 4096, 4096, 11008, 32),
            plan.Tensors.Select(t => (t.Name, t.Shape.ToArray())).ToList());
        Assert.Equal(3, plan.Shards.Count); // 13.48 GB in 5 GB shards
        Assert.All(plan.Shards, s => Assert.True(s.DataLength <= SynthOptions.DefaultShardSizeBytes));
    }

    [Fact]
    public void Unscaled_llama3_has_gqa_key_value_projections_of_1024_by_4096()
    {
        var plan = SynthPlan.Create(new SynthOptions { Architecture = SynthArchitecture.Llama3x8B });
        AssertLayout(PublishedLayouts.Llama(128256, 4096, 1024, 14336, 32),
            plan.Tensors.Select(t => (t.Name, t.Shape.ToArray())).ToList());
    }

    public static TheoryData<string, string> Written() => new()
    {
        { "llama-7b", "bf16" },
        { "llama3-8b", "f16" },
        { "mistral-7b", "f32" },
        { "gpt2", "bf16" },
    };

    [Theory]
    [MemberData(nameof(Written))]
    public void Scaled_checkpoint_opens_with_the_project_reader_and_lists_the_expected_tensors(string arch, string dt)
    {
        const int layers = 2;
        var expected = arch switch
        {
            // hidden 4096/32 = 128 (32 heads of 4); MLP 11008/32 = 344 or 14336/32 = 448; kv = 8 heads · 4 = 32.
            "llama-7b" => PublishedLayouts.Llama(1000, 128, 128, 344, layers),
            "llama3-8b" => PublishedLayouts.Llama(4008, 128, 32, 448, layers),
            "mistral-7b" => PublishedLayouts.Llama(1000, 128, 32, 448, layers),
            // hidden 768/32 = 24 (12 heads of 2); vocab round(1570.53) = 1571; positions 32; MLP 96.
            _ => PublishedLayouts.Gpt2(1571, 32, 24, 96, layers),
        };
        var dtype = dt switch { "f16" => DType.F16, "f32" => DType.F32, _ => DType.BF16 };
        using var dir = new TempDir();
        var plan = SynthCheckpointWriter.Write(dir.Path, new SynthOptions
        {
            Architecture = SynthArchitectureNames.Parse(arch),
            Scale = Scale,
            Layers = layers,
            DType = dtype,
            ShardSizeBytes = 50_000, // several shards
        });
        Assert.True(plan.Shards.Count > 1);

        using var reader = CheckpointOpener.Open(dir.Path);
        Assert.IsType<ShardedSafeTensorsReader>(reader);
        AssertLayout(expected, reader.Tensors.Select(t => (t.Name, t.Shape)).ToList());
        Assert.All(reader.Tensors, t => Assert.Equal(dtype, t.DType));

        // The index maps every tensor to the shard whose own header holds it; total_size is the data bytes.
        using var index = JsonDocument.Parse(File.ReadAllText(Path.Combine(dir.Path, "model.safetensors.index.json")));
        var map = index.RootElement.GetProperty("weight_map").EnumerateObject().ToList();
        Assert.Equal(expected.Select(e => e.Name), map.Select(p => p.Name));
        var size = DTypeInfo.SizeInBytes(dtype);
        Assert.Equal(expected.Sum(e => e.Shape.Aggregate(1L, (a, b) => a * b)) * size,
            index.RootElement.GetProperty("metadata").GetProperty("total_size").GetInt64());
        foreach (var shardGroup in map.GroupBy(p => p.Value.GetString()!))
        {
            using var shard = new SafeTensorsReader(Path.Combine(dir.Path, shardGroup.Key));
            Assert.Equal(shardGroup.Select(p => p.Name).Order(StringComparer.Ordinal),
                shard.Tensors.Select(t => t.Name).Order(StringComparer.Ordinal));
            var data = shard.Tensors.Sum(t => t.ByteLength);
            Assert.True(data <= 50_000 || shard.Tensors.Count == 1, $"{shardGroup.Key} holds {data} bytes");
        }

        // config.json carries the scaled dimensions.
        using var config = JsonDocument.Parse(File.ReadAllText(Path.Combine(dir.Path, "config.json")));
        var root = config.RootElement;
        Assert.Equal(expected[0].Shape[0], root.GetProperty("vocab_size").GetInt64());
        Assert.Equal(layers, root.GetProperty("num_hidden_layers").GetInt32());
        var hidden = expected.First(e => e.Shape.Length == 1).Shape[0]; // the first norm is [hidden]
        Assert.Equal(hidden, root.GetProperty("hidden_size").GetInt64());
    }

    [Fact]
    public void Scale_rule_keeps_heads_and_rounds_widths_as_documented()
    {
        // 4096·0.1/32 = 12.8 → 13 → 416; 11008·0.1/8 = 137.6 → 138 → 1104; 32000·0.1 = 3200.
        var c = SynthModelConfig.Scaled(SynthArchitecture.Llama7B, 0.1);
        Assert.Equal((416, 1104, 3200, 32, 32, 13), (c.HiddenSize, c.IntermediateSize, c.VocabSize, c.HeadCount,
            c.LayerCount, c.HeadDim));
        var tiny = SynthModelConfig.Scaled(SynthArchitecture.Mistral7B, 1e-6, layers: 1);
        Assert.Equal((32, 8, 8, 8, 1), (tiny.HiddenSize, tiny.IntermediateSize, tiny.VocabSize, tiny.KeyValueSize,
            tiny.LayerCount));
        Assert.Throws<ArgumentOutOfRangeException>(() => SynthModelConfig.Scaled(SynthArchitecture.Gpt2, 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => SynthModelConfig.Scaled(SynthArchitecture.Gpt2, 1.5));
        Assert.Throws<ArgumentOutOfRangeException>(() => SynthModelConfig.Scaled(SynthArchitecture.Gpt2, double.NaN));
    }

    private static void AssertLayout(List<(string Name, long[] Shape)> expected, List<(string Name, long[] Shape)> actual)
    {
        Assert.Equal(expected.Count, actual.Count);
        for (var i = 0; i < expected.Count; i++)
        {
            Assert.Equal(expected[i].Name, actual[i].Name);
            Assert.Equal(expected[i].Shape, actual[i].Shape);
        }
    }
}
