using System.Globalization;
using GpuSpectral.Compute;
using GpuSpectral.Core.Fitting;
using GpuSpectral.Core.Planning;
using GpuSpectral.Core.Tensors;
using GpuSpectral.Engine;

namespace GpuSpectral.Bench;

/// <summary>
/// Per-layer cost: the whole <see cref="LayerAnalyzer"/> pipeline (Gram + eigenvalues + power-law fit + metrics) and
/// its parts (backend.GramEigenvalues alone; PowerLawFitter.Fit alone) on seeded Gaussian float64 W.
/// </summary>
internal static class LayersBench
{
    /// <summary>WeightWatcher per-layer figure for a 4096×4096 layer on this machine kind, as given in the bench brief
    /// (17 s, of which 16.7 s SVD). Not measured in the same run.</summary>
    public const double WeightWatcher4096Seconds = 17.0;

    private static readonly CultureInfo Ic = CultureInfo.InvariantCulture;

    private sealed record Row(string Shape, string Backend, Measurement Pipeline, Measurement Eigen, Measurement Fit,
        double Alpha, double[] Evals);

    public static void Run(bool quick, bool managed4096, IReadOnlyList<(int Rows, int Cols)>? only = null)
    {
        var lapack = EigenBackends.Create(EigenBackendKind.Lapack, null);
        var managed = EigenBackends.Create(EigenBackendKind.Managed, null);
        Console.WriteLine($"- lapack backend: {lapack.Description}");
        Console.WriteLine($"- managed backend: {managed.Description}");
        Console.WriteLine();

        var shapes = only is { Count: > 0 } ? [.. only]
            : quick ? new[] { (1024, 1024), (4096, 1024) } : new[] { (1024, 1024), (4096, 1024), (4096, 4096) };
        var rows = new List<Row>();
        foreach (var (r, c) in shapes)
        {
            var w = Data.Gaussian(r, c, seed: 42);
            var big = (long)r * c >= 4096L * 4096;
            rows.Add(Measure(lapack, "lapack", w, r, c, warmup: quick ? 0 : 1, reps: quick ? 1 : (big ? 3 : 5)));
            if (r * (long)c < 4096L * 4096 || managed4096)
            {
                rows.Add(Measure(managed, "managed", w, r, c, warmup: quick || big ? 0 : 1, reps: quick || big ? 1 : 3));
            }
        }

        Console.WriteLine("| W (rows×cols) | backend | pipeline best | pipeline median | Gram+eigen best | Gram+eigen median | fit best | fit median | alpha | reps | load (1/5/15 min) |");
        Console.WriteLine("|---|---|---|---|---|---|---|---|---|---|---|");
        foreach (var x in rows)
        {
            Console.WriteLine(string.Create(Ic,
                $"| {x.Shape} | {x.Backend} | {Harness.Fmt(x.Pipeline.Best)} | {Harness.Fmt(x.Pipeline.Median)} | " +
                $"{Harness.Fmt(x.Eigen.Best)} | {Harness.Fmt(x.Eigen.Median)} | {Harness.Fmt(x.Fit.Best)} | " +
                $"{Harness.Fmt(x.Fit.Median)} | {x.Alpha:0.######} | {x.Pipeline.Seconds.Count} | {x.Pipeline.Load} |"));
        }

        Console.WriteLine();
        Console.WriteLine("Ratios (same run): managed pipeline best / LAPACK pipeline best, and agreement of the two spectra:");
        Console.WriteLine();
        Console.WriteLine("| W | LAPACK best | managed best | managed / LAPACK | alpha LAPACK | alpha managed | max abs(Δλ)/λmax |");
        Console.WriteLine("|---|---|---|---|---|---|---|");
        foreach (var g in rows.GroupBy(x => x.Shape))
        {
            var l = g.FirstOrDefault(x => x.Backend == "lapack");
            var m = g.FirstOrDefault(x => x.Backend == "managed");
            if (l is null || m is null)
            {
                continue;
            }

            var max = l.Evals.Max();
            var diff = l.Evals.Zip(m.Evals, (a, b) => Math.Abs(a - b)).Max() / max;
            Console.WriteLine(string.Create(Ic,
                $"| {g.Key} | {Harness.Fmt(l.Pipeline.Best)} | {Harness.Fmt(m.Pipeline.Best)} | " +
                $"{Harness.Ratio(m.Pipeline.Best / l.Pipeline.Best)} | {l.Alpha:0.############} | {m.Alpha:0.############} | {diff:0.0e+00} |"));
        }

        var l4096 = rows.FirstOrDefault(x => x.Shape == "4096×4096" && x.Backend == "lapack");
        if (l4096 is not null)
        {
            Console.WriteLine();
            Console.WriteLine(string.Create(Ic,
                $"4096×4096 LAPACK pipeline best {Harness.Fmt(l4096.Pipeline.Best)} vs WeightWatcher ≈ {WeightWatcher4096Seconds} s " +
                $"per layer (published figure, NOT measured in this run): {Harness.Ratio(WeightWatcher4096Seconds / l4096.Pipeline.Best)} faster " +
                $"(median: {Harness.Ratio(WeightWatcher4096Seconds / l4096.Pipeline.Median)})."));
        }
    }

