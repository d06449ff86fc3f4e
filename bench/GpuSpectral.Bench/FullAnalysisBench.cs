using System.Globalization;
using GpuSpectral.Compute;
using GpuSpectral.Engine;

namespace GpuSpectral.Bench;

/// <summary>
/// Issue 3's figure: one 4096×4096 layer analysed with <c>--mp-fit --randomize</c> (three eigenproblems: the layer,
/// one shuffled replica, the independent shuffle r1) against the plain analysis of the same matrix in the same run,
/// and against WeightWatcher's 56 s for the same options on this machine kind (given in the issue; WeightWatcher is
/// not installed here — its SVD alone measured 13.05 s on this machine, bench/RESULTS.md §7).
/// </summary>
internal static class FullAnalysisBench
{
    /// <summary>WeightWatcher, 4096×4096, mp_fit=True, randomize=True, 2 cores (issue 3).</summary>
    public const double WeightWatcherSeconds = 56.0;

    public static void Run(int n, int reps)
    {
        var ic = CultureInfo.InvariantCulture;
        var lapack = EigenBackends.Create(EigenBackendKind.Lapack, null);
        Console.WriteLine($"- backend: {lapack.Description}");
        var w = Data.Gaussian(n, n, 11);
        var plan = LayersBench.PlanFor(n, n);
        var plain = Harness.Run($"{n}² plain", 1, reps, () =>
            new LayerAnalyzer(lapack, new AnalysisOptions()).Analyze(plan, w).Alpha.ToString("F4", ic));
        var full = Harness.Run($"{n}² --mp-fit --randomize", 1, reps, () =>
        {
            var r = new LayerAnalyzer(lapack, new AnalysisOptions { MpFit = true, Randomize = true }).Analyze(plan, w);
            return string.Create(ic, $"sigma_mp {r.MarchenkoPastur!.SigmaMp:F4}, rand_num_spikes {r.Randomization!.RandomFit.NumSpikes}, phase {r.Phase!.Label}");
        });
        Console.WriteLine();
        Console.WriteLine("| case | median | best | runs | load | note |");
        Console.WriteLine("|---|---|---|---|---|---|");
        foreach (var m in new[] { plain, full })
        {
            Console.WriteLine($"| {m.Name} | {Harness.Fmt(m.Median)} | {Harness.Fmt(m.Best)} | {m.Seconds.Count} | {m.Load} | {m.Note} |");
        }

        Console.WriteLine();
        Console.WriteLine($"- full / plain (same run): {Harness.Ratio(full.Median / plain.Median)}");
        if (n == 4096)
        {
            Console.WriteLine($"- WeightWatcher {WeightWatcherSeconds} s / ours: {Harness.Ratio(WeightWatcherSeconds / full.Median)} (target ≥ 10×)");
        }
    }
}
