namespace GpuSpectral.Core.Phases;

/// <summary>
/// The numeric thresholds of the phase rules, with the defaults of phases-of-training.md §1–§2 (each justified
/// there). Change them only to explore; the defaults are the documented rule set.
/// </summary>
public sealed record PhaseThresholds
{
    /// <summary>The default rule set.</summary>
    public static PhaseThresholds Default { get; } = new();

    /// <summary>P0/P2: fewer eigenvalues (or non-zero eigenvalues) than this is UNDETERMINED (WW min_evals).</summary>
    public int MinEvals { get; init; } = 10;

    /// <summary>P1: f₀ at or above this is RANK-COLLAPSE.</summary>
    public double CollapseFraction { get; init; } = 0.10;

    /// <summary>K = max(<see cref="SpikeCeilingMin"/>, ⌈<see cref="SpikeCeilingShare"/>·M⌉).</summary>
    public int SpikeCeilingMin { get; init; } = 3;

    /// <summary>See <see cref="SpikeCeilingMin"/>.</summary>
    public double SpikeCeilingShare { get; init; } = 0.01;

    /// <summary>P6: spike strength r_well of λ_well = σ²(1 + c + (r² + r⁻²)√c) (r = 2 gives the 4.25 of the
    /// document).</summary>
    public double WellStrength { get; init; } = 2.0;

    /// <summary>P4: minimum n_tail.</summary>
    public int MinTail { get; init; } = 10;

    /// <summary>P4: maximum z = D·√n_tail.</summary>
    public double MaxZ { get; init; } = 1.0;

    /// <summary>P4: maximum α.</summary>
    public double MaxAlpha { get; init; } = 4.0;

    /// <summary>P4: maximum R = λ⁺/λ̃max (λmax ≥ 3λ⁺).</summary>
    public double MaxSoftRank { get; init; } = 1.0 / 3.0;

    /// <summary>P4 very-heavy clause and the VHT / OVER_TRAINED flags: α below this.</summary>
    public double VhtAlpha { get; init; } = 2.0;

    /// <summary>P4 very-heavy clause: n_tail ≥ this share of M′.</summary>
    public double VhtTailShare { get; init; } = 0.1;

    /// <summary>UNDER_TRAINED: α above this.</summary>
    public double UnderTrainedAlpha { get; init; } = 6.0;

    /// <summary>LOW_EVALS: M below this.</summary>
    public int LowEvalsCount { get; init; } = 50;

    /// <summary>LOW_EVALS: n_tail below this.</summary>
    public int LowEvalsTail { get; init; } = 20;

    /// <summary>IDEAL_CANDIDATE: |α − 2| ≤ max(this, 2σ_α).</summary>
    public double IdealAlphaTolerance { get; init; } = 0.1;

    /// <summary>IDEAL_CANDIDATE: |detX_num − n_tail| ≤ this·n_tail.</summary>
    public double IdealTailShare { get; init; } = 0.25;
}