    /// <summary>One run of the managed backend's pipeline on the 4096×4096 matrix, and LAPACK's alpha on the same W.</summary>
    public static void Managed4096()
    {
        var w = Data.Gaussian(4096, 4096, seed: 42);
        var lapack = EigenBackends.Create(EigenBackendKind.Lapack, null);
        var managed = EigenBackends.Create(EigenBackendKind.Managed, null);
        var plan = PlanFor(4096, 4096);
        var options = new AnalysisOptions();
        var l = new LayerAnalyzer(lapack, options).Analyze(plan, w);
        Console.WriteLine(string.Create(Ic, $"lapack alpha {l.Alpha:0.############}"));
        Harness.FullGc();
        var sw = System.Diagnostics.Stopwatch.StartNew();
        var m = new LayerAnalyzer(managed, options).Analyze(plan, w);
        sw.Stop();
        Console.WriteLine(string.Create(Ic,
            $"managed 4096×4096 pipeline: {sw.Elapsed.TotalSeconds:0.0} s (1 run), alpha {m.Alpha:0.############}, load {Harness.LoadAverage()}"));
    }

    public static LayerPlan PlanFor(int rows, int cols)
    {
        var t = new TensorInfo("bench.weight", DType.F64, [rows, cols], (long)rows * cols * 8, "synthetic");
        return LayerPlanner.Plan(new List<TensorInfo> { t }, CheckpointLayout.PlainFile, new PlanOptions()).Single();
    }

    private static Row Measure(IEigenBackend backend, string name, double[] w, int r, int c, int warmup, int reps)
    {
        var shape = $"{r}×{c}";
        var plan = PlanFor(r, c);
        var analyzer = new LayerAnalyzer(backend, new AnalysisOptions());
        double alpha = double.NaN;
        var pipeline = Harness.Run($"{shape} {name} pipeline", warmup, reps, () =>
        {
            var res = analyzer.Analyze(plan, w);
            alpha = res.Alpha;
            return string.Create(Ic, $"alpha {res.Alpha:0.######} status {res.Status}");
        });
        double[] evals = [];
        var eigen = Harness.Run($"{shape} {name} Gram+eigen", warmup, reps, () =>
        {
            evals = backend.GramEigenvalues(w, r, c);
            return "";
        });
        var sorted = evals.Select(v => Math.Max(v, 0.0)).Order().ToArray();
        var fit = Harness.Run($"{shape} {name} fit", 2, Math.Max(reps, 5), () =>
        {
            var f = PowerLawFitter.Fit(sorted, new PowerLawFitOptions());
            return string.Create(Ic, $"alpha {f.Alpha:0.######} xmin {f.Xmin:0.####}");
        });
        return new Row(shape, name, pipeline, eigen, fit, alpha, sorted);
    }
}
