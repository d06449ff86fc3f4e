using System.Diagnostics;
using System.Globalization;

namespace GpuSpectral.Bench;

/// <summary>One measured case: wall times of every repetition, plus an optional note (alpha, ...).</summary>
internal sealed record Measurement(string Name, IReadOnlyList<double> Seconds, string Note, string Load)
{
    public double Best => Seconds.Min();

    public double Median
    {
        get
        {
            var s = Seconds.Order().ToArray();
            return s.Length % 2 == 1 ? s[s.Length / 2] : 0.5 * (s[(s.Length / 2) - 1] + s[s.Length / 2]);
        }
    }
}

/// <summary>
/// A small Stopwatch harness: warm-up runs (not timed), then N timed repetitions, a full blocking GC before the case
/// and between repetitions, load average sampled at the end of each case. Multi-second cases make BenchmarkDotNet's
/// process isolation and pilot stages impractical on 2 cores, so this is the primary harness.
/// </summary>
internal static class Harness
{
    public static Measurement Run(string name, int warmup, int reps, Func<string> body)
    {
        var note = "";
        FullGc();
        for (var i = 0; i < warmup; i++)
        {
            note = body();
            FullGc();
        }

        var times = new List<double>(reps);
        for (var i = 0; i < reps; i++)
        {
            var sw = Stopwatch.StartNew();
            note = body();
            sw.Stop();
            times.Add(sw.Elapsed.TotalSeconds);
            FullGc();
        }

        var m = new Measurement(name, times, note, LoadAverage());
        Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"  {name}: best {Fmt(m.Best)} median {Fmt(m.Median)} ({reps} reps, {warmup} warm-up) {note} load {m.Load}"));
        return m;
    }

    public static void FullGc()
    {
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
        GC.WaitForPendingFinalizers();
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
    }

    /// <summary>First three fields of /proc/loadavg ("1m 5m 15m"), or "n/a".</summary>
    public static string LoadAverage()
    {
        try
        {
            var parts = File.ReadAllText("/proc/loadavg").Split(' ');
            return $"{parts[0]} {parts[1]} {parts[2]}";
        }
        catch (IOException)
        {
            return "n/a";
        }
        catch (UnauthorizedAccessException)
        {
            return "n/a";
        }
    }

    public static string Fmt(double seconds) => seconds switch
    {
        < 1e-3 => string.Create(CultureInfo.InvariantCulture, $"{seconds * 1e6:0.0} µs"),
        < 1 => string.Create(CultureInfo.InvariantCulture, $"{seconds * 1e3:0.00} ms"),
        _ => string.Create(CultureInfo.InvariantCulture, $"{seconds:0.000} s"),
    };

    public static string Ratio(double r) => string.Create(CultureInfo.InvariantCulture, $"{r:0.0#}×");
}
