using GpuSpectral.Core.Fitting;
using GpuSpectral.Kernels.KsScan;
using GpuSpectral.TestSupport;
using ILGPU.Runtime;

namespace GpuSpectral.Kernels.Tests.KsScan;

/// <summary>
/// The batched device KS scan against the CPU power-law fit (PowerLawFitter, WeightWatcher semantics, itself checked
/// against the numpy oracle ks_scan_ref.py): same chosen xmin index, α and D to <see cref="Tolerances.FitRelative"/>.
/// </summary>
[Collection(KernelAcceleratorGroup.Name)]
public sealed class KsScanKernelTests(KernelAcceleratorFixture fixture)
{
    private readonly Accelerator accelerator = fixture.Accelerator;

    [Fact]
    public void Random_heavy_tailed_arrays_of_different_lengths_in_one_batch_match_the_cpu_fit()
    {
        var rng = new Random(20261122);
        int[] lengths = [2, 3, 17, 100, 1, 257, 64];
        var arrays = lengths.Select(n => Pareto(rng, n, 0.5 + (rng.NextDouble() * 3))).ToArray();
        var results = KsScanLauncher.For(accelerator).Scan(arrays);
        for (var b = 0; b < arrays.Length; b++)
        {
            AssertMatchesCpuFit(arrays[b], results[b], $"array {b} (N={arrays[b].Length})");
        }
    }

    [Theory]
    [InlineData("expected_heavy_tailed_evals.npz")]
    [InlineData("expected_mixed_evals.npz")]
    [InlineData("expected_spikes_evals.npz")]
    [InlineData("expected_gaussian_evals.npz")]
    [InlineData("expected_conv2d_evals.npz")]
    [InlineData("expected_tiny_llama_evals.npz")]
    public void WeightWatcher_fixture_eigenvalues_give_the_cpu_fit(string file)
    {
        var layers = TestNpz.Read(SharedData.Fixture(file));
        var arrays = layers.Select(l => Fitted(l.Data)).ToArray();
        var results = KsScanLauncher.For(accelerator).Scan(arrays);
        for (var b = 0; b < arrays.Length; b++)
        {
            AssertMatchesCpuFit(arrays[b], results[b], layers[b].Key);
        }
    }

    [Fact]
    public void The_landscape_matches_the_cpu_alphas_and_brute_force_distances()
    {
        var x = Pareto(new Random(5), 80, 1.2);
        var landscape = new List<(double[] Alphas, double[] Distances)>();
        KsScanLauncher.For(accelerator).Scan([x], landscape);
        var candidates = Core.Fitting.KsScan.CandidateIndices(x, FitCompat.WeightWatcher);
        var alphas = Core.Fitting.KsScan.Alphas(x, candidates);
        var ds = Core.Fitting.KsScan.DistancesBruteForce(x, candidates, alphas, FitCompat.WeightWatcher, out _);
        Assert.Equal(alphas.Length, landscape[0].Alphas.Length);
        for (var c = 0; c < alphas.Length; c++)
        {
            Assert.True(Tolerances.Close(landscape[0].Alphas[c], alphas[c], Tolerances.FitRelative), $"alpha {c}");
            Assert.True(Tolerances.Close(landscape[0].Distances[c], ds[c], Tolerances.FitRelative), $"D {c}");
        }
    }

    [Fact]
    public void Tied_tails_and_tiny_arrays_follow_the_weightwatcher_rules()
    {
        // [1, 2, 2, 2]: candidates 1 and 2 have an all-tied tail (α = +∞, D = (n−1)/n); the fit picks the first min.
        double[][] arrays = [[1.0, 2.0, 2.0, 2.0], [3.0], []];
        var results = KsScanLauncher.For(accelerator).Scan(arrays);
        AssertMatchesCpuFit(arrays[0], results[0], "tied");
        Assert.Equal(new KsScanResult(-1, double.NaN, double.NaN), results[1]);
        Assert.Equal(new KsScanResult(-1, double.NaN, double.NaN), results[2]);
    }

    [Fact]
    public void Unsorted_or_non_positive_input_is_rejected_with_a_message()
    {
        var launcher = KsScanLauncher.For(accelerator);
        var e = Assert.Throws<ArgumentException>(() => launcher.Scan([[1.0, 2.0], [2.0, 1.0]]));
        Assert.Contains("Array 1", e.Message, StringComparison.Ordinal);
        e = Assert.Throws<ArgumentException>(() => launcher.Scan([[0.0, 1.0]]));
        Assert.Contains("> 0", e.Message, StringComparison.Ordinal);
    }

    /// <summary>The values the CPU fit keeps: sorted, above WeightWatcher's threshold 1e-5.</summary>
    private static double[] Fitted(double[] evals)
    {
        var sorted = evals.Where(v => v > PowerLawFitOptions.Default.Threshold).ToArray();
        Array.Sort(sorted);
        return sorted;
    }

    /// <summary>Sorted Pareto(xmin = 1, tail exponent a) sample, x = u^(−1/a).</summary>
    private static double[] Pareto(Random rng, int n, double a)
    {
        var x = new double[n];
        for (var i = 0; i < n; i++)
        {
            x[i] = Math.Pow(1.0 - rng.NextDouble(), -1.0 / a);
        }

        Array.Sort(x);
        return x;
    }

    private static void AssertMatchesCpuFit(double[] sorted, KsScanResult actual, string what)
    {
        if (sorted.Length < 2)
        {
            Assert.Equal(new KsScanResult(-1, double.NaN, double.NaN), actual);
            return;
        }

        var fit = PowerLawFitter.Fit(sorted, new PowerLawFitOptions { UsePruning = false });
        Assert.Equal(FitStatus.Success, fit.Status);
        Assert.Equal(sorted.Length, fit.FittedCount);
        Assert.True(fit.CandidateIndex == actual.CandidateIndex, $"{what}: xmin index {actual.CandidateIndex}, CPU {fit.CandidateIndex}");
        Assert.True(Tolerances.Close(actual.Alpha, fit.Alpha, Tolerances.FitRelative), $"{what}: alpha {actual.Alpha:R} vs {fit.Alpha:R}");
        Assert.True(Tolerances.Close(actual.Distance, fit.D, Tolerances.FitRelative), $"{what}: D {actual.Distance:R} vs {fit.D:R}");
    }
}
