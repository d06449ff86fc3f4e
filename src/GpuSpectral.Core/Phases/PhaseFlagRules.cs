namespace GpuSpectral.Core.Phases;

/// <summary>The flags of phases-of-training.md §2, one function each. A flag never changes the phase.</summary>
public static class PhaseFlagRules
{
    /// <summary>VHT: phase HEAVY-TAILED ∧ α &lt; 2.</summary>
    public static bool VeryHeavyTailed(TrainingPhase phase, PhaseInputs x, PhaseThresholds t) =>
        phase == TrainingPhase.HeavyTailed && x.Alpha < t.VhtAlpha;

    /// <summary>OVER_TRAINED: α &lt; 2 on a successful fit (a failed fit is not over-trained).</summary>
    public static bool OverTrained(PhaseInputs x, PhaseThresholds t) => x.PowerLawSucceeded && x.Alpha < t.VhtAlpha;

    /// <summary>UNDER_TRAINED: α &gt; 6 on a successful fit.</summary>
    public static bool UnderTrained(PhaseInputs x, PhaseThresholds t) =>
        x.PowerLawSucceeded && x.Alpha > t.UnderTrainedAlpha;

    /// <summary>CORRELATION_TRAP: r_trap ≥ 1 (false when r_trap was not computed).</summary>
    public static bool CorrelationTrap(PhaseInputs x) => x.RandNumSpikes >= 1;

    /// <summary>ELEMENTWISE_HT: n_s &gt; K ∧ r_trap ≥ n_s/2 (false when r_trap was not computed).</summary>
    public static bool ElementwiseHeavyTailed(PhaseInputs x, PhaseThresholds t) =>
        x.NumSpikes > PhaseRules.SpikeCeiling(x.EigenvalueCount, t) && x.RandNumSpikes >= x.NumSpikes / 2.0;

    /// <summary>RANK_DEFICIENT: 0 &lt; f₀ &lt; 0.10.</summary>
    public static bool RankDeficient(PhaseInputs x, PhaseThresholds t) =>
        x.RankLossFractionValue > 0 && x.RankLossFractionValue < t.CollapseFraction;

    /// <summary>ERG_CROSSED: Δλ_min &lt; 0 on a successful fit (false when detX was not computed).</summary>
    public static bool ErgCrossed(PhaseInputs x) => x.PowerLawSucceeded && x.DeltaLambdaMin < 0;

    /// <summary>IDEAL_CANDIDATE: HEAVY-TAILED ∧ |α − 2| ≤ max(0.1, 2σ_α) ∧ Δλ_min ≥ 0 ∧ |detX_num − n_tail| ≤
    /// 0.25·n_tail, with σ_α = (α − 1)/√n_tail (false when detX was not computed).</summary>
    public static bool IdealCandidate(TrainingPhase phase, PhaseInputs x, PhaseThresholds t)
    {
        if (phase != TrainingPhase.HeavyTailed || x.DeltaLambdaMin is not { } delta || x.DetXNum is not { } detX ||
            x.NumTail <= 0)
        {
            return false;
        }

        var sigmaAlpha = (x.Alpha - 1) / Math.Sqrt(x.NumTail);
        return Math.Abs(x.Alpha - 2) <= Math.Max(t.IdealAlphaTolerance, 2 * sigmaAlpha) && delta >= 0 &&
               Math.Abs(detX - x.NumTail) <= t.IdealTailShare * x.NumTail;
    }

    /// <summary>LOW_EVALS: M &lt; 50 or n_tail &lt; 20 (a failed fit has no tail, so it is low too).</summary>
    public static bool LowEvals(PhaseInputs x, PhaseThresholds t) =>
        x.EigenvalueCount < t.LowEvalsCount || !x.PowerLawSucceeded || x.NumTail < t.LowEvalsTail;

    /// <summary>Severity of a correlation trap: λ̃max(W_rand)/λ_e(W_rand), with λ_e = λ⁺ + √t_TW of the shuffled
    /// matrix's MP fit (all rescaled). &gt; 1 exactly when the shuffled ESD has a spike.</summary>
    /// <param name="randLambdaMaxRescaled">Largest rescaled eigenvalue of the shuffled W.</param>
    /// <param name="randLambdaPlusRescaled">Its MP λ⁺ (rescaled).</param>
    /// <param name="randTwScale">Its Tracy–Widom scale t_TW.</param>
    public static double TrapSeverity(double randLambdaMaxRescaled, double randLambdaPlusRescaled, double randTwScale) =>
        randLambdaMaxRescaled / (randLambdaPlusRescaled + Math.Sqrt(randTwScale));

    /// <summary>Every flag that holds.</summary>
    /// <param name="phase">The phase the classifier chose.</param>
    /// <param name="x">The inputs.</param>
    /// <param name="t">Thresholds.</param>
    public static PhaseMarkers Evaluate(TrainingPhase phase, PhaseInputs x, PhaseThresholds t)
    {
        var flags = PhaseMarkers.None;
        flags |= VeryHeavyTailed(phase, x, t) ? PhaseMarkers.VeryHeavyTailed : 0;
        flags |= OverTrained(x, t) ? PhaseMarkers.OverTrained : 0;
        flags |= UnderTrained(x, t) ? PhaseMarkers.UnderTrained : 0;
        flags |= CorrelationTrap(x) ? PhaseMarkers.CorrelationTrap : 0;
        flags |= ElementwiseHeavyTailed(x, t) ? PhaseMarkers.ElementwiseHeavyTailed : 0;
        flags |= RankDeficient(x, t) ? PhaseMarkers.RankDeficient : 0;
        flags |= ErgCrossed(x) ? PhaseMarkers.ErgCrossed : 0;
        flags |= IdealCandidate(phase, x, t) ? PhaseMarkers.IdealCandidate : 0;
        flags |= LowEvals(x, t) ? PhaseMarkers.LowEvals : 0;
        return flags;
    }
}
