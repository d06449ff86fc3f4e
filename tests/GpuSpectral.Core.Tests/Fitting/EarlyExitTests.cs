using GpuSpectral.Core.Fitting;

namespace GpuSpectral.Core.Tests.Fitting;

/// <summary>
/// The early-exit argmin (powerlaw-algorithm.md §11.3) against the brute-force first minimum: same candidate, the
/// same D bit for bit, whatever the thread count, the run or the order in which candidates are visited.
/// </summary>
public sealed class EarlyExitTests
{
    private static readonly FitCompat[] Compats = [FitCompat.WeightWatcher, FitCompat.Powerlaw15];

    // Serial, two threads, unlimited; the parallel ones three times each.
    private static readonly (int Dop, int Repeats)[] Parallelism = [(1, 1), (2, 3), (-1, 3)];

    public static TheoryData<string, FitCompat> ReferenceCases => KsReference.SetsAndCompats();

    public static TheoryData<int> RandomSeeds()
    {
        var data = new TheoryData<int>();
        for (var seed = 0; seed < 50; seed++)
        {
            data.Add(seed);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(ReferenceCases))]
    public void MatchesBruteForceOnReferenceData(string name, FitCompat compat)
    {
        var input = KsReference.Input(name);
        var x = input.Order().ToArray();
        AssertSameAsBruteForce(x, compat, name);

        // The reference's own choice, when it made one (the candidate lists agree: see PowerLawReferenceTests).
        var expected = KsReference.Fit(name, compat);
        if (expected.Error is null)
        {
            var cand = KsScan.CandidateIndices(x, compat);
            var alphas = KsScan.Alphas(x, cand);
            Assert.Equal(expected.Index, KsScan.ArgMinEarlyExit(x, cand, alphas, compat, out _, out _));
        }

        AssertFitSameAsBruteForce(input, compat, name);
    }

    [Theory]
    [MemberData(nameof(RandomSeeds))]
    public void MatchesBruteForceOnRandomSamples(int seed)
    {
        var (x, label) = Sample(seed);
        foreach (var compat in Compats)
        {
            AssertSameAsBruteForce(x, compat, label);
        }

        AssertFitSameAsBruteForce(x, FitCompat.WeightWatcher, label);
    }

    [Theory]
    [InlineData(3)]
    [InlineData(17)]
    [InlineData(41)]
    public void AnswerDoesNotDependOnTheVisitOrder(int seed)
    {
        var (x, label) = Sample(seed);
        var rng = new Random(seed);
        foreach (var compat in Compats)
        {
            var cand = KsScan.CandidateIndices(x, compat);
            var alphas = KsScan.Alphas(x, cand);
            var brute = KsScan.DistancesBruteForce(x, cand, alphas, compat, out _, 1);
            var want = KsScan.ArgMin(brute, alphas, compat);
            var ascending = Enumerable.Range(0, cand.Length).ToArray();
            int[][] orders =
            [
                ascending,
                [.. ascending.Reverse()],
                [.. ascending.OrderBy(_ => rng.Next())],
                [.. ascending.OrderBy(_ => rng.Next())],
                [want, .. ascending.Where(c => c != want)], // the winner first: everything else is rejected
                [.. ascending.Where(c => c != want), want], // the winner last
            ];
            foreach (var order in orders)
            {
                var got = KsScan.ArgMinEarlyExitInOrder(x, cand, alphas, compat, order, out var d, out _);
                Assert.True(want == got, $"{label} {compat}: brute force chose {want}, early exit {got}");
                AssertBits(brute[want], d, $"{label} {compat} D");
            }
        }
    }

    [Theory]
    [InlineData(new[] { 1.0, 1, 1, 3, 3, 5 }, 0, 3)]
    [InlineData(new[] { 1.0, 2, 3, 3, 3, 4, 4, 5 }, 2, 5)]
    [InlineData(new[] { 2.0, 2, 2, 2, 3, 3, 4 }, 1, 4)]
    public void ExactTieInDGoesToTheSmallerIndex(double[] x, int first, int second)
    {
        // Found by brute-force search over small integer sets (WeightWatcher candidates): two candidates share the
        // minimum D = 1/3 exactly (a jump of the fitted CDF across a tied run against the left-limit empirical one).
        var compat = FitCompat.WeightWatcher;
        var cand = KsScan.CandidateIndices(x, compat);
        var alphas = KsScan.Alphas(x, cand);
        var brute = KsScan.DistancesBruteForce(x, cand, alphas, compat, out _, 1);
        Assert.Equal(BitConverter.DoubleToInt64Bits(brute[first]), BitConverter.DoubleToInt64Bits(brute[second]));
        Assert.Equal(brute.Min(), brute[first]);
        Assert.Equal(first, KsScan.ArgMin(brute, alphas, compat));

        // Whichever of the two is completed first, the smaller index wins: visited in ascending order the later one
        // is rejected on the tie; visited in descending order it is replaced by the earlier one.
        var ascending = Enumerable.Range(0, cand.Length).ToArray();
        int[][] orders = [ascending, [.. ascending.Reverse()], [second, first], [first, second]];
        foreach (var order in orders)
        {
            Assert.Equal(first, KsScan.ArgMinEarlyExitInOrder(x, cand, alphas, compat, order, out var d, out _));
            AssertBits(brute[first], d, "tied D");
        }

        Assert.Equal(first, KsScan.ArgMinEarlyExit(x, cand, alphas, compat, out _, out _));
        var fit = PowerLawFitter.Fit(x);
        Assert.Equal(first, fit.CandidateIndex);
        Assert.Equal(x[cand[first]], fit.Xmin);
    }

