using System.Text.Json;
using GpuSpectral.Core.Tensors;

namespace GpuSpectral.Checkpoints.Synth;

/// <summary>Writes <c>model.safetensors.index.json</c> and <c>config.json</c> for a plan.</summary>
internal static class SynthMetadataFiles
{
    public const string IndexFileName = "model.safetensors.index.json";
    public const string ConfigFileName = "config.json";

    private static readonly JsonWriterOptions Indented = new() { Indented = true };

    /// <summary>The index: <c>{"metadata": {"total_size": N}, "weight_map": {tensor: shard, …}}</c>.</summary>
    public static void WriteIndex(Stream stream, SynthPlan plan)
    {
        using var w = new Utf8JsonWriter(stream, Indented);
        w.WriteStartObject();
        w.WriteStartObject("metadata");
        w.WriteNumber("total_size", plan.TotalDataBytes);
        w.WriteEndObject();
        w.WriteStartObject("weight_map");
        foreach (var shard in plan.Shards)
        {
            foreach (var t in shard.Tensors)
            {
                w.WriteString(t.Spec.Name, shard.FileName);
            }
        }

        w.WriteEndObject();
        w.WriteEndObject();
    }

    /// <summary>A Hugging Face style <c>config.json</c> plus a <c>gpuspectral_synth</c> block saying how the
    /// values were drawn (seed, scale, ν per block).</summary>
    public static void WriteConfig(Stream stream, SynthPlan plan)
    {
        var c = plan.Config;
        var o = plan.Options;
        using var w = new Utf8JsonWriter(stream, Indented);
        w.WriteStartObject();
        if (c.Architecture == SynthArchitecture.Gpt2)
        {
            w.WriteStartArray("architectures");
            w.WriteStringValue("GPT2LMHeadModel");
            w.WriteEndArray();
            w.WriteString("model_type", "gpt2");
            w.WriteNumber("n_embd", c.HiddenSize);
            w.WriteNumber("n_head", c.HeadCount);
            w.WriteNumber("n_layer", c.LayerCount);
            w.WriteNumber("n_positions", c.MaxPositions);
            w.WriteNumber("n_ctx", c.MaxPositions);
            w.WriteNumber("n_inner", c.IntermediateSize);
            w.WriteNumber("layer_norm_epsilon", 1e-5);
            w.WriteBoolean("tie_word_embeddings", true);
        }
        else
        {
            var mistral = c.Architecture == SynthArchitecture.Mistral7B;
            w.WriteStartArray("architectures");
            w.WriteStringValue(mistral ? "MistralForCausalLM" : "LlamaForCausalLM");
            w.WriteEndArray();
            w.WriteString("model_type", mistral ? "mistral" : "llama");
            w.WriteString("hidden_act", "silu");
            w.WriteNumber("max_position_embeddings", c.MaxPositions);
            w.WriteNumber("rms_norm_eps", c.Architecture == SynthArchitecture.Llama7B ? 1e-6 : 1e-5);
            w.WriteNumber("rope_theta", c.Architecture == SynthArchitecture.Llama3x8B ? 500000.0 : 10000.0);
            if (mistral)
            {
                w.WriteNumber("sliding_window", 4096);
            }

            w.WriteBoolean("tie_word_embeddings", false);
        }

        w.WriteNumber("hidden_size", c.HiddenSize);
        w.WriteNumber("intermediate_size", c.IntermediateSize);
        w.WriteNumber("num_hidden_layers", c.LayerCount);
        w.WriteNumber("num_attention_heads", c.HeadCount);
        w.WriteNumber("num_key_value_heads", c.KeyValueHeadCount);
        w.WriteNumber("head_dim", c.HeadDim);
        w.WriteNumber("vocab_size", c.VocabSize);
        w.WriteString("torch_dtype", o.DType switch
        {
            DType.BF16 => "bfloat16",
            DType.F16 => "float16",
            _ => "float32",
        });
        w.WriteStartObject("gpuspectral_synth");
        w.WriteString("architecture", SynthArchitectureNames.NameOf(c.Architecture));
        w.WriteNumber("scale", o.Scale);
        w.WriteNumber("seed", o.Seed);
        w.WriteNumber("target_std", SynthWeights.TargetStd);
        w.WriteNumber("parameters", plan.ParameterCount);
        w.WriteStartArray("student_t_dof_per_layer");
        for (var i = 0; i < c.LayerCount; i++)
        {
            w.WriteNumberValue(Math.Round(SynthWeights.DegreesOfFreedom(o.Seed, i, c.LayerCount), 6));
        }

        w.WriteEndArray();
        w.WriteEndObject();
        w.WriteEndObject();
    }
}
