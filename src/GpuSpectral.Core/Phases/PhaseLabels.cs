namespace GpuSpectral.Core.Phases;

/// <summary>Report text for <see cref="TrainingPhase"/> and <see cref="PhaseMarkers"/>.</summary>
public static class PhaseLabels
{
    /// <summary>The upper-case label: RANDOM-LIKE, BLEEDING-OUT, BULK+SPIKES, BULK-DECAY, HEAVY-TAILED,
    /// RANK-COLLAPSE or UNDETERMINED.</summary>
    /// <param name="phase">The phase.</param>
    public static string Label(TrainingPhase phase) => phase switch
    {
        TrainingPhase.RandomLike => "RANDOM-LIKE",
        TrainingPhase.BleedingOut => "BLEEDING-OUT",
        TrainingPhase.BulkPlusSpikes => "BULK+SPIKES",
        TrainingPhase.BulkDecay => "BULK-DECAY",
        TrainingPhase.HeavyTailed => "HEAVY-TAILED",
        TrainingPhase.RankCollapse => "RANK-COLLAPSE",
        _ => "UNDETERMINED",
    };

    /// <summary>The raised flags as their document names (VHT, OVER_TRAINED, UNDER_TRAINED, CORRELATION_TRAP,
    /// ELEMENTWISE_HT, RANK_DEFICIENT, ERG_CROSSED, IDEAL_CANDIDATE, LOW_EVALS), joined by '|' in that order; empty
    /// when none is raised.</summary>
    /// <param name="flags">The flags.</param>
    public static string FlagNames(PhaseMarkers flags)
    {
        (PhaseMarkers Flag, string Name)[] names =
        [
            (PhaseMarkers.VeryHeavyTailed, "VHT"),
            (PhaseMarkers.OverTrained, "OVER_TRAINED"),
            (PhaseMarkers.UnderTrained, "UNDER_TRAINED"),
            (PhaseMarkers.CorrelationTrap, "CORRELATION_TRAP"),
            (PhaseMarkers.ElementwiseHeavyTailed, "ELEMENTWISE_HT"),
            (PhaseMarkers.RankDeficient, "RANK_DEFICIENT"),
            (PhaseMarkers.ErgCrossed, "ERG_CROSSED"),
            (PhaseMarkers.IdealCandidate, "IDEAL_CANDIDATE"),
            (PhaseMarkers.LowEvals, "LOW_EVALS"),
        ];
        return string.Join('|', names.Where(n => flags.HasFlag(n.Flag)).Select(n => n.Name));
    }
}
