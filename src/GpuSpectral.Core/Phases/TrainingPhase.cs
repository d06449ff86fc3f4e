namespace GpuSpectral.Core.Phases;

/// <summary>
/// The HT-SR "5+1 phases" of a layer's ESD (phases-of-training.md §1), plus <see cref="Undetermined"/>. The label
/// describes the SHAPE of the spectrum, not the quality of the model. <see cref="PhaseLabels.Label"/> gives the
/// upper-case text used in reports.
/// </summary>
public enum TrainingPhase
{
    /// <summary>UNDETERMINED: bad input (non-finite W), too few eigenvalues, or no usable MP fit (rules P0, P2).</summary>
    Undetermined = 0,

    /// <summary>RANDOM-LIKE: no eigenvalue above the MP spike edge (rule P3).</summary>
    RandomLike = 1,

    /// <summary>BLEEDING-OUT: 1…K outliers, all just above the edge, below λ_well (rule P7).</summary>
    BleedingOut = 2,

    /// <summary>BULK+SPIKES: at most K outliers and λ̃max ≥ λ_well (rule P6).</summary>
    BulkPlusSpikes = 3,

    /// <summary>BULK-DECAY: more than K outliers without a clean heavy tail (rule P5).</summary>
    BulkDecay = 4,

    /// <summary>HEAVY-TAILED: a good power-law tail with α ≤ 4 and λmax ≫ λ⁺ (rule P4).</summary>
    HeavyTailed = 5,

    /// <summary>RANK-COLLAPSE: a large mass of zero singular values (rule P1).</summary>
    RankCollapse = 6,
}
