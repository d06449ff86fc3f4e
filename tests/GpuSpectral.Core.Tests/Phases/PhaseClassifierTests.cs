using GpuSpectral.Core.Phases;

namespace GpuSpectral.Core.Tests.Phases;

/// <summary>The composition of P0–P7 (order, first match wins, reasons) and the flags of §2.</summary>
public sealed class PhaseClassifierTests
{
    private static readonly PhaseInputs Base = PhaseRulesTests.Base;
    private static readonly PhaseInputs Heavy = PhaseRulesTests.Heavy;

    [Theory]
    [InlineData(0, 10.0, TrainingPhase.RandomLike, "P3:")]
    [InlineData(2, 10.0, TrainingPhase.BulkPlusSpikes, "P6:")]
    [InlineData(2, 3.0, TrainingPhase.BleedingOut, "P7:")]
    [InlineData(6, 10.0, TrainingPhase.BulkDecay, "P5:")]
    public void OneLabelPerRule(int spikes, double lambdaMax, TrainingPhase expected, string rule)
    {
        // Base has α = 3 but z = 0.25·√64 = 2 > 1, so P4 never fires here.
        var r = PhaseClassifier.Classify(Base with { NumSpikes = spikes, LambdaMaxRescaled = lambdaMax });

        Assert.Equal(expected, r.Phase);
        Assert.StartsWith(rule, r.Reason, StringComparison.Ordinal);
        Assert.Null(r.NonZeroPartPhase);
    }

    [Fact]
    public void ReasonNamesTheRuleAndItsNumbers()
    {
        // The example in docs/phases.md.
        Assert.Equal("P5: num_spikes = 6 > K = 5 (not HT: z = 2 > 1)", PhaseClassifier.Classify(Base with { NumSpikes = 6 }).Reason);
        Assert.Equal("P3: num_spikes = 0 (no eigenvalue above the MP edge)", PhaseClassifier.Classify(Base with { NumSpikes = 0 }).Reason);
    }