    [Theory]
    [InlineData(7916, 21, 38)]
    [InlineData(4963, 176, 189)]
    public void ExactTieInALargerSampleGoesToTheSmallerIndex(int seed, int first, int second)
    {
        // Rounded Pareto samples (n 174 and 202) found by brute-force search, where two WeightWatcher candidates share
        // the minimum D exactly; large enough for the default staged order and for several threads.
        var rng = new Random(seed);
        var n = 150 + rng.Next(100);
        var decimals = rng.Next(2);
        var x = Enumerable.Range(0, n)
            .Select(_ => Math.Round(Math.Pow(1 - rng.NextDouble(), -1 / 1.5), decimals))
            .Order()
            .ToArray();
        var compat = FitCompat.WeightWatcher;
        var cand = KsScan.CandidateIndices(x, compat);
        var alphas = KsScan.Alphas(x, cand);
        var brute = KsScan.DistancesBruteForce(x, cand, alphas, compat, out _, 1);
        Assert.Equal(first, KsScan.ArgMin(brute, alphas, compat));
        Assert.Equal(BitConverter.DoubleToInt64Bits(brute[first]), BitConverter.DoubleToInt64Bits(brute[second]));

        foreach (var (dop, repeats) in Parallelism)
        {
            for (var r = 0; r < repeats; r++)
            {
                Assert.Equal(first, KsScan.ArgMinEarlyExit(x, cand, alphas, compat, out var d, out _, dop));
                AssertBits(brute[first], d, $"dop {dop} D");
            }
        }

        var ascending = Enumerable.Range(0, cand.Length).ToArray();
        int[][] orders = [ascending, [.. ascending.Reverse()], [second, .. ascending.Where(c => c != second)]];
        foreach (var order in orders)
        {
            Assert.Equal(first, KsScan.ArgMinEarlyExitInOrder(x, cand, alphas, compat, order, out _, out _));
        }
    }

    [Fact]
    public void EdgeCasesMatchTheFullScan()
    {
        double[][] sets =
        [
            [3.0, 3.0], // WW: α = +∞, D = 1/2
            [2.0, 2.0, 2.0],
            [1.0, 2.0],
            [1.0, 2.0, 2.0],
            [5.0, 5.0, 5.0, 7.0],
        ];
        foreach (var x in sets)
        {
            foreach (var compat in Compats)
            {
                AssertSameAsBruteForce(x, compat, string.Join(" ", x));
            }
        }

        Assert.Equal(-1, KsScan.ArgMinEarlyExit([1.0], [], [], FitCompat.WeightWatcher, out var d, out var evals));
        Assert.True(double.IsNaN(d));
        Assert.Equal(0, evals);
        Assert.Throws<ArgumentException>(
            () => KsScan.ArgMinEarlyExit([1.0, 2.0], [0], [2.0, 3.0], FitCompat.WeightWatcher, out _, out _));
        Assert.Throws<ArgumentException>(
            () => KsScan.ArgMinEarlyExit([1.0, 2.0], [0], [2.0], FitCompat.WeightWatcher, out _, out _, 0));
    }

    [Fact]
    public void EvaluatesFarFewerPointsThanThePrunedLandscape()
    {
        var x = KsScanTests.Pareto(4000, 2.5, seed: 7);
        var cand = KsScan.CandidateIndices(x, FitCompat.WeightWatcher);
        var alphas = KsScan.Alphas(x, cand);
        _ = KsScan.DistancesPruned(x, cand, alphas, FitCompat.WeightWatcher, out var pruned);
        _ = KsScan.ArgMinEarlyExit(x, cand, alphas, FitCompat.WeightWatcher, out _, out var early, 1);
        Assert.True(early < pruned / 10, $"early exit {early} vs pruned {pruned}");
    }

