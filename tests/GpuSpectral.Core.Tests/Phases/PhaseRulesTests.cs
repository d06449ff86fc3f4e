using GpuSpectral.Core.Phases;

namespace GpuSpectral.Core.Tests.Phases;

/// <summary>
/// Each rule of phases-of-training.md §1 at its boundaries, on hand-set inputs (the thresholds are the documented
/// defaults; every boundary value below is exact in binary so that ≤ / ≥ is tested, not round-off).
/// </summary>
public sealed class PhaseRulesTests
{
    private static readonly PhaseThresholds T = PhaseThresholds.Default;

    /// <summary>A BULK+SPIKES layer: M = 500 (K = 5), Q = 4 (λ_well = 3.375 for σ = 1), 2 spikes, a poor PL fit.</summary>
    internal static PhaseInputs Base { get; } = new()
    {
        EigenvalueCount = 500,
        Q = 4,
        SvMax = 1,
        RankLossCount = 0,
        SigmaMp = 1,
        NumSpikes = 2,
        LambdaPlusRescaled = 2.25,
        LambdaMaxRescaled = 10,
        MpSoftRank = 0.225,
        PowerLawSucceeded = true,
        Alpha = 3,
        D = 0.25,
        NumTail = 64,
    };

    /// <summary>A HEAVY-TAILED layer: 8 spikes &gt; K = 5, α = 3, z = 0.125·√64 = 1, R = 0.2.</summary>
    internal static PhaseInputs Heavy { get; } = Base with { NumSpikes = 8, D = 0.125, MpSoftRank = 0.2 };

    [Fact]
    public void SpikeCeilingAndWellEdge()
    {
        Assert.Equal(3, PhaseRules.SpikeCeiling(100, T));
        Assert.Equal(3, PhaseRules.SpikeCeiling(300, T));   // ⌈3.00⌉ = 3
        Assert.Equal(4, PhaseRules.SpikeCeiling(301, T));   // ⌈3.01⌉ = 4
        Assert.Equal(10, PhaseRules.SpikeCeiling(1000, T));
        // σ²(1 + c + 4.25√c): Q = 4 → 1 + 0.25 + 2.125 = 3.375; Q = 1 → 6.25; σ = 2 multiplies by 4.
        Assert.Equal(3.375, PhaseRules.WellSeparatedEdge(1, 4, T));
        Assert.Equal(6.25, PhaseRules.WellSeparatedEdge(1, 1, T));
        Assert.Equal(13.5, PhaseRules.WellSeparatedEdge(2, 4, T));
        Assert.True(double.IsNaN(PhaseRules.WellSeparatedEdge(-1, 4, T)));
        Assert.Equal(1.0, PhaseRules.SizeNormalisedKs(0.125, 64));
    }

    [Fact]
    public void P0NonFiniteOrTooFewEigenvalues()
    {
        Assert.True(PhaseRules.P0InvalidInput(Base with { HasNonFiniteEntry = true }, T));
        Assert.True(PhaseRules.P0InvalidInput(Base with { EigenvalueCount = 9 }, T));
        Assert.False(PhaseRules.P0InvalidInput(Base with { EigenvalueCount = 10 }, T));
        // M < 10 but W = 0 is not P0: P1 calls it RANK-COLLAPSE.
        Assert.False(PhaseRules.P0InvalidInput(Base with { EigenvalueCount = 9, SvMax = 0 }, T));
    }

    [Fact]
    public void P1RankLossFractionAtTenPercent()
    {
        Assert.True(PhaseRules.P1RankCollapse(Base with { EigenvalueCount = 100, RankLossCount = 10 }, T));
        Assert.False(PhaseRules.P1RankCollapse(Base with { EigenvalueCount = 100, RankLossCount = 9 }, T));
        Assert.True(PhaseRules.P1RankCollapse(Base with { SvMax = 0 }, T));
    }

