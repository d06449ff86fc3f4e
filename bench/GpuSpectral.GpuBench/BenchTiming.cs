using System.Diagnostics;
using ILGPU.Runtime;

namespace GpuSpectral.GpuBench;

/// <summary>Seconds of every timed repetition of one measurement, with its median and best.</summary>
internal sealed record BenchTiming(IReadOnlyList<double> Seconds)
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

    /// <summary>How the times are taken (printed in every report).</summary>
    public const string Method =
        "host Stopwatch around the work, with accelerator.Synchronize() before the start and after the end " +
        "(ILGPU profiling markers need a context created with profiling enabled, which GpuDevice does not do); " +
        "warm-up runs first (not timed), then the timed repetitions; median and best reported";

    /// <summary>
    /// Runs <paramref name="setup"/> then <paramref name="body"/> <paramref name="warmup"/> times untimed, then
    /// <paramref name="reps"/> times timing only <paramref name="body"/> (setup restores inputs that the body
    /// overwrites and is not timed).
    /// </summary>
    public static BenchTiming Measure(Accelerator accelerator, int warmup, int reps, Action? setup, Action body)
    {
        for (var i = 0; i < warmup; i++)
        {
            setup?.Invoke();
            body();
            accelerator.Synchronize();
        }

        var seconds = new List<double>(reps);
        for (var i = 0; i < reps; i++)
        {
            setup?.Invoke();
            accelerator.Synchronize();
            var watch = Stopwatch.StartNew();
            body();
            accelerator.Synchronize();
            watch.Stop();
            seconds.Add(watch.Elapsed.TotalSeconds);
        }

        return new BenchTiming(seconds);
    }
}
