namespace GpuSpectral.Core.Phases;

/// <summary>
/// Flags reported beside the phase (phases-of-training.md §2). They never change the phase. A flag whose input was not
/// computed (no randomization, no detX) is simply not raised.
/// </summary>
[Flags]
public enum PhaseMarkers
{
    /// <summary>No flag.</summary>
    None = 0,

    /// <summary>VHT: phase HEAVY-TAILED and α &lt; 2.</summary>
    VeryHeavyTailed = 1 << 0,

    /// <summary>OVER_TRAINED: a successful fit with α &lt; 2 (WeightWatcher also flags failed fits; this does not).</summary>
    OverTrained = 1 << 1,

    /// <summary>UNDER_TRAINED: a successful fit with α &gt; 6.</summary>
    UnderTrained = 1 << 2,

    /// <summary>CORRELATION_TRAP: the element-shuffled W still has ≥ 1 spike (rand_num_spikes ≥ 1).</summary>
    CorrelationTrap = 1 << 3,

    /// <summary>ELEMENTWISE_HT: n_s &gt; K and rand_num_spikes ≥ n_s/2 (the outliers survive shuffling).</summary>
    ElementwiseHeavyTailed = 1 << 4,

    /// <summary>RANK_DEFICIENT: 0 &lt; f₀ &lt; 0.10.</summary>
    RankDeficient = 1 << 5,

    /// <summary>ERG_CROSSED: Δλ_min = x̃min − λ̃_detX &lt; 0.</summary>
    ErgCrossed = 1 << 6,

    /// <summary>IDEAL_CANDIDATE: HEAVY-TAILED, α within max(0.1, 2σ_α) of 2, Δλ_min ≥ 0 and detX_num within 25 % of
    /// n_tail (thresholds proposed, uncalibrated).</summary>
    IdealCandidate = 1 << 7,

    /// <summary>LOW_EVALS: M &lt; 50 or n_tail &lt; 20: the phase is reported with low confidence.</summary>
    LowEvals = 1 << 8,
}