    [Fact]
    public void P2TooFewNonZeroOrNoMpFit()
    {
        Assert.True(PhaseRules.P2Unfittable(Base with { EigenvalueCount = 100, RankLossCount = 91 }, T)); // M' = 9
        Assert.False(PhaseRules.P2Unfittable(Base with { EigenvalueCount = 100, RankLossCount = 90 }, T)); // M' = 10
        Assert.True(PhaseRules.P2Unfittable(Base with { SigmaMp = -1 }, T));  // WeightWatcher's failure value
        Assert.True(PhaseRules.P2Unfittable(Base with { SigmaMp = double.NaN }, T));
        Assert.True(PhaseRules.P2Unfittable(Base with { LambdaPlusRescaled = double.PositiveInfinity }, T));
        Assert.False(PhaseRules.P2Unfittable(Base, T));
    }

    [Fact]
    public void P3NoSpikes()
    {
        Assert.True(PhaseRules.P3RandomLike(Heavy with { NumSpikes = 0 }));
        Assert.False(PhaseRules.P3RandomLike(Base with { NumSpikes = 1 }));
    }

    [Fact]
    public void P4EveryClauseAtItsBoundary()
    {
        Assert.True(PhaseRules.P4HeavyTailed(Heavy, T));                                        // z = 1 exactly
        Assert.False(PhaseRules.P4HeavyTailed(Heavy with { PowerLawSucceeded = false }, T));
        Assert.False(PhaseRules.P4HeavyTailed(Heavy with { D = 0.1250001 }, T));                 // z > 1
        Assert.True(PhaseRules.P4HeavyTailed(Heavy with { Alpha = 4 }, T));
        Assert.False(PhaseRules.P4HeavyTailed(Heavy with { Alpha = 4.000001 }, T));
        Assert.True(PhaseRules.P4HeavyTailed(Heavy with { MpSoftRank = 1.0 / 3.0 }, T));
        Assert.False(PhaseRules.P4HeavyTailed(Heavy with { MpSoftRank = 0.34 }, T));
        Assert.True(PhaseRules.P4HeavyTailed(Heavy with { NumTail = 10, D = 0.25 }, T));        // z = 0.79
        Assert.False(PhaseRules.P4HeavyTailed(Heavy with { NumTail = 9, D = 0.25 }, T));
        Assert.True(PhaseRules.P4HeavyTailed(Heavy with { NumSpikes = 6 }, T));                  // 6 > K = 5
        Assert.False(PhaseRules.P4HeavyTailed(Heavy with { NumSpikes = 5 }, T));                 // 5 = K, α = 3
    }

    [Fact]
    public void P4VeryHeavyClauseWithFewSpikes()
    {
        // n_s = 2 ≤ K, but α < 2 and n_tail ≥ 0.1·M' = 50: HT. z = D·√n_tail must stay ≤ 1 (D = 0.125, n ≤ 64).
        var vht = Heavy with { NumSpikes = 2, Alpha = 1.9, NumTail = 50 };
        Assert.True(PhaseRules.P4HeavyTailed(vht, T));
        Assert.False(PhaseRules.P4HeavyTailed(vht with { NumTail = 49 }, T));
        Assert.False(PhaseRules.P4HeavyTailed(vht with { Alpha = 2 }, T));
        // M' (not M) sets the share: with 100 zeros removed, 0.1·400 = 40 is enough.
        Assert.True(PhaseRules.P4HeavyTailed(vht with { NumTail = 40, RankLossCount = 100 }, T));
    }

    [Fact]
    public void P5MoreSpikesThanK()
    {
        Assert.True(PhaseRules.P5BulkDecay(Base with { NumSpikes = 6 }, T));
        Assert.False(PhaseRules.P5BulkDecay(Base with { NumSpikes = 5 }, T));
        Assert.True(PhaseRules.P5BulkDecay(Base with { EigenvalueCount = 200, NumSpikes = 4 }, T)); // K = 3
    }

    [Fact]
    public void P6LambdaMaxAtTheWellSeparatedEdge()
    {
        Assert.True(PhaseRules.P6BulkPlusSpikes(Base with { LambdaMaxRescaled = 3.375 }, T));
        Assert.False(PhaseRules.P6BulkPlusSpikes(Base with { LambdaMaxRescaled = 3.3749999 }, T));
        Assert.True(PhaseRules.P7BleedingOut());
    }
}
