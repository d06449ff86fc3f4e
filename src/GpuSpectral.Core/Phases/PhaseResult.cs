namespace GpuSpectral.Core.Phases;

/// <summary>The phase of one layer, why, and the flags beside it.</summary>
public sealed record PhaseResult
{
    /// <summary>The phase.</summary>
    public required TrainingPhase Phase { get; init; }

    /// <summary>The rule that decided (P0…P7) and the numbers it compared, for example
    /// "P3: num_spikes = 0".</summary>
    public required string Reason { get; init; }

    /// <summary>The flags (phases-of-training.md §2).</summary>
    public required PhaseMarkers Flags { get; init; }

    /// <summary>For RANK-COLLAPSE only: the phase of the non-zero part by rules P2–P7 (UNDETERMINED when that part
    /// is too small or its MP fit failed, or W = 0); null for every other phase.</summary>
    public TrainingPhase? NonZeroPartPhase { get; init; }

    /// <summary>The reason for <see cref="NonZeroPartPhase"/>; null when that is null.</summary>
    public string? NonZeroPartReason { get; init; }

    /// <summary>The report label of <see cref="Phase"/> (for example BULK+SPIKES).</summary>
    public string Label => PhaseLabels.Label(Phase);

    /// <summary>The flags as text (for example "VHT|OVER_TRAINED"; empty for none).</summary>
    public string FlagText => PhaseLabels.FlagNames(Flags);
}
