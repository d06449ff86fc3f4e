namespace GpuSpectral.Checkpoints.Synth;

/// <summary>
/// The tensor names and shapes of each architecture, in the order the Hugging Face checkpoints store them.
/// LLaMA and Mistral weights are (out, in) as <c>torch.nn.Linear</c> stores them; GPT-2's are (in, out) as its
/// <c>Conv1D</c> stores them. Non-weight buffers (rotary <c>inv_freq</c>, GPT-2's causal mask <c>attn.bias</c>)
/// are not written.
/// </summary>
public static class ArchitectureLayouts
{
    /// <summary>All tensors of <paramref name="config"/>, globals and blocks, in storage order.</summary>
    public static IReadOnlyList<SynthTensorSpec> Tensors(SynthModelConfig config)
    {
        ArgumentNullException.ThrowIfNull(config);
        return config.Architecture == SynthArchitecture.Gpt2 ? Gpt2(config) : LlamaFamily(config);
    }

    private static List<SynthTensorSpec> LlamaFamily(SynthModelConfig c)
    {
        long h = c.HiddenSize, kv = c.KeyValueSize, mlp = c.IntermediateSize;
        var list = new List<SynthTensorSpec>(c.LayerCount * 9 + 3)
        {
            new("model.embed_tokens.weight", [c.VocabSize, h], -1, SynthTensorRole.Matrix),
        };
        for (var i = 0; i < c.LayerCount; i++)
        {
            var p = $"model.layers.{i}.";
            list.Add(new(p + "self_attn.q_proj.weight", [h, h], i, SynthTensorRole.Matrix));
            list.Add(new(p + "self_attn.k_proj.weight", [kv, h], i, SynthTensorRole.Matrix));
            list.Add(new(p + "self_attn.v_proj.weight", [kv, h], i, SynthTensorRole.Matrix));
            list.Add(new(p + "self_attn.o_proj.weight", [h, h], i, SynthTensorRole.Matrix));
            list.Add(new(p + "mlp.gate_proj.weight", [mlp, h], i, SynthTensorRole.Matrix));
            list.Add(new(p + "mlp.up_proj.weight", [mlp, h], i, SynthTensorRole.Matrix));
            list.Add(new(p + "mlp.down_proj.weight", [h, mlp], i, SynthTensorRole.Matrix));
            list.Add(new(p + "input_layernorm.weight", [h], i, SynthTensorRole.NormScale));
            list.Add(new(p + "post_attention_layernorm.weight", [h], i, SynthTensorRole.NormScale));
        }

        list.Add(new("model.norm.weight", [h], -1, SynthTensorRole.NormScale));
        list.Add(new("lm_head.weight", [c.VocabSize, h], -1, SynthTensorRole.Matrix));
        return list;
    }

    private static List<SynthTensorSpec> Gpt2(SynthModelConfig c)
    {
        long h = c.HiddenSize, mlp = c.IntermediateSize;
        var list = new List<SynthTensorSpec>(c.LayerCount * 12 + 4)
        {
            new("wte.weight", [c.VocabSize, h], -1, SynthTensorRole.Matrix),
            new("wpe.weight", [c.MaxPositions, h], -1, SynthTensorRole.Matrix),
        };
        for (var i = 0; i < c.LayerCount; i++)
        {
            var p = $"h.{i}.";
            list.Add(new(p + "ln_1.weight", [h], i, SynthTensorRole.NormScale));
            list.Add(new(p + "ln_1.bias", [h], i, SynthTensorRole.Bias));
            list.Add(new(p + "attn.c_attn.weight", [h, 3 * h], i, SynthTensorRole.Matrix));
            list.Add(new(p + "attn.c_attn.bias", [3 * h], i, SynthTensorRole.Bias));
            list.Add(new(p + "attn.c_proj.weight", [h, h], i, SynthTensorRole.Matrix));
            list.Add(new(p + "attn.c_proj.bias", [h], i, SynthTensorRole.Bias));
            list.Add(new(p + "ln_2.weight", [h], i, SynthTensorRole.NormScale));
            list.Add(new(p + "ln_2.bias", [h], i, SynthTensorRole.Bias));
            list.Add(new(p + "mlp.c_fc.weight", [h, mlp], i, SynthTensorRole.Matrix));
            list.Add(new(p + "mlp.c_fc.bias", [mlp], i, SynthTensorRole.Bias));
            list.Add(new(p + "mlp.c_proj.weight", [mlp, h], i, SynthTensorRole.Matrix));
            list.Add(new(p + "mlp.c_proj.bias", [h], i, SynthTensorRole.Bias));
        }

        list.Add(new("ln_f.weight", [h], -1, SynthTensorRole.NormScale));
        list.Add(new("ln_f.bias", [h], -1, SynthTensorRole.Bias));
        return list;
    }
}