    [Fact]
    public void HeavyTailedWinsOverTheSpikeCount()
    {
        var r = PhaseClassifier.Classify(Heavy);

        Assert.Equal(TrainingPhase.HeavyTailed, r.Phase);
        Assert.Equal("HEAVY-TAILED", r.Label);
        Assert.StartsWith("P4:", r.Reason, StringComparison.Ordinal);
        // Same numbers with z just above 1: the count rule decides, and the reason says why not HT.
        var decay = PhaseClassifier.Classify(Heavy with { D = 0.13 });
        Assert.Equal(TrainingPhase.BulkDecay, decay.Phase);
        Assert.Contains("z = 1.04 > 1", decay.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void EarlierRulesWin()
    {
        // P0 before everything, P1 before P2, P2 before P3.
        Assert.Equal(TrainingPhase.Undetermined, PhaseClassifier.Classify(Heavy with { HasNonFiniteEntry = true }).Phase);
        var collapsed = PhaseClassifier.Classify(Heavy with { RankLossCount = 100 });  // f0 = 0.2
        Assert.Equal(TrainingPhase.RankCollapse, collapsed.Phase);
        Assert.StartsWith("P1:", collapsed.Reason, StringComparison.Ordinal);
        Assert.Equal(TrainingPhase.Undetermined, PhaseClassifier.Classify(Base with { NumSpikes = 0, SigmaMp = -1 }).Phase);
    }

    [Fact]
    public void RankCollapseReportsTheNonZeroPart()
    {
        // 100 of 500 lost: the rest (M' = 400) is still classified by P2–P7: here BULK+SPIKES.
        var r = PhaseClassifier.Classify(Base with { RankLossCount = 100 });
        Assert.Equal(TrainingPhase.RankCollapse, r.Phase);
        Assert.Equal(TrainingPhase.BulkPlusSpikes, r.NonZeroPartPhase);
        Assert.StartsWith("P6:", r.NonZeroPartReason, StringComparison.Ordinal);

        // 491 of 500 lost: M' = 9 < 10 → the non-zero part is UNDETERMINED (P2).
        var tiny = PhaseClassifier.Classify(Base with { RankLossCount = 491 });
        Assert.Equal(TrainingPhase.Undetermined, tiny.NonZeroPartPhase);
        Assert.StartsWith("P2:", tiny.NonZeroPartReason, StringComparison.Ordinal);

        var zero = PhaseClassifier.Classify(Base with { SvMax = 0 });
        Assert.Equal(TrainingPhase.RankCollapse, zero.Phase);
        Assert.Equal(TrainingPhase.Undetermined, zero.NonZeroPartPhase);
    }

    [Fact]
    public void Deterministic()
    {
        var a = PhaseClassifier.Classify(Heavy with { RandNumSpikes = 3 });
        var b = PhaseClassifier.Classify(Heavy with { RandNumSpikes = 3 });
        Assert.Equal(a, b);
    }

    [Fact]
    public void FlagsFollowTheirRules()
    {
        var vht = PhaseClassifier.Classify(Heavy with { Alpha = 1.5 });
        Assert.True(vht.Flags.HasFlag(PhaseMarkers.VeryHeavyTailed));
        Assert.True(vht.Flags.HasFlag(PhaseMarkers.OverTrained));
        // Over-trained without HT: no VHT.
        var notHt = PhaseClassifier.Classify(Base with { Alpha = 1.5 });
        Assert.Equal(PhaseMarkers.OverTrained, notHt.Flags);
        // A failed fit is not over-trained (WeightWatcher's alpha = −1 says it is), but it is LOW_EVALS.
        Assert.Equal(PhaseMarkers.LowEvals, PhaseClassifier.Classify(Base with { PowerLawSucceeded = false, Alpha = -1 }).Flags);
        Assert.Equal(PhaseMarkers.None, PhaseClassifier.Classify(Base with { Alpha = 6 }).Flags);
        Assert.Equal(PhaseMarkers.UnderTrained, PhaseClassifier.Classify(Base with { Alpha = 6.01 }).Flags);
    }

    [Fact]
    public void TrapAndElementwiseFlags()
    {
        Assert.Equal(PhaseMarkers.None, PhaseClassifier.Classify(Base with { RandNumSpikes = null }).Flags);
        Assert.Equal(PhaseMarkers.None, PhaseClassifier.Classify(Base with { RandNumSpikes = 0 }).Flags);
        Assert.Equal(PhaseMarkers.CorrelationTrap, PhaseClassifier.Classify(Base with { RandNumSpikes = 1 }).Flags);
        // n_s = 6 > K = 5: ELEMENTWISE_HT needs r_trap ≥ 3.
        var six = Base with { NumSpikes = 6 };
        Assert.True(PhaseClassifier.Classify(six with { RandNumSpikes = 3 }).Flags.HasFlag(PhaseMarkers.ElementwiseHeavyTailed));
        Assert.False(PhaseClassifier.Classify(six with { RandNumSpikes = 2 }).Flags.HasFlag(PhaseMarkers.ElementwiseHeavyTailed));
        // λ_e of the shuffled matrix: 2.25 + √0.0625 = 2.5; λ̃max 5 → severity 2.
        Assert.Equal(2.0, PhaseFlagRules.TrapSeverity(5, 2.25, 0.0625));
    }

    [Fact]
    public void RankDeficientLowEvalsErgAndIdeal()
    {
        Assert.Equal(PhaseMarkers.RankDeficient, PhaseClassifier.Classify(Base with { RankLossCount = 25 }).Flags);
        Assert.Equal(PhaseMarkers.LowEvals, PhaseClassifier.Classify(Base with { NumTail = 19, D = 0.1 }).Flags);
        Assert.Equal(PhaseMarkers.LowEvals, PhaseClassifier.Classify(Base with { EigenvalueCount = 49 }).Flags);
        Assert.Equal(PhaseMarkers.ErgCrossed, PhaseClassifier.Classify(Base with { DeltaLambdaMin = -0.01 }).Flags);
        Assert.Equal(PhaseMarkers.None, PhaseClassifier.Classify(Base with { DeltaLambdaMin = 0 }).Flags);

        // Ideal: HT, α = 2.2 within 2σ_α = 2·1.2/8 = 0.3 of 2, Δλ ≥ 0, detX_num 48 within 25 % of n_tail 64.
        var ideal = Heavy with { Alpha = 2.2, DeltaLambdaMin = 0.1, DetXNum = 48 };
        Assert.Equal(PhaseMarkers.IdealCandidate, PhaseClassifier.Classify(ideal).Flags);
        Assert.Equal(PhaseMarkers.None, PhaseClassifier.Classify(ideal with { DetXNum = 47 }).Flags);
        Assert.Equal(PhaseMarkers.None, PhaseClassifier.Classify(ideal with { Alpha = 2.4 }).Flags);
        Assert.Equal("VHT|OVER_TRAINED", PhaseLabels.FlagNames(PhaseMarkers.OverTrained | PhaseMarkers.VeryHeavyTailed));
    }
}
