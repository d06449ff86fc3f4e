using GpuSpectral.Core.Fitting;
using GpuSpectral.Kernels.KsScan;

namespace GpuSpectral.GpuBench;

/// <summary>
/// ks: the power-law xmin scan over N = 16k and 64k sorted eigenvalues — device KsScanLauncher (brute-force D for
/// every candidate in float64: N²/2 terms; time includes upload and download) vs the CPU PowerLawFitter (pruned
/// exact scan, all cores). The device choice (xmin index, α, D) must equal the CPU fit's.
/// </summary>
internal static class KsCase
{
    public const string Name = "ks";

    /// <summary>Relative tolerance on α and D: both sides compute the same float64 formulas (the kernel tests use
    /// 1e-12); 1e-10 allows different summation orders over 64k terms.</summary>
    private const double FitRelative = 1e-10;

    public static IReadOnlyList<BenchRow> Run(BenchContext ctx)
    {
        int[] sizes = ctx.Quick ? [200, 600] : [16_384, 65_536];
        var rows = new List<BenchRow>();
        foreach (var n in sizes)
        {
            var size = $"N={n}";
            try
            {
                var x = Pareto(new Random(n), n, 1.5);
                PowerLawFit? fit = null;
                var cpu = ctx.Time(null, () => fit = PowerLawFitter.Fit(x));
                KsScanResult[] device = [];
                var launcher = KsScanLauncher.For(ctx.Accelerator);
                var gpu = ctx.Time(null, () => device = launcher.Scan([x]));
                var d = device[0];
                var ok = fit!.Status == FitStatus.Success && d.CandidateIndex == fit.CandidateIndex
                    && Close(d.Alpha, fit.Alpha) && Close(d.Distance, fit.D);
                var note = BenchFormat.Inv(
                    $"xmin index {d.CandidateIndex} vs CPU {fit.CandidateIndex}, α {d.Alpha:G10} vs {fit.Alpha:G10} (Δ/α {Rel(d.Alpha, fit.Alpha):0.0e0}), D {d.Distance:G6} vs {fit.D:G6} (Δ/D {Rel(d.Distance, fit.D):0.0e0}) (rel tol {FitRelative:0e0})");
                var terms = (double)n * n / 2;
                rows.Add(new BenchRow(Name, "CPU PowerLawFitter", size, cpu, "—", "baseline",
                    "the reference", fit.Status == FitStatus.Success));
                rows.Add(new BenchRow(Name, "device KS scan", size, ok ? gpu : null,
                    BenchFormat.Inv($"{terms / gpu.Median / 1e9:0.00} G terms/s (N²/2)"),
                    $"{BenchFormat.Ratio(cpu.Median / gpu.Median)} faster than CPU", note, ok));
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                rows.Add(new BenchRow(Name, "device KS scan", size, null, "—", "—", $"{e.GetType().Name}: {e.Message}",
                    false));
            }
        }

        return rows;
    }

    private static bool Close(double a, double b) => Rel(a, b) <= FitRelative;

    private static double Rel(double a, double b) => Math.Abs(a - b) / Math.Max(Math.Max(Math.Abs(a), Math.Abs(b)), double.Epsilon);

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
}
