namespace GpuSpectral.Core.Phases;

/// <summary>
/// The rules P0–P7 of phases-of-training.md §1, one function each, plus the derived quantities they use. Each rule is
/// a plain predicate: <see cref="PhaseClassifier"/> evaluates them top to bottom and the first true one wins.
/// Comparisons are exactly as documented (≤ / ≥); NaN never satisfies a comparison.
/// </summary>
public static class PhaseRules
{
    /// <summary>K = max(3, ⌈0.01·M⌉): the most outliers that still count as "spikes" rather than a tail.</summary>
    /// <param name="eigenvalueCount">M.</param>
    /// <param name="t">Thresholds.</param>
    public static int SpikeCeiling(int eigenvalueCount, PhaseThresholds t) =>
        Math.Max(t.SpikeCeilingMin, (int)Math.Ceiling(t.SpikeCeilingShare * eigenvalueCount));

    /// <summary>λ_well = σ²(1 + c + (r² + r⁻²)√c) with c = 1/Q: the BBP image of a spike of strength r (default 2) in
    /// rescaled units. NaN when σ or Q is not a positive number.</summary>
    /// <param name="sigma">σ of the MP fit.</param>
    /// <param name="q">Q = N/M.</param>
    /// <param name="t">Thresholds.</param>
    public static double WellSeparatedEdge(double sigma, double q, PhaseThresholds t)
    {
        if (!(sigma > 0) || !(q > 0))
        {
            return double.NaN;
        }

        var c = 1.0 / q;
        var r2 = t.WellStrength * t.WellStrength;
        return sigma * sigma * (1 + c + ((r2 + (1 / r2)) * Math.Sqrt(c)));
    }

    /// <summary>z = D·√n_tail, the size-normalised KS distance (NaN for n_tail &lt; 0).</summary>
    /// <param name="d">KS distance.</param>
    /// <param name="numTail">n_tail.</param>
    public static double SizeNormalisedKs(double d, int numTail) => numTail >= 0 ? d * Math.Sqrt(numTail) : double.NaN;

    /// <summary>P0: W has a non-finite entry, or M &lt; 10 and W ≠ 0 → UNDETERMINED.</summary>
    public static bool P0InvalidInput(PhaseInputs x, PhaseThresholds t) =>
        x.HasNonFiniteEntry || (x.EigenvalueCount < t.MinEvals && x.SvMax != 0);

    /// <summary>P1: f₀ ≥ 0.10, or s_max = 0 → RANK-COLLAPSE.</summary>
    public static bool P1RankCollapse(PhaseInputs x, PhaseThresholds t) =>
        x.RankLossFractionValue >= t.CollapseFraction || x.SvMax == 0;

    /// <summary>P2: M′ &lt; 10, or the MP fit is not finite (σ, λ⁺ or λ̃max not a positive finite number, as after
    /// WeightWatcher's −1 on an exception) → UNDETERMINED.</summary>
    public static bool P2Unfittable(PhaseInputs x, PhaseThresholds t) =>
        x.NonZeroCount < t.MinEvals || !IsPositiveFinite(x.SigmaMp) || !IsPositiveFinite(x.LambdaPlusRescaled) ||
        !IsPositiveFinite(x.LambdaMaxRescaled) || x.NumSpikes < 0;

    /// <summary>P3: n_s = 0 → RANDOM-LIKE.</summary>
    public static bool P3RandomLike(PhaseInputs x) => x.NumSpikes == 0;

    /// <summary>P4: the PL fit succeeded ∧ n_tail ≥ 10 ∧ z ≤ 1 ∧ α ≤ 4 ∧ R ≤ 1/3 ∧ (n_s &gt; K ∨ (α &lt; 2 ∧
    /// n_tail ≥ 0.1·M′)) → HEAVY-TAILED.</summary>
    public static bool P4HeavyTailed(PhaseInputs x, PhaseThresholds t)
    {
        if (!x.PowerLawSucceeded)
        {
            return false;
        }

        var goodFit = x.NumTail >= t.MinTail && SizeNormalisedKs(x.D, x.NumTail) <= t.MaxZ && x.Alpha <= t.MaxAlpha &&
                      x.MpSoftRank <= t.MaxSoftRank;
        var extensive = x.NumSpikes > SpikeCeiling(x.EigenvalueCount, t) ||
                        (x.Alpha < t.VhtAlpha && x.NumTail >= t.VhtTailShare * x.NonZeroCount);
        return goodFit && extensive;
    }

    /// <summary>P5: n_s &gt; K → BULK-DECAY.</summary>
    public static bool P5BulkDecay(PhaseInputs x, PhaseThresholds t) =>
        x.NumSpikes > SpikeCeiling(x.EigenvalueCount, t);

    /// <summary>P6: λ̃max ≥ λ_well → BULK+SPIKES.</summary>
    public static bool P6BulkPlusSpikes(PhaseInputs x, PhaseThresholds t) =>
        x.LambdaMaxRescaled >= WellSeparatedEdge(x.SigmaMp, x.Q, t);

    /// <summary>P7: everything else (1 ≤ n_s ≤ K, all outliers below λ_well) → BLEEDING-OUT. Always true; it
    /// exists so that the classifier names every rule.</summary>
    public static bool P7BleedingOut() => true;

    private static bool IsPositiveFinite(double v) => v > 0 && double.IsFinite(v);
}
