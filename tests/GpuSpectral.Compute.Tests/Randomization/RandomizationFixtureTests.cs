using GpuSpectral.Core.Spectral;

namespace GpuSpectral.Compute.Tests.Randomization;

/// <summary>
/// The randomization on the real fixture matrices against WeightWatcher's mp_random run. WW shuffled with NumPy's
/// MT19937 after <c>np.random.seed(0)</c>, we with <see cref="Xoshiro256StarStar"/>(0): the shuffles differ, so the
/// comparison is statistical (fixtures README, "Randomized columns").
/// </summary>
public class RandomizationFixtureTests
{
    private const int Seed = 0;

    /// <summary>Standard deviation of the Tracy–Widom (β = 1) law of the rescaled largest eigenvalue.</summary>
    private const double TracyWidomStd = 1.2680;

    /// <summary>
    /// Half-width of the agreement band in standard deviations of the difference of two independent draws. For an
    /// N×M matrix of i.i.d. entries of variance v, λmax(WᵀW) ≈ μ + s·TW₁ with μ = v(√N + √M)² and
    /// s = v(√N + √M)(1/√N + 1/√M)^(1/3) (Johnstone 2001). Two independent shuffles differ by √2·1.268·s in standard
    /// deviation; 4 of those leave a false-failure chance of about 1e-4 per comparison. Taking the maximum over
    /// 5 replicas or over conv slices only narrows the spread, so the band stays conservative.
    /// </summary>
    private const double BandSigmas = 4;

    /// <summary>Fixtures README: "Gaussian layers give … rand_distance &lt; 0.03".</summary>
    private const double GaussianMaxDistance = 0.03;

    public static TheoryData<string, string> GaussianLayers() => new()
    {
        { "gaussian", "gauss.sq_280x280" }, { "gaussian", "gauss.tall_560x280" }, { "gaussian", "gauss.tall_750x250" },
        { "gaussian", "gauss.wide_144x600" }, { "gaussian", "gauss.f64_240x160" }, { "gaussian", "gauss.small_96x48" },
        { "gaussian", "gauss.edge_120x10" },
        { "conv2d", "conv.k1_192x96" }, { "conv2d", "conv.k3_128x96" }, { "conv2d", "conv.k5_40x20" },
        { "conv2d", "conv.k3_outlt_in_24x72" }, { "conv2d", "conv.k3x5_32x16" }, { "conv2d", "conv.k3_small_6x4" },
        // conv.k2_outlt_in_20x60 is left out: see Swapped_q_makes_spikes_of_noise_and_the_right_q_does_not.
    };

    [Theory]
    [MemberData(nameof(GaussianLayers))]
    public void Gaussian_layers_agree_statistically_with_weightwatcher(string fixture, string name)
    {
        var layer = FixtureLayer.Load(fixture, name);
        var band = Band(layer.Rows, layer.Cols);

        var result = Run(layer);

        Assert.Equal(0, (int)layer.Expected("rand_num_spikes"));
        Assert.Equal(0, result.RandomFit.NumSpikes);
        Assert.False(result.IsCorrelationTrap);
        Assert.True(Math.Abs(result.WwSoftRank - 1) <= band, $"ww_softrank {result.WwSoftRank}, band {band}");
        var ratio = result.MaxRandEval / layer.Expected("max_rand_eval");
        Assert.True(Math.Abs(ratio - 1) <= band, $"max_rand_eval / WW's = {ratio}, band {band}");
        Assert.True(
            result.WwMaxDist == layer.Evals.Max() - result.SingleReplicaEigenvalues[^1],
            "ww_maxdist is max(λ) − max(r1)");
    }

    [Theory]
    [InlineData("gauss.sq_280x280")]
    [InlineData("gauss.tall_560x280")]
    [InlineData("gauss.tall_750x250")]
    [InlineData("gauss.wide_144x600")]
    [InlineData("gauss.f64_240x160")]
    [InlineData("gauss.small_96x48")]
    [InlineData("gauss.edge_120x10")]
    public void Gaussian_fixture_rand_distance_is_below_0_03(string name)
    {
        // The README's bound is stated for the gaussian fixture. It does not hold for tiny conv slices: WW's own
        // rand_distance of conv.k3_small_6x4 (nine 6×4 slices, 4 eigenvalues each) is 0.043, and 30 of our seeds
        // give 0.034–0.070 there.
        var layer = FixtureLayer.Load("gaussian", name);

        var result = Run(layer);

        Assert.True(layer.Expected("rand_distance") < GaussianMaxDistance);
        Assert.True(result.RandDistance < GaussianMaxDistance, $"rand_distance {result.RandDistance}");
    }

