using GpuSpectral.Core.Results;

namespace GpuSpectral.Engine.Compare;

/// <summary>How ΔW of a compared layer was obtained.</summary>
public enum DeltaSource
{
    /// <summary>ΔW = W_A − W_B, both read from the checkpoints.</summary>
    Weights,

    /// <summary>ΔW = W_A − W_Bᵀ: B stores the 2-D weight transposed (WeightWatcher accepts this too).</summary>
    WeightsTransposed,

    /// <summary>ΔW = ±scaling·B·A from a PEFT LoRA pair (+ when the adapter is checkpoint A).</summary>
    Lora,
}

/// <summary>One compared layer: the spectral metrics of ΔW = W_A − W_B and the distances between W_A and W_B.</summary>
public sealed record CompareRow
{
    /// <summary>
    /// The usual per-layer metrics, computed on ΔW with checkpoint A's plan (or the base model's, for an adapter):
    /// same normalisation (conv2d_norm), same fit. <see cref="LayerResult.Evals"/> are ΔW's eigenvalues.
    /// </summary>
    public required LayerResult Delta { get; init; }

    /// <summary>The three distances between W_A and W_B (for an adapter: between W_base and W_base + scaling·B·A).</summary>
    public required LayerDistances Distances { get; init; }

    /// <summary>How ΔW was obtained.</summary>
    public required DeltaSource Source { get; init; }

    /// <summary>The LoRA scaling used, or NaN when <see cref="Source"/> is not <see cref="DeltaSource.Lora"/>.</summary>
    public double LoraScaling { get; init; } = double.NaN;

    /// <summary>The LoRA rank r, or null when not a LoRA layer.</summary>
    public int? LoraRank { get; init; }
}
