namespace GpuSpectral.Core.Fitting;

public static partial class KsScan
{
    // About this many candidates are scanned first, evenly spaced, to seed the best D (powerlaw-algorithm.md §11.3).
    private const int SeedSamples = 256;

    /// <summary>
    /// The index that <see cref="ArgMin"/> returns on the distances of <see cref="DistancesBruteForce"/>, and that
    /// candidate's D bit for bit, without computing every candidate's D ("early exit for the argmin only",
    /// powerlaw-algorithm.md §11.3).
    /// </summary>
    /// <param name="sorted">Fitted values, ascending, finite, &gt; 0.</param>
    /// <param name="candidates">Candidate positions, strictly ascending (see <see cref="CandidateIndices"/>).</param>
    /// <param name="alphas">α per candidate (see <see cref="Alphas"/>).</param>
    /// <param name="compat">Semantics to reproduce (see <see cref="DistancesBruteForce"/> and <see cref="ArgMin"/>).</param>
    /// <param name="distance">D of the chosen candidate, identical to its brute-force D; NaN when there is none.</param>
    /// <param name="evaluations">Number of (candidate, point) pairs evaluated. It may vary from run to run when
    /// several threads are used; the result does not.</param>
    /// <param name="maxDegreeOfParallelism">−1 for unlimited threads, 1 for serial. The result does not depend on it.</param>
    /// <returns>The chosen candidate's index into <paramref name="candidates"/>, or −1 when there are none.</returns>
    /// <remarks>
    /// Candidates are scanned as in <see cref="DistancesPruned"/>, but the running maximum L of |T − E| over the points
    /// evaluated so far is a lower bound of the candidate's D. A candidate is dropped as soon as (L, index) is
    /// lexicographically greater than (D, index) of the best candidate whose D is known exactly: its own D ≥ L, so it
    /// cannot be the first minimum. The first minimum itself is never dropped (its (D, index) is the smallest pair of
    /// all), so it is scanned to the end and its exact D is the smallest pair offered. The best pair only decreases, so
    /// a thread reading a stale best merely drops less; the answer does not depend on timing or thread count.
    /// Candidates are visited in an order that finds a small D early: an evenly spaced sample, then the neighbourhood
    /// of the best sample, then the rest, each candidate first trying the point where its predecessor's scan ended.
    /// </remarks>
    public static int ArgMinEarlyExit(
        ReadOnlySpan<double> sorted,
        ReadOnlySpan<int> candidates,
        ReadOnlySpan<double> alphas,
        FitCompat compat,
        out double distance,
        out long evaluations,
        int maxDegreeOfParallelism = -1) =>
        ArgMinEarlyExitCore(sorted, candidates, alphas, compat, null, out distance, out evaluations, maxDegreeOfParallelism);

    /// <summary>
    /// <see cref="ArgMinEarlyExit(ReadOnlySpan{double}, ReadOnlySpan{int}, ReadOnlySpan{double}, FitCompat, out double, out long, int)"/>
    /// visiting the candidates in <paramref name="visitOrder"/> (indices into the candidates, each at most once; those
    /// left out are never scanned), serially, instead of the default order. For tests: the answer must not depend on
    /// the order when every candidate is listed.
    /// </summary>
    internal static int ArgMinEarlyExitInOrder(
        ReadOnlySpan<double> sorted,
        ReadOnlySpan<int> candidates,
        ReadOnlySpan<double> alphas,
        FitCompat compat,
        int[] visitOrder,
        out double distance,
        out long evaluations) =>
        ArgMinEarlyExitCore(sorted, candidates, alphas, compat, visitOrder, out distance, out evaluations, 1);

