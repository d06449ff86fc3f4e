namespace GpuSpectral.Core.Fitting;

/// <summary>
/// Splits the candidates into contiguous chunks of about equal work (work of a candidate = its number of tail
/// points, so the total is triangular) for <see cref="Parallel.For(int, int, ParallelOptions, Action{int})"/>.
/// Results never depend on the split: each candidate's D is computed independently.
/// </summary>
internal static class KsWorkPartition
{
    /// <summary>Chunk boundaries: chunk i covers candidates [bounds[i], bounds[i+1]).</summary>
    public static int[] Chunks(KsPoints points, int chunkCount)
    {
        var m = points.Count;
        var start = points.Start;
        long total = 0;
        foreach (var s in start)
        {
            total += m - s;
        }

        var target = Math.Max(1L, total / Math.Max(1, chunkCount));
        var bounds = new List<int>(chunkCount + 2) { 0 };
        long acc = 0;
        for (var c = 0; c < start.Length; c++)
        {
            acc += m - start[c];
            if (acc >= target && c + 1 < start.Length)
            {
                bounds.Add(c + 1);
                acc = 0;
            }
        }

        bounds.Add(start.Length);
        return [.. bounds];
    }

    /// <summary>Runs <paramref name="body"/> on every chunk, serially when one thread is asked for.</summary>
    public static void Run(KsPoints points, int maxDegreeOfParallelism, Action<int, int> body)
    {
        if (points.Start.Length == 0)
        {
            return;
        }

        var threads = Threads(maxDegreeOfParallelism, (long)points.Count * points.Start.Length);
        if (threads <= 1)
        {
            body(0, points.Start.Length);
            return;
        }

        var bounds = Chunks(points, threads * 8);
        var options = new ParallelOptions { MaxDegreeOfParallelism = maxDegreeOfParallelism };
        Parallel.For(0, bounds.Length - 1, options, i => body(bounds[i], bounds[i + 1]));
    }

    /// <summary>Number of threads for a scan of about <paramref name="work"/> (candidate, point) pairs: 1 for small
    /// scans, otherwise the processor count, capped by <paramref name="maxDegreeOfParallelism"/> (−1: no cap).</summary>
    public static int Threads(int maxDegreeOfParallelism, long work) =>
        work < 20_000 ? 1
        : maxDegreeOfParallelism == -1 ? Environment.ProcessorCount
        : Math.Min(maxDegreeOfParallelism, Environment.ProcessorCount);
}
