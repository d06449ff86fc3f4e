using GpuSpectral.Core.Planning;
using GpuSpectral.Core.Results;

namespace GpuSpectral.Engine;

/// <summary>One finished layer of a run.</summary>
/// <param name="Plan">The layer's plan; <see cref="LayerPlan.SkipReason"/> is set when it was skipped while running
/// (non-finite weights), and then <paramref name="Rows"/> is empty.</param>
/// <param name="PlanIndex">Position of the layer among all analysed plans of the run.</param>
/// <param name="Rows">Its rows: one, or one per slice with pool=False.</param>
public sealed record LayerOutcome(LayerPlan Plan, int PlanIndex, IReadOnlyList<LayerResult> Rows);
