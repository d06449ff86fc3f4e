using GpuSpectral.Core.Fitting;

namespace GpuSpectral.Core.Tests.Fitting;

/// <summary>The scan core: pruned = brute force bit for bit, parallel = serial, O(N) α against the direct sum.</summary>
public sealed class KsScanTests
{
    public static TheoryData<string, FitCompat> Cases => KsReference.SetsAndCompats();

    [Theory]
    [MemberData(nameof(Cases))]
    public void PrunedIsBitIdenticalToBruteForce(string name, FitCompat compat)
    {
        var x = KsReference.Input(name).Order().ToArray();
        var cand = KsScan.CandidateIndices(x, compat);
        var alphas = KsScan.Alphas(x, cand);
        var brute = KsScan.DistancesBruteForce(x, cand, alphas, compat, out var bruteEvals);
        var pruned = KsScan.DistancesPruned(x, cand, alphas, compat, out var prunedEvals);

        Assert.Equal(brute.Length, pruned.Length);
        for (var c = 0; c < brute.Length; c++)
        {
            Assert.Equal(BitConverter.DoubleToInt64Bits(brute[c]), BitConverter.DoubleToInt64Bits(pruned[c]));
        }

        Assert.True(prunedEvals <= bruteEvals);
        if (x.Length >= 1000)
        {
            Assert.True(prunedEvals < bruteEvals, $"pruned {prunedEvals} vs brute {bruteEvals}");
        }
    }

    [Theory]
    [InlineData(1, 0)]
    [InlineData(2, 1)]
    [InlineData(3, 2)]
    [InlineData(4, 0)]
    [InlineData(5, 1)]
    [InlineData(6, 2)]
    public void PrunedIsBitIdenticalOnHeavilyTiedRandomData(int seed, int decimals)
    {
        var rng = new Random(seed);
        var x = Enumerable.Range(0, 1500)
            .Select(_ => Math.Round(Math.Pow(1 - rng.NextDouble(), -1 / 1.7), decimals) + 0.1)
            .Order()
            .ToArray();
        foreach (var compat in new[] { FitCompat.WeightWatcher, FitCompat.Powerlaw15 })
        {
            var cand = KsScan.CandidateIndices(x, compat);
            var alphas = KsScan.Alphas(x, cand);
            var brute = KsScan.DistancesBruteForce(x, cand, alphas, compat, out _);
            var pruned = KsScan.DistancesPruned(x, cand, alphas, compat, out _);
            Assert.Equal(brute, pruned);
        }
    }

    [Fact]
    public void EvaluationCountsAreMuchLowerForALargeSample()
    {
        var x = Pareto(4000, 2.5, seed: 7);
        var cand = KsScan.CandidateIndices(x, FitCompat.WeightWatcher);
        var alphas = KsScan.Alphas(x, cand);
        _ = KsScan.DistancesBruteForce(x, cand, alphas, FitCompat.WeightWatcher, out var brute);
        _ = KsScan.DistancesPruned(x, cand, alphas, FitCompat.WeightWatcher, out var pruned);
        Assert.Equal(4000L * 4001 / 2 - 1, brute);
        Assert.True(pruned < brute / 2, $"pruned {pruned} vs brute {brute}");
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void ParallelEqualsSerial(bool pruned)
    {
        var x = Pareto(3000, 2.2, seed: 11);
        var cand = KsScan.CandidateIndices(x, FitCompat.WeightWatcher);
        var alphas = KsScan.Alphas(x, cand);
        double[] Run(int dop) => pruned
            ? KsScan.DistancesPruned(x, cand, alphas, FitCompat.WeightWatcher, out _, dop)
            : KsScan.DistancesBruteForce(x, cand, alphas, FitCompat.WeightWatcher, out _, dop);

        var serial = Run(1);
        Assert.Equal(serial, Run(-1));
        Assert.Equal(serial, Run(3));

        var fitSerial = PowerLawFitter.Fit(x, new PowerLawFitOptions { MaxDegreeOfParallelism = 1, KeepLandscape = true });
        var fitParallel = PowerLawFitter.Fit(x, new PowerLawFitOptions { KeepLandscape = true });
        Assert.Equal(fitSerial.Ds, fitParallel.Ds);
        Assert.Equal(fitSerial.Xmin, fitParallel.Xmin);
        Assert.Equal(fitSerial.Alpha, fitParallel.Alpha);
    }

    [Fact]
    public void SuffixSumsMatchTheDirectSum()
    {
        var x = Pareto(500, 3.0, seed: 3);
        var s = KsScan.SuffixLogSums(x);
        for (var k = 0; k < x.Length; k++)
        {
            var direct = 0.0;
            for (var j = k; j < x.Length; j++)
            {
                direct += Math.Log(x[j] / x[k]);
            }

            Assert.True(Math.Abs(s[k] - direct) <= 1e-12 * Math.Max(direct, 1e-300) + 1e-300, $"k={k}");
        }

        Assert.Equal(0.0, s[^1]);
    }

    [Fact]
    public void ArgMinTakesTheFirstOfEqualMinima()
    {
        double[] d = [0.3, 0.1, 0.2, 0.1];
        double[] a = [2, 2, 2, 2];
        Assert.Equal(1, KsScan.ArgMin(d, a, FitCompat.WeightWatcher));
        Assert.Equal(1, KsScan.ArgMin(d, a, FitCompat.Powerlaw15));
        Assert.Equal(-1, KsScan.ArgMin([], [], FitCompat.WeightWatcher));
    }

    [Fact]
    public void RejectsUnsortedOrNonPositiveData()
    {
        Assert.Throws<ArgumentException>(() => KsScan.CandidateIndices([2.0, 1.0], FitCompat.WeightWatcher));
        Assert.Throws<ArgumentException>(() => KsScan.SuffixLogSums([0.0, 1.0]));
        Assert.Throws<ArgumentException>(() => KsScan.Alphas([1.0, 2.0], [0, 0]));
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(1e-300)]
    [InlineData(-1e-300)]
    [InlineData(1e-17)]
    [InlineData(-3e-9)]
    [InlineData(1e-5)]
    [InlineData(-0.3)]
    [InlineData(0.7)]
    [InlineData(-20)]
    [InlineData(-800)]
    public void Expm1AndLog1pAreAccurate(double x)
    {
        var e = KsMath.Expm1(x);
        var expected = x == 0 ? 0 : Math.Abs(x) < 1e-4 ? x + (x * x / 2) + (x * x * x / 6) : Math.Exp(x) - 1;
        Assert.True(Math.Abs(e - expected) <= 4e-16 * Math.Abs(expected), $"expm1({x}) = {e:R}, want {expected:R}");
        if (x > -1)
        {
            var l = KsMath.Log1p(x);
            var want = x == 0 ? 0 : Math.Abs(x) < 1e-4 ? x - (x * x / 2) + (x * x * x / 3) : Math.Log(1 + x);
            Assert.True(Math.Abs(l - want) <= 4e-16 * Math.Abs(want), $"log1p({x}) = {l:R}, want {want:R}");
        }

        Assert.Equal(-1.0, KsMath.Expm1(double.NegativeInfinity));
    }

    internal static double[] Pareto(int n, double alpha, int seed)
    {
        var rng = new Random(seed);
        return [.. Enumerable.Range(0, n).Select(_ => Math.Pow(1 - rng.NextDouble(), -1 / (alpha - 1))).Order()];
    }
}
