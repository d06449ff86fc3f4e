using GpuSpectral.Core.Planning;

namespace GpuSpectral.Engine;

/// <summary>Everything that changes the numbers of an analysis.</summary>
public sealed record AnalysisOptions
{
    /// <summary>Which layers, in which order, with which filters.</summary>
    public PlanOptions Plan { get; init; } = new();

    /// <summary>Bug-compatibility mode (shortcut to <see cref="PlanOptions.Compat"/>).</summary>
    public CompatMode Compat => Plan.Compat;

    /// <summary>Threshold of <c>weak_rank_loss</c> (WeightWatcher's <c>tolerance</c>, default 1e-6).</summary>
    public double Tolerance { get; init; } = 1e-6;

    /// <summary>WeightWatcher's integer <c>xmax</c>: drop this many of the largest eigenvalues before fitting.</summary>
    public int? XmaxDrop { get; init; }

    /// <summary>Forced reader format (<c>safetensors</c>, <c>npy</c>, <c>npz</c>), or null to pick from the path.</summary>
    public string? Format { get; init; }
}
