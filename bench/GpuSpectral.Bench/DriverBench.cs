using System.Diagnostics;
using System.Globalization;

namespace GpuSpectral.Bench;

/// <summary>LAPACK eigenvalue drivers (JOBZ='N') on the same dsyrk Gram matrix, via the bench's own P/Invoke.</summary>
internal static class DriverBench
{
    private static readonly CultureInfo Ic = CultureInfo.InvariantCulture;

    public static void Run(bool quick, IReadOnlyList<int>? only = null)
    {
        var native = NativeDrivers.TryLoad(out var reason);
        if (native is null)
        {
            Console.WriteLine($"drivers: not run: {reason}");
            return;
        }

        var sizes = only is { Count: > 0 } ? [.. only] : quick ? new[] { 1024 } : new[] { 1024, 2048, 4096 };
        Console.WriteLine("| W | Gram n | dsyrk best | driver | solve best | solve median | dsyrk + solve best | vs dsyevd (solve) | max abs(Δλ)/λmax vs dsyevd | reps | load |");
        Console.WriteLine("|---|---|---|---|---|---|---|---|---|---|---|");
        foreach (var n in sizes)
        {
            var w = Data.Gaussian(n, n, seed: 42);
            var gram = new double[(long)n * n];
            var work = new double[gram.Length];
            var evals = new double[n];
            var gramTimes = new List<double>();
            for (var i = 0; i < 3; i++)
            {
                var sw = Stopwatch.StartNew();
                native.Gram(w, n, n, gram);
                gramTimes.Add(sw.Elapsed.TotalSeconds);
            }

            // Drivers are interleaved (d1 d2 d3 d1 d2 d3 ...) so that a change of machine load hits all of them alike.
            var reps = quick ? 1 : (n >= 4096 ? 5 : 7);
            var drivers = NativeDrivers.Drivers.Where(native.Has).ToArray();
            foreach (var d in NativeDrivers.Drivers.Except(drivers))
            {
                Console.WriteLine($"| {n}×{n} | {n} | | {d} | not exported | | | | | | |");
            }

            var times = drivers.ToDictionary(d => d, _ => new List<double>());
            var results = new Dictionary<string, double[]>();
            for (var rep = -1; rep < reps; rep++) // rep −1 is the warm-up
            {
                foreach (var d in drivers)
                {
                    Array.Copy(gram, work, gram.Length);
                    Harness.FullGc();
                    var sw = Stopwatch.StartNew();
                    var info = native.Solve(d, n, work, evals);
                    sw.Stop();
                    if (info != 0)
                    {
                        throw new InvalidOperationException($"{d} info={info}");
                    }

                    if (rep >= 0)
                    {
                        times[d].Add(sw.Elapsed.TotalSeconds);
                    }

                    results[d] = (double[])evals.Clone();
                }
            }

            var load = Harness.LoadAverage();
            var refBest = times["dsyevd"].Min();
            var reference = results["dsyevd"];
            foreach (var d in drivers)
            {
                var m = new Measurement(d, times[d], "", load);
                var diff = d == "dsyevd" ? double.NaN
                    : reference.Zip(results[d], (a, b) => Math.Abs(a - b)).Max() / reference.Max();
                Console.Error.WriteLine(string.Create(Ic,
                    $"  {n} {d}: best {Harness.Fmt(m.Best)} median {Harness.Fmt(m.Median)} all [{string.Join(", ", times[d].Select(t => t.ToString("0.000", Ic)))}] load {load}"));
                Console.WriteLine(string.Create(Ic,
                    $"| {n}×{n} | {n} | {Harness.Fmt(gramTimes.Min())} | {d} | {Harness.Fmt(m.Best)} | {Harness.Fmt(m.Median)} | " +
                    $"{Harness.Fmt(gramTimes.Min() + m.Best)} | {Harness.Ratio(m.Best / refBest)} (median {Harness.Ratio(m.Median / times["dsyevd"].Order().ElementAt(reps / 2))}) | {(double.IsNaN(diff) ? "—" : diff.ToString("0.0e+00", Ic))} | {reps} interleaved | {load} |"));
            }
        }
    }
}
