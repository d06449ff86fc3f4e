namespace GpuSpectral.Checkpoints.Synth;

/// <summary>A published model architecture whose tensor names and shapes <c>synth</c> reproduces.</summary>
public enum SynthArchitecture
{
    /// <summary>LLaMA-7B (Hugging Face <c>LlamaForCausalLM</c> naming): vocab 32000, hidden 4096, 32 layers,
    /// MLP 11008, 32 heads (no GQA), untied <c>lm_head</c>; 291 tensors, 6,738,415,616 parameters.</summary>
    Llama7B,

    /// <summary>LLaMA-3-8B: vocab 128256, hidden 4096, 32 layers, MLP 14336, 32 heads, 8 key/value heads
    /// (k/v projections 1024×4096), untied <c>lm_head</c>; 8,030,261,248 parameters.</summary>
    Llama3x8B,

    /// <summary>Mistral-7B (v0.1): vocab 32000, hidden 4096, 32 layers, MLP 14336, 32 heads, 8 key/value heads,
    /// untied <c>lm_head</c>; 7,241,732,096 parameters.</summary>
    Mistral7B,

    /// <summary>GPT-2 small (124M) with the hub checkpoint's names (<c>wte</c>, <c>wpe</c>, <c>h.{i}.…</c>,
    /// <c>ln_f</c>; no <c>transformer.</c> prefix, tied LM head not stored) and Conv1D (in, out) weight layout;
    /// 124,439,808 parameters.</summary>
    Gpt2,
}

/// <summary>Command-line names of <see cref="SynthArchitecture"/> values.</summary>
public static class SynthArchitectureNames
{
    /// <summary>The accepted names, in enum order: <c>llama-7b</c>, <c>llama3-8b</c>, <c>mistral-7b</c>,
    /// <c>gpt2</c>.</summary>
    public static IReadOnlyList<string> All { get; } = ["llama-7b", "llama3-8b", "mistral-7b", "gpt2"];

    /// <summary>The name of <paramref name="architecture"/>.</summary>
    public static string NameOf(SynthArchitecture architecture) => All[(int)architecture];

    /// <summary>Parses a name from <see cref="All"/> (case-insensitive).</summary>
    /// <exception cref="ArgumentException">Unknown name.</exception>
    public static SynthArchitecture Parse(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        for (var i = 0; i < All.Count; i++)
        {
            if (string.Equals(All[i], name.Trim(), StringComparison.OrdinalIgnoreCase))
            {
                return (SynthArchitecture)i;
            }
        }

        throw new ArgumentException($"unknown architecture '{name}'; expected one of {string.Join(", ", All)}",
            nameof(name));
    }
}
