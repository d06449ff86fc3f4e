using System.Globalization;
using GpuSpectral.Core.Fitting;

namespace GpuSpectral.Bench;

/// <summary>
/// PowerLawFitter.Fit with default options (pruned, parallel) against the brute-force single-thread scan
/// (UsePruning=false, MaxDegreeOfParallelism=1), in the same run, on seeded Pareto α=2.5 samples.
/// </summary>
internal static class KsBench
{
    private static readonly CultureInfo Ic = CultureInfo.InvariantCulture;

    /// <summary>WeightWatcher WWFit, powerlaw-algorithm.md §10 (2 vCPU AMD EPYC VM, one run per cell).</summary>
    private static readonly Dictionary<int, double> WwFit = new() { [1000] = 0.021, [4000] = 0.087, [16000] = 0.95 };

    public static void Run(bool quick)
    {
        var sizes = quick ? new[] { 1000, 4000, 16000 } : new[] { 1000, 4000, 16000, 65536 };
        var defaults = new PowerLawFitOptions();
        var brute = new PowerLawFitOptions { UsePruning = false, MaxDegreeOfParallelism = 1 };
        Console.WriteLine("| n | default Fit best | default median | reps | brute-force 1-thread best | brute median | reps | brute / default (best) | WWFit published (§10, not this run) | WWFit / default | same alpha, xmin, D | alpha | load |");
        Console.WriteLine("|---|---|---|---|---|---|---|---|---|---|---|---|---|");
        foreach (var n in sizes)
        {
            var x = Data.Pareto(n, 2.5, seed: 7 + n);
            PowerLawFit? a = null, b = null;
            var (dw, dr) = quick ? (1, 3) : n <= 16000 ? (3, 15) : (1, 5);
            var fast = Harness.Run($"ks n={n} default", dw, dr, () =>
            {
                a = PowerLawFitter.Fit(x, defaults);
                return string.Create(Ic, $"alpha {a.Alpha:0.######} xmin {a.Xmin:0.######}");
            });
            var (bw, br) = quick ? (0, 1) : n <= 4000 ? (1, 5) : n <= 16000 ? (1, 3) : (0, 1);
            var slow = Harness.Run($"ks n={n} brute-1t", bw, br, () =>
            {
                b = PowerLawFitter.Fit(x, brute);
                return string.Create(Ic, $"alpha {b.Alpha:0.######} xmin {b.Xmin:0.######}");
            });
            var same = a!.Alpha.Equals(b!.Alpha) && a.Xmin.Equals(b.Xmin) && a.D.Equals(b.D);
            var ww = WwFit.TryGetValue(n, out var s) ? $"{Harness.Fmt(s)}" : "—";
            var wwRatio = WwFit.TryGetValue(n, out s) ? Harness.Ratio(s / fast.Best) : "—";
            Console.WriteLine(string.Create(Ic,
                $"| {n} | {Harness.Fmt(fast.Best)} | {Harness.Fmt(fast.Median)} | {dr} | {Harness.Fmt(slow.Best)} | " +
                $"{Harness.Fmt(slow.Median)} | {br} | {Harness.Ratio(slow.Best / fast.Best)} | {ww} | {wwRatio} | " +
                $"{(same ? "yes" : "NO")} | {a.Alpha:0.####} | {slow.Load} |"));
        }
    }
}
