using System.Globalization;

namespace GpuSpectral.Core.Phases;

/// <summary>
/// The total, deterministic phase classifier of phases-of-training.md §1: rules P0–P7 (<see cref="PhaseRules"/>)
/// top to bottom, first match wins, then the flags (<see cref="PhaseFlagRules"/>). Every input is a number; there is
/// no randomness here (the randomization count r_trap only sets flags).
/// </summary>
public static class PhaseClassifier
{
    /// <summary>Classifies one layer.</summary>
    /// <param name="x">The inputs.</param>
    /// <param name="thresholds">The thresholds; null for <see cref="PhaseThresholds.Default"/>.</param>
    /// <returns>Phase, reason and flags; for RANK-COLLAPSE also the phase of the non-zero part.</returns>
    public static PhaseResult Classify(PhaseInputs x, PhaseThresholds? thresholds = null)
    {
        var t = thresholds ?? PhaseThresholds.Default;
        TrainingPhase phase;
        string reason;
        TrainingPhase? rest = null;
        string? restReason = null;
        if (PhaseRules.P0InvalidInput(x, t))
        {
            phase = TrainingPhase.Undetermined;
            reason = x.HasNonFiniteEntry
                ? "P0: W has a non-finite entry"
                : F($"P0: M = {x.EigenvalueCount} < {t.MinEvals} eigenvalues");
        }
        else if (PhaseRules.P1RankCollapse(x, t))
        {
            phase = TrainingPhase.RankCollapse;
            reason = x.SvMax == 0
                ? "P1: W = 0 (s_max = 0)"
                : F($"P1: rank-loss fraction f0 = {x.RankLossCount}/{x.EigenvalueCount} = {x.RankLossFractionValue:G4} ≥ {t.CollapseFraction:G4}");
            (rest, restReason) = x.SvMax == 0
                ? (TrainingPhase.Undetermined, "W = 0: there is no non-zero part")
                : FromP2(x, t);
        }
        else
        {
            (phase, reason) = FromP2(x, t);
        }

        return new PhaseResult
        {
            Phase = phase,
            Reason = reason,
            Flags = PhaseFlagRules.Evaluate(phase, x, t),
            NonZeroPartPhase = rest,
            NonZeroPartReason = restReason,
        };
    }

    /// <summary>Rules P2–P7 (everything after the rank-collapse test).</summary>
    private static (TrainingPhase Phase, string Reason) FromP2(PhaseInputs x, PhaseThresholds t)
    {
        var k = PhaseRules.SpikeCeiling(x.EigenvalueCount, t);
        if (PhaseRules.P2Unfittable(x, t))
        {
            return (TrainingPhase.Undetermined, x.NonZeroCount < t.MinEvals
                ? F($"P2: M' = {x.NonZeroCount} < {t.MinEvals} non-zero eigenvalues")
                : F($"P2: the MP fit is not usable (sigma_mp = {x.SigmaMp:G4}, rescaled lambda+ = {x.LambdaPlusRescaled:G4})"));
        }

        if (PhaseRules.P3RandomLike(x))
        {
            return (TrainingPhase.RandomLike, "P3: num_spikes = 0 (no eigenvalue above the MP edge)");
        }

        var z = PhaseRules.SizeNormalisedKs(x.D, x.NumTail);
        if (PhaseRules.P4HeavyTailed(x, t))
        {
            var clause = x.NumSpikes > k
                ? F($"num_spikes = {x.NumSpikes} > K = {k}")
                : F($"alpha < {t.VhtAlpha:G4} and n_tail ≥ {t.VhtTailShare:G4}·M'");
            return (TrainingPhase.HeavyTailed, F(
                $"P4: alpha = {x.Alpha:G4} ≤ {t.MaxAlpha:G4}, z = D·√n_tail = {z:G4} ≤ {t.MaxZ:G4}, n_tail = {x.NumTail}, mp_softrank = {x.MpSoftRank:G4} ≤ {t.MaxSoftRank:G4}, {clause}"));
        }

        var whyNotHt = WhyNotHeavyTailed(x, t, z);
        if (PhaseRules.P5BulkDecay(x, t))
        {
            return (TrainingPhase.BulkDecay, F($"P5: num_spikes = {x.NumSpikes} > K = {k} ({whyNotHt})"));
        }

        var well = PhaseRules.WellSeparatedEdge(x.SigmaMp, x.Q, t);
        if (PhaseRules.P6BulkPlusSpikes(x, t))
        {
            return (TrainingPhase.BulkPlusSpikes, F(
                $"P6: 1 ≤ num_spikes = {x.NumSpikes} ≤ K = {k} and rescaled lambda_max = {x.LambdaMaxRescaled:G4} ≥ lambda_well = {well:G4}"));
        }

        _ = PhaseRules.P7BleedingOut();
        return (TrainingPhase.BleedingOut, F(
            $"P7: 1 ≤ num_spikes = {x.NumSpikes} ≤ K = {k} and rescaled lambda_max = {x.LambdaMaxRescaled:G4} < lambda_well = {well:G4}"));
    }

    private static string WhyNotHeavyTailed(PhaseInputs x, PhaseThresholds t, double z)
    {
        if (!x.PowerLawSucceeded)
        {
            return "not HT: the power-law fit failed";
        }

        var parts = new List<string>();
        if (x.NumTail < t.MinTail)
        {
            parts.Add(F($"n_tail = {x.NumTail} < {t.MinTail}"));
        }

        if (!(z <= t.MaxZ))
        {
            parts.Add(F($"z = {z:G4} > {t.MaxZ:G4}"));
        }

        if (!(x.Alpha <= t.MaxAlpha))
        {
            parts.Add(F($"alpha = {x.Alpha:G4} > {t.MaxAlpha:G4}"));
        }

        if (!(x.MpSoftRank <= t.MaxSoftRank))
        {
            parts.Add(F($"mp_softrank = {x.MpSoftRank:G4} > {t.MaxSoftRank:G4}"));
        }

        return "not HT: " + string.Join(", ", parts);
    }

    private static string F(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);
}