    /// <summary>Seeded sample <paramref name="seed"/>: one of five families, size 100…5000.</summary>
    internal static (double[] Sorted, string Label) Sample(int seed)
    {
        int[] sizes = [100, 257, 600, 1000, 1500, 2500, 5000];
        var rng = new Random(1000 + seed);
        var n = sizes[seed % sizes.Length];
        var family = seed % 5;
        double Normal() => Math.Sqrt(-2 * Math.Log(1 - rng.NextDouble())) * Math.Cos(2 * Math.PI * rng.NextDouble());
        double[] x = family switch
        {
            // Pareto with density exponent 1.5…4.5.
            0 => [.. Enumerable.Range(0, n).Select(_ => Math.Pow(1 - rng.NextDouble(), -1 / (0.5 + (3 * rng.NextDouble()))))],
            // Lognormal, σ 0.5…2.5.
            1 => [.. Enumerable.Range(0, n).Select(_ => Math.Exp((0.5 + (2 * rng.NextDouble())) * Normal()))],
            // Gaussian-ESD-like: mean of k squared normals (k = 1…20), plus a few outliers as spikes.
            2 => GaussianLike(n, 1 + rng.Next(20), rng, Normal),
            // Heavily tied: Pareto rounded to 0…2 decimals, shifted off zero.
            3 => [.. Enumerable.Range(0, n).Select(_ => Math.Round(Math.Pow(1 - rng.NextDouble(), -1 / 1.5), rng.Next(3)) + 0.05)],
            // Duplicated maxima: a Pareto sample whose largest few values are repeated.
            _ => DuplicatedMaxima(n, rng),
        };
        Array.Sort(x);
        return (x, $"seed {seed} (family {family}, n {n})");
    }

    private static double[] GaussianLike(int n, int k, Random rng, Func<double> normal)
    {
        var x = new double[n];
        for (var i = 0; i < n; i++)
        {
            var s = 0.0;
            for (var j = 0; j < k; j++)
            {
                var z = normal();
                s += z * z;
            }

            x[i] = (s / k) + 1e-3;
        }

        for (var i = 0; i < 3; i++)
        {
            x[rng.Next(n)] *= 5 + (10 * rng.NextDouble());
        }

        return x;
    }

    private static double[] DuplicatedMaxima(int n, Random rng)
    {
        var x = Enumerable.Range(0, n).Select(_ => Math.Pow(1 - rng.NextDouble(), -1 / 1.8)).Order().ToArray();
        var copies = 1 + rng.Next(4);
        for (var i = 0; i < copies; i++)
        {
            x[i] = x[^1]; // replace the smallest values by the maximum: 1 + copies equal maxima
        }

        x[copies] = x[^2];
        return x;
    }

    private static void AssertSameAsBruteForce(double[] sorted, FitCompat compat, string label)
    {
        var cand = KsScan.CandidateIndices(sorted, compat);
        var alphas = KsScan.Alphas(sorted, cand);
        var brute = KsScan.DistancesBruteForce(sorted, cand, alphas, compat, out _, 1);
        var want = KsScan.ArgMin(brute, alphas, compat);
        foreach (var (dop, repeats) in Parallelism)
        {
            for (var r = 0; r < repeats; r++)
            {
                var got = KsScan.ArgMinEarlyExit(sorted, cand, alphas, compat, out var d, out _, dop);
                Assert.True(want == got, $"{label} {compat} dop {dop} run {r}: brute force chose {want}, early exit {got}");
                if (want >= 0)
                {
                    AssertBits(brute[want], d, $"{label} {compat} dop {dop} run {r}: D");
                }
            }
        }
    }

    private static void AssertFitSameAsBruteForce(double[] input, FitCompat compat, string label)
    {
        var reference = PowerLawFitter.Fit(
            input, new PowerLawFitOptions { Compat = compat, UsePruning = false, MaxDegreeOfParallelism = 1 });
        foreach (var (dop, repeats) in Parallelism)
        {
            for (var r = 0; r < repeats; r++)
            {
                var fit = PowerLawFitter.Fit(input, new PowerLawFitOptions { Compat = compat, MaxDegreeOfParallelism = dop });
                var what = $"{label} {compat} dop {dop} run {r}";
                Assert.Equal(reference.Status, fit.Status);
                Assert.Equal(reference.CandidateIndex, fit.CandidateIndex);
                Assert.Equal(reference.TailCount, fit.TailCount);
                Assert.Equal(reference.FittedCount, fit.FittedCount);
                Assert.Equal(reference.NumPlSpikes, fit.NumPlSpikes);
                AssertBits(reference.Alpha, fit.Alpha, what + " alpha");
                AssertBits(reference.Sigma, fit.Sigma, what + " sigma");
                AssertBits(reference.Xmin, fit.Xmin, what + " xmin");
                AssertBits(reference.Xmax, fit.Xmax, what + " xmax");
                AssertBits(reference.D, fit.D, what + " D");
                Assert.Null(fit.Ds);
            }
        }
    }

    private static void AssertBits(double expected, double actual, string what) =>
        Assert.True(
            BitConverter.DoubleToInt64Bits(expected) == BitConverter.DoubleToInt64Bits(actual),
            $"{what}: expected {expected:R}, got {actual:R}");
}
