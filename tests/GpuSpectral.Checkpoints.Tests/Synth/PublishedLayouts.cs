namespace GpuSpectral.Checkpoints.Tests.Synth;

/// <summary>
/// Expected tensor names and shapes written from the published architectures (Hugging Face <c>LlamaForCausalLM</c>
/// / <c>MistralForCausalLM</c> state dicts: nn.Linear weights are (out, in); the GPT-2 hub checkpoint: Conv1D
/// weights are (in, out), no <c>transformer.</c> prefix, tied LM head absent), independently of the generator's
/// own tables.
/// </summary>
internal static class PublishedLayouts
{
    /// <summary>The 9 tensors of one LLaMA/Mistral decoder block.</summary>
    public static List<(string Name, long[] Shape)> LlamaBlock(int i, long hidden, long kv, long mlp) =>
    [
        ($"model.layers.{i}.self_attn.q_proj.weight", [hidden, hidden]),
        ($"model.layers.{i}.self_attn.k_proj.weight", [kv, hidden]),
        ($"model.layers.{i}.self_attn.v_proj.weight", [kv, hidden]),
        ($"model.layers.{i}.self_attn.o_proj.weight", [hidden, hidden]),
        ($"model.layers.{i}.mlp.gate_proj.weight", [mlp, hidden]),
        ($"model.layers.{i}.mlp.up_proj.weight", [mlp, hidden]),
        ($"model.layers.{i}.mlp.down_proj.weight", [hidden, mlp]),
        ($"model.layers.{i}.input_layernorm.weight", [hidden]),
        ($"model.layers.{i}.post_attention_layernorm.weight", [hidden]),
    ];

    /// <summary>Embedding, blocks, final norm, untied LM head.</summary>
    public static List<(string Name, long[] Shape)> Llama(long vocab, long hidden, long kv, long mlp, int layers)
    {
        var list = new List<(string, long[])> { ("model.embed_tokens.weight", [vocab, hidden]) };
        for (var i = 0; i < layers; i++)
        {
            list.AddRange(LlamaBlock(i, hidden, kv, mlp));
        }

        list.Add(("model.norm.weight", [hidden]));
        list.Add(("lm_head.weight", [vocab, hidden]));
        return list;
    }

    /// <summary>GPT-2: wte, wpe, 12 tensors per block, ln_f weight and bias.</summary>
    public static List<(string Name, long[] Shape)> Gpt2(long vocab, long positions, long hidden, long mlp, int layers)
    {
        var list = new List<(string, long[])> { ("wte.weight", [vocab, hidden]), ("wpe.weight", [positions, hidden]) };
        for (var i = 0; i < layers; i++)
        {
            list.Add(($"h.{i}.ln_1.weight", [hidden]));
            list.Add(($"h.{i}.ln_1.bias", [hidden]));
            list.Add(($"h.{i}.attn.c_attn.weight", [hidden, 3 * hidden]));
            list.Add(($"h.{i}.attn.c_attn.bias", [3 * hidden]));
            list.Add(($"h.{i}.attn.c_proj.weight", [hidden, hidden]));
            list.Add(($"h.{i}.attn.c_proj.bias", [hidden]));
            list.Add(($"h.{i}.ln_2.weight", [hidden]));
            list.Add(($"h.{i}.ln_2.bias", [hidden]));
            list.Add(($"h.{i}.mlp.c_fc.weight", [hidden, mlp]));
            list.Add(($"h.{i}.mlp.c_fc.bias", [mlp]));
            list.Add(($"h.{i}.mlp.c_proj.weight", [mlp, hidden]));
            list.Add(($"h.{i}.mlp.c_proj.bias", [hidden]));
        }

        list.Add(("ln_f.weight", [hidden]));
        list.Add(("ln_f.bias", [hidden]));
        return list;
    }
}