    private static int ArgMinEarlyExitCore(
        ReadOnlySpan<double> sorted,
        ReadOnlySpan<int> candidates,
        ReadOnlySpan<double> alphas,
        FitCompat compat,
        int[]? visitOrder,
        out double distance,
        out long evaluations,
        int maxDegreeOfParallelism)
    {
        CheckScanInputs(sorted, candidates, alphas, compat, maxDegreeOfParallelism);
        if (candidates.Length == 0)
        {
            distance = double.NaN;
            evaluations = 0;
            return -1;
        }

        var ww = compat == FitCompat.WeightWatcher;
        var alpha = alphas.ToArray();

        // Candidates that need a scan: α > 1. WeightWatcher sets D = 1 for the others (WW_powerlaw.py:76), so the
        // first of them enters with D = 1; powerlaw 1.5 skips them, unless every candidate is invalid, where ArgMin
        // falls back to the plain first minimum (NaN first): rare, done the full way.
        var work = Enumerable.Range(0, alpha.Length).Where(c => alpha[c] > 1.0).ToArray();
        if (!ww && work.Length == 0)
        {
            var all = Distances(sorted, candidates, alphas, compat, pruned: true, maxDegreeOfParallelism, out evaluations);
            var chosen = ArgMin(all, alphas, compat);
            distance = all[chosen];
            return chosen;
        }

        var best = new SharedBest();
        var firstInvalid = Array.FindIndex(alpha, a => !(a > 1.0));
        if (ww && firstInvalid >= 0)
        {
            best.Offer(1.0, firstInvalid);
        }

        evaluations = 0;
        if (work.Length > 0)
        {
            var points = KsPoints.Build(sorted, candidates, compat);
            var threads = KsWorkPartition.Threads(maxDegreeOfParallelism, (long)points.Count * work.Length);
            evaluations = visitOrder is null
                ? ScanInStages(points, alpha, work, best, threads)
                : ScanList(points, alpha, [.. visitOrder.Where(c => alpha[c] > 1.0)], new bool[alpha.Length], best, 1);
        }

        distance = best.Current.D;
        return best.Current.Index;
    }

    private static long ScanInStages(KsPoints points, double[] alpha, int[] work, SharedBest best, int threads)
    {
        var done = new bool[alpha.Length];
        var step = Math.Max(1, work.Length / SeedSamples);

        // Stage 1: an evenly spaced sample, and the last candidate.
        var sample = new List<int>((work.Length / step) + 2);
        for (var i = 0; i < work.Length; i += step)
        {
            sample.Add(work[i]);
        }

        if (sample[^1] != work[^1])
        {
            sample.Add(work[^1]);
        }

        long total = ScanList(points, alpha, [.. sample], done, best, threads);

        // Stage 2: the candidates within one sample step of the best one so far.
        var center = Array.BinarySearch(work, best.Current.Index);
        if (center < 0)
        {
            center = Math.Min(~center, work.Length - 1); // the best so far is WeightWatcher's D = 1 entry
        }

        var near = work[Math.Max(0, center - step)..Math.Min(work.Length, center + step + 1)];
        total += ScanList(points, alpha, [.. near.Where(c => !done[c])], done, best, threads);

        // Stage 3: everything else.
        total += ScanList(points, alpha, [.. work.Where(c => !done[c])], done, best, threads);
        return total;
    }

    /// <summary>Scans the candidates <paramref name="order"/> (all with α &gt; 1), in contiguous chunks, in order
    /// within a chunk, and marks them done.</summary>
    private static long ScanList(
        KsPoints points, double[] alpha, int[] order, bool[] done, SharedBest best, int threads)
    {
        if (order.Length == 0)
        {
            return 0;
        }

        long total = 0;
        var chunks = threads <= 1 ? 1 : Math.Min(order.Length, threads * 8);
        void Body(int chunk)
        {
            var from = (int)((long)order.Length * chunk / chunks);
            var to = (int)((long)order.Length * (chunk + 1) / chunks);
            var stack = new RunStack();
            var hint = -1;
            long evals = 0;
            for (var i = from; i < to; i++)
            {
                var c = order[i];
                var (limit, index) = best.Current;
                var d = points.LogMonotone
                    ? Pruned(points, c, alpha[c], limit, c > index, stack, ref hint, ref evals)
                    : Brute(points, c, alpha[c], limit, c > index, ref hint, ref evals);
                if (d != Rejected)
                {
                    best.Offer(d, c);
                }

                done[c] = true;
            }

            Interlocked.Add(ref total, evals);
        }

        if (chunks == 1)
        {
            Body(0);
        }
        else
        {
            Parallel.For(0, chunks, new ParallelOptions { MaxDegreeOfParallelism = threads }, Body);
        }

        return total;
    }

    /// <summary>The best (D, candidate index) pair whose D is exact, shared between threads; it only decreases
    /// (lexicographically).</summary>
    private sealed class SharedBest
    {
        private Pair _current = new(double.PositiveInfinity, int.MaxValue);

        public Pair Current => Volatile.Read(ref _current);

        public void Offer(double d, int index)
        {
            var seen = Volatile.Read(ref _current);
            while (d < seen.D || (d == seen.D && index < seen.Index))
            {
                var previous = Interlocked.CompareExchange(ref _current, new Pair(d, index), seen);
                if (ReferenceEquals(previous, seen))
                {
                    return;
                }

                seen = previous;
            }
        }

        public sealed record Pair(double D, int Index);
    }
}