    [Fact]
    public void Swapped_q_makes_spikes_of_noise_and_the_right_q_does_not()
    {
        // conv.k2_outlt_in_20x60 is Gaussian noise, but WW reports it with N and M swapped (Q = 1/3, M = 60). With
        // that Q the MP model is wrong: WW itself finds num_spikes 4 in the unshuffled noise, and the shuffled
        // spectrum's count varies from draw to draw (0–6 over our seeds 0–29; WW's draw gave 0). With the true
        // Q = 3 and M = 20 neither the layer nor its shuffles have a spike (0 on every one of seeds 0–29).
        var layer = FixtureLayer.Load("conv2d", "conv.k2_outlt_in_20x60");
        var backend = Backends.Lapack(Interop.SyevDriver.Dsyevd);

        var right = Core.Spectral.Randomization.Run(
            layer.Slices, layer.Rows, layer.Cols, layer.Evals, 3.0, 20, layer.NumComponents, Seed,
            (w, r, c) => backend.GramEigenvalues(w, r, c));

        Assert.Equal(1.0 / 3.0, layer.Q, 15);
        Assert.Equal(4, (int)layer.Expected("num_spikes"));
        Assert.Equal(0, right.RandomFit.NumSpikes);
        Assert.Equal(0, Core.Spectral.MarchenkoPastur.Fit(layer.Evals, 3.0, 20).NumSpikes);
    }

    public static TheoryData<string, string, int, int> Shapes() => new()
    {
        // fixture, layer, replicas (n_comp = M·rf from the CSV < 100 → 5), eigenvalues per replica (slices × min side)
        { "gaussian", "gauss.small_96x48", 5, 48 },
        { "gaussian", "gauss.sq_280x280", 1, 280 },
        { "conv2d", "conv.k1_192x96", 5, 96 },
        { "conv2d", "conv.k3_128x96", 1, 9 * 96 },
        { "conv2d", "conv.k3_small_6x4", 5, 9 * 4 },
        { "conv2d", "conv.k2_outlt_in_20x60", 1, 4 * 20 }, // WW's swapped M = 60 gives n_comp 240: one replica
    };

    [Theory]
    [MemberData(nameof(Shapes))]
    public void Replicas_and_kept_eigenvalues_follow_weightwatcher(string fixture, string name, int replicas, int perReplica)
    {
        var layer = FixtureLayer.Load(fixture, name);

        var result = Run(layer);

        Assert.Equal(layer.Evals.Length, perReplica);
        Assert.Equal(replicas, result.Replicas);
        Assert.Equal(replicas * perReplica, result.RandomEigenvalues.Length);
        Assert.Equal(perReplica, result.SingleReplicaEigenvalues.Length);
        Assert.Equal(result.RandomEigenvalues.Max(), result.MaxRandEval);
    }

    [Theory]
    [InlineData("t.df1_2_448x224")]
    [InlineData("pareto.a1_5_280x140")]
    public void Heaviest_tails_are_correlation_traps_as_in_weightwatcher(string name)
    {
        // A shuffle keeps every entry; entries far above the bulk scale keep their rank-one spikes wherever they land.
        var layer = FixtureLayer.Load("heavy_tailed", name);

        var result = Run(layer);

        Assert.True(layer.Expected("rand_num_spikes") > 0);
        Assert.True(result.IsCorrelationTrap, $"rand_num_spikes {result.RandomFit.NumSpikes}");
    }

    private static RandomizationResult Run(FixtureLayer layer)
    {
        var backend = Backends.Lapack(Interop.SyevDriver.Dsyevd);
        return Core.Spectral.Randomization.Run(
            layer.Slices, layer.Rows, layer.Cols, layer.Evals, layer.Q, layer.M, layer.NumComponents, Seed,
            (w, r, c) => backend.GramEigenvalues(w, r, c));
    }

    private static double Band(int rows, int cols)
    {
        var (sn, sm) = (Math.Sqrt(Math.Max(rows, cols)), Math.Sqrt(Math.Min(rows, cols)));
        var relativeScale = Math.Cbrt((1 / sn) + (1 / sm)) / (sn + sm);
        return BandSigmas * Math.Sqrt(2) * TracyWidomStd * relativeScale;
    }
}
