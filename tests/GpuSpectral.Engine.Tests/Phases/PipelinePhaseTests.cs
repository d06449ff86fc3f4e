using GpuSpectral.Compute;
using GpuSpectral.Core.Phases;
using GpuSpectral.Engine.Tests.Golden;

namespace GpuSpectral.Engine.Tests.Phases;

/// <summary>
/// The phase that <c>analyze</c> assigns, end to end (our eigenvalues, our MP and power-law fits, the storage-aware
/// rank loss), on the fixture layers whose construction fixes the phase (fixtures README, phases-of-training.md §4):
/// Gaussian → RANDOM-LIKE, planted strong spikes → BULK+SPIKES, Student-t df ≤ 2 / Pareto 1.5 → HEAVY-TAILED, exact
/// low rank stored in float32 → RANK-COLLAPSE. Boundary layers (α̂ just above 4, Pareto μ = 3, 12 spikes) are left to
/// the unit tests of the rules, which explain them.
/// </summary>
public sealed class PipelinePhaseTests
{
    public static TheoryData<string, string, TrainingPhase> Constructed() => new()
    {
        { "gaussian", "gauss.sq_280x280", TrainingPhase.RandomLike },
        { "gaussian", "gauss.tall_750x250", TrainingPhase.RandomLike },
        { "gaussian", "gauss.wide_144x600", TrainingPhase.RandomLike },
        { "gaussian", "gauss.small_96x48", TrainingPhase.RandomLike },
        { "spikes", "mp_spikes.r4_620x310", TrainingPhase.BulkPlusSpikes },
        { "spikes", "mp_spikes.r1_720x240", TrainingPhase.BulkPlusSpikes },
        { "heavy_tailed", "t.df1_2_448x224", TrainingPhase.HeavyTailed },
        { "heavy_tailed", "pareto.a1_5_280x140", TrainingPhase.HeavyTailed },
        { "heavy_tailed", "t.df2_336x336", TrainingPhase.HeavyTailed },
        // Exact rank 6 and 2 before float32 rounding: 154 of 160 (98 of 100) singular values sit at the float32
        // round-off level, so f₀ ≥ 0.10 (WeightWatcher's N·ε₆₄ rank_loss misses them; docs/phases.md).
        { "spikes", "lowrank.exact_r6_320x160", TrainingPhase.RankCollapse },
        { "spikes", "lowrank.exact_r2_200x100", TrainingPhase.RankCollapse },
    };

    [Theory]
    [MemberData(nameof(Constructed))]
    public void The_constructed_phase_comes_out_of_the_pipeline(string fixture, string layer, TrainingPhase expected)
    {
        var c = GoldenCase.Named(fixture);
        var report = new Analyzer(EigenBackends.Create(EigenBackendKind.Lapack, null)).Analyze(
            c.InputPath,
            new AnalysisOptions { Plan = new() { Selection = Core.Planning.LayerSelection.Parse([$"^{layer}$"]) } });
        var row = Assert.Single(report.Layers);
        Assert.True(row.Phase!.Phase == expected, $"{layer}: {row.Phase.Label} ({row.Phase.Reason})");
    }
}
