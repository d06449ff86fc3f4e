using GpuSpectral.Checkpoints;
using GpuSpectral.Core.Tensors;

namespace GpuSpectral.Engine.Compare;

/// <summary>
/// A PEFT LoRA adapter checkpoint: its <c>lora_A</c>/<c>lora_B</c> pairs matched into modules, and the tensors
/// that are not LoRA pairs.
/// </summary>
/// <remarks>
/// Name rule: a tensor is a LoRA factor when its name contains <c>.lora_A.</c>, <c>.lora_B.</c>,
/// <c>.lora_embedding_A.</c> or <c>.lora_embedding_B.</c>. The module is the text before that infix, with a leading
/// <c>base_model.model.</c> removed; what follows the infix must be <c>weight</c> or <c>&lt;adapter&gt;.weight</c>
/// (<c>lora_embedding_*</c> may also end the name, or be followed by the bare adapter name). The base tensor is <c>&lt;module&gt;.weight</c>.
/// Example: <c>base_model.model.model.layers.0.self_attn.q_proj.lora_A.weight</c> →
/// <c>model.layers.0.self_attn.q_proj.weight</c>.
/// </remarks>
public sealed class PeftAdapter
{
    private const string PeftPrefix = "base_model.model.";
    private static readonly string[] Infixes = [".lora_embedding_A.", ".lora_embedding_B.", ".lora_A.", ".lora_B."];

    private PeftAdapter(PeftConfig config, IReadOnlyList<LoraPair> pairs, IReadOnlyList<CompareSkip> unusable)
    {
        Config = config;
        Pairs = pairs;
        Unusable = unusable;
    }

    /// <summary>The adapter config (or <see cref="PeftConfig.None"/>).</summary>
    public PeftConfig Config { get; }

    /// <summary>Complete A/B pairs, in the order of their lora_A tensors.</summary>
    public IReadOnlyList<LoraPair> Pairs { get; }

    /// <summary>Adapter tensors that form no usable pair (a lone factor, a conv LoRA, other saved modules).</summary>
    public IReadOnlyList<CompareSkip> Unusable { get; }

    /// <summary>True when any tensor name of <paramref name="reader"/> looks like a LoRA factor.</summary>
    public static bool IsAdapter(ICheckpointReader reader)
    {
        ArgumentNullException.ThrowIfNull(reader);
        return reader.Tensors.Any(t => Parse(t.Name) is not null);
    }

    /// <summary>
    /// Splits a LoRA factor's name into (module, factor, embedding). Returns null when the name is not a LoRA factor.
    /// </summary>
    /// <param name="tensorName">A tensor name from the adapter file.</param>
    /// <returns>The module name (PEFT prefix removed), 'A' or 'B', and whether it is an embedding factor.</returns>
    public static (string Module, char Factor, bool Embedding)? Parse(string tensorName)
    {
        ArgumentNullException.ThrowIfNull(tensorName);
        foreach (var infix in Infixes)
        {
            var embedding = infix.Contains("embedding", StringComparison.Ordinal);
            var at = tensorName.IndexOf(infix, StringComparison.Ordinal);
            string rest;
            if (at > 0)
            {
                rest = tensorName[(at + infix.Length)..];
            }
            else if (embedding && tensorName.EndsWith(infix[..^1], StringComparison.Ordinal)
                     && tensorName.Length > infix.Length - 1)
            {
                // PEFT saves embedding factors as bare parameters: "<module>.lora_embedding_A".
                at = tensorName.Length - (infix.Length - 1);
                rest = "weight";
            }
            else
            {
                continue;
            }

            var tailOk = rest == "weight"
                || (rest.EndsWith(".weight", StringComparison.Ordinal) && !rest[..^7].Contains('.'))
                || (embedding && !rest.Contains('.'));
            if (!tailOk)
            {
                return null;
            }

            var module = tensorName[..at];
            if (module.StartsWith(PeftPrefix, StringComparison.Ordinal))
            {
                module = module[PeftPrefix.Length..];
            }

            return (module, infix[^2], embedding);
        }

        return null;
    }

    /// <summary>Reads the adapter's pairs from an open reader and its config.</summary>
    /// <param name="reader">The adapter checkpoint.</param>
    /// <param name="config">Its config (see <see cref="PeftConfig.ForAdapter"/>).</param>
    /// <param name="scalingOverride">A scaling for every pair instead of the config's, or null.</param>
    public static PeftAdapter Read(ICheckpointReader reader, PeftConfig config, double? scalingOverride)
    {
        ArgumentNullException.ThrowIfNull(reader);
        ArgumentNullException.ThrowIfNull(config);
        var factors = new Dictionary<string, (TensorInfo? A, TensorInfo? B, bool Embedding)>(StringComparer.Ordinal);
        var order = new List<string>();
        var unusable = new List<CompareSkip>();
        foreach (var t in reader.Tensors)
        {
            if (Parse(t.Name) is not { } p)
            {
                unusable.Add(new CompareSkip(t.Name, null, t.ShapeText, "adapter tensor that is not a LoRA factor"));
                continue;
            }

            if (!factors.TryGetValue(p.Module, out var f))
            {
                order.Add(p.Module);
                f = (null, null, p.Embedding);
            }

            factors[p.Module] = p.Factor == 'A' ? f with { A = t } : f with { B = t };
        }

        var pairs = new List<LoraPair>();
        foreach (var module in order)
        {
            var (a, b, embedding) = factors[module];
            if (Check(module, a, b) is { } why)
            {
                unusable.Add(new CompareSkip(module, null, (a ?? b)!.ShapeText, why));
                continue;
            }

            var rank = (int)a!.Shape[0];
            var scaling = scalingOverride ?? config.Scaling(module, rank);
            pairs.Add(new LoraPair(module, module + ".weight", a, b!, rank, scaling, embedding));
        }

        return new PeftAdapter(config, pairs, unusable);
    }

    private static string? Check(string module, TensorInfo? a, TensorInfo? b)
    {
        if (a is null || b is null)
        {
            return $"LoRA module {module} has no {(a is null ? "lora_A" : "lora_B")} tensor";
        }

        if (a.Rank != 2 || b.Rank != 2)
        {
            return $"LoRA factors {a.ShapeText} and {b.ShapeText} are not both 2-D (convolution LoRA is not supported)";
        }

        return a.Shape[0] != b.Shape[1] || a.Shape[0] <= 0
            ? $"LoRA ranks disagree: lora_A {a.ShapeText}, lora_B {b.ShapeText}"
            : null;
    }
}
