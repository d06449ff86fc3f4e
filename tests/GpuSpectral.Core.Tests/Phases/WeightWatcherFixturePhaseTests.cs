using GpuSpectral.Core.Phases;
using GpuSpectral.TestSupport;

namespace GpuSpectral.Core.Tests.Phases;

/// <summary>
/// The classifier fed with WeightWatcher's OWN columns (expected_*_details_mp_random.csv: sigma_mp, num_spikes,
/// bulk_max, W_scale, mp_softrank, lambda_max, alpha, D, num_pl_spikes, rank_loss, sv_max, num_evals, Q,
/// rand_num_spikes) on the shared fixtures. The expected label is what the construction of the matrix suggests;
/// where the rules give something else, the reason is worked out from the rules and written beside the case.
/// The rules were not tuned to these fixtures.
/// </summary>
public sealed class WeightWatcherFixturePhaseTests
{
    public static TheoryData<string, string, TrainingPhase> Cases() => new()
    {
        // Gaussian (MP null model): WeightWatcher finds no spike in any → P3.
        { "gaussian", "gauss.sq_280x280", TrainingPhase.RandomLike },
        { "gaussian", "gauss.tall_560x280", TrainingPhase.RandomLike },
        { "gaussian", "gauss.tall_750x250", TrainingPhase.RandomLike },
        { "gaussian", "gauss.wide_144x600", TrainingPhase.RandomLike },
        { "gaussian", "gauss.f64_240x160", TrainingPhase.RandomLike },   // α = 3.64, but n_s = 0 decides first
        { "gaussian", "gauss.small_96x48", TrainingPhase.RandomLike },
        { "gaussian", "gauss.edge_120x10", TrainingPhase.RandomLike },
        // Very / moderately heavy entries: n_s > K, α ≤ 4, z < 0.5, R ≤ 0.17 → P4.
        { "heavy_tailed", "t.df1_2_448x224", TrainingPhase.HeavyTailed },
        { "heavy_tailed", "pareto.a1_5_280x140", TrainingPhase.HeavyTailed },
        { "heavy_tailed", "t.df2_336x336", TrainingPhase.HeavyTailed },
        // Student-t df 2.6: α̂ = 4.24 > 4, so not P4; 10 spikes > K = 3 → P5 BULK-DECAY. phases-of-training.md §4
        // calls df ≈ 2.5 a boundary case (HT / BULK-DECAY about 50/50).
        { "heavy_tailed", "t.df2_6_500x250", TrainingPhase.BulkDecay },
        // Pareto μ = 3: n_s = 3 = K and λ̃max = 4.26 < λ_well = 4.43 → P7. §4: "Pareto μ = 3 entries fit α̂ ≈ 9 …
        // with 1–4 outliers, so they fall in BLEEDING-OUT or BULK+SPIKES".
        { "heavy_tailed", "pareto.a3_360x180", TrainingPhase.BleedingOut },
        // Student-t df 4.5 and 6 are MP-like: n_s = 0 → P3 (§4 lists df ≥ 6 as RANDOM-LIKE).
        { "heavy_tailed", "t.df4_5_420x210", TrainingPhase.RandomLike },
        { "heavy_tailed", "t.df6_480x240", TrainingPhase.RandomLike },
        // Wide Student-t df 2.2 (M = 150, Q = 4): α̂ = 4.37 > 4 and R = 0.331 just under 1/3; the α clause fails, so
        // 14 spikes > K = 3 → P5. §4's HT agreement for df 2.2 (85–95 %) is at M ≥ 250; at M = 150 α̂ runs high.
        { "heavy_tailed", "t.df2_2_wide_150x600", TrainingPhase.BulkDecay },
        // Planted spikes.
        { "spikes", "mp_spikes.r4_620x310", TrainingPhase.BulkPlusSpikes },   // n_s = 4 = K (M = 310), λ̃max ≫ λ_well
        { "spikes", "mp_spikes.r1_720x240", TrainingPhase.BulkPlusSpikes },   // one huge spike
        // 12 planted spikes at M = 400: WeightWatcher sees 11 > K = 4, and the PL fit is driven by the bulk
        // (xmin = 0.70 inside it, n_tail = 196, z = 0.127·√196 = 1.78 > 1), so not HT → P5 BULK-DECAY: by the
        // document's definition 12 outliers at M = 400 are more than the O(1) spikes of BULK+SPIKES (K = ⌈0.01·M⌉).
        { "spikes", "mp_spikes.r12_400x400", TrainingPhase.BulkDecay },
        { "spikes", "mp_spikes.subthreshold_400x200", TrainingPhase.RandomLike }, // below BBP: invisible, n_s = 0
        // Exact low rank stored as float32: WeightWatcher's rank_loss (τ = N·ε₆₄) is 0 because float32 rounding lifts
        // the zero singular values to ~3e-9·s_max, so with ITS columns P1 does not fire (see
        // StorageAwareRankLossCollapsesTheLowRankFixtures for the document's τ). Then: rank 6 → 6 spikes > K = 3 and
        // n_tail = 6 < 10 (not HT) → P5; rank 2 → 2 spikes ≤ K, λ̃max = 80 ≫ λ_well → P6.
        { "spikes", "lowrank.exact_r6_320x160", TrainingPhase.BulkDecay },
        { "spikes", "lowrank.exact_r2_200x100", TrainingPhase.BulkPlusSpikes },
        // Noise plus 4 small spikes at M = 200: 4 > K = 3 (the floor of K below M = 300) → P5.
        { "spikes", "tiny.partial_400x200", TrainingPhase.BulkDecay },
        // Every eigenvalue < 1e-5: the PL fit fails but the MP fit is scale-free: n_s = 0 → P3.
        { "spikes", "tiny.all_below_300x150", TrainingPhase.RandomLike },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void LabelFromWeightWatcherColumns(string input, string name, TrainingPhase expected)
    {
        var (row, success) = WeightWatcherRows.Row(input, name);

        var result = PhaseClassifier.Classify(PhaseInputs.FromWeightWatcherColumns(row, success));

        Assert.True(expected == result.Phase, $"{name}: {result.Label} ({result.Reason})");
    }

    [Fact]
    public void FlagsOnFixtureLayers()
    {
        var (t12, ok12) = WeightWatcherRows.Row("heavy_tailed", "t.df1_2_448x224");
        var veryHeavy = PhaseClassifier.Classify(PhaseInputs.FromWeightWatcherColumns(t12, ok12)).Flags;
        // α = 1.51, 12 spikes, and the shuffled matrix keeps 12 (element-wise heavy tails).
        Assert.Equal(PhaseMarkers.VeryHeavyTailed | PhaseMarkers.OverTrained | PhaseMarkers.CorrelationTrap |
                     PhaseMarkers.ElementwiseHeavyTailed, veryHeavy);

        // WeightWatcher writes 'over-trained' for this failed fit; the rules do not.
        var (tiny, okTiny) = WeightWatcherRows.Row("spikes", "tiny.all_below_300x150");
        Assert.False(okTiny);
        Assert.Equal(PhaseMarkers.LowEvals, PhaseClassifier.Classify(PhaseInputs.FromWeightWatcherColumns(tiny, okTiny)).Flags);

        // Planted (correlation) spikes do not survive shuffling: no trap.
        var (r4, okR4) = WeightWatcherRows.Row("spikes", "mp_spikes.r4_620x310");
        Assert.Equal(PhaseMarkers.None, PhaseClassifier.Classify(PhaseInputs.FromWeightWatcherColumns(r4, okR4)).Flags);
    }

    [Theory]
    [InlineData("5:lowrank.exact_r6_320x160", "lowrank.exact_r6_320x160", 320, 154)]
    [InlineData("6:lowrank.exact_r2_200x100", "lowrank.exact_r2_200x100", 200, 98)]
    public void StorageAwareRankLossCollapsesTheLowRankFixtures(string key, string name, int n, int expectedLost)
    {
        // The document's τ = max(max(N,M)·ε₆₄, ε_float32) on WeightWatcher's own eigenvalues: the float32 noise floor
        // of the zero singular values (2.8e-9 … 4.2e-8, s_max = 6.05 for rank 6) is below ε₃₂·s_max = 7.2e-7.
        var evals = TestNpz.Get(SharedData.Fixture("expected_spikes_evals.npz"), key);
        var lost = RankLossFraction.Count([evals], n, RankLossFraction.Float32Epsilon);
        Assert.Equal(expectedLost, lost);

        var (row, success) = WeightWatcherRows.Row("spikes", name);
        var inputs = PhaseInputs.FromWeightWatcherColumns(row, success) with { RankLossCount = lost };
        var result = PhaseClassifier.Classify(inputs);

        Assert.Equal(TrainingPhase.RankCollapse, result.Phase);
        // The non-zero part has M' = rank < 10 eigenvalues → UNDETERMINED (P2).
        Assert.Equal(TrainingPhase.Undetermined, result.NonZeroPartPhase);
        // With WeightWatcher's τ = N·ε₆₄ nothing is lost (its rank_loss column is 0).
        Assert.Equal(0, RankLossFraction.Count([evals], n, 0));
    }
}
