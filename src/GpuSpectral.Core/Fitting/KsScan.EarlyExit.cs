using System.Runtime.CompilerServices;

namespace GpuSpectral.Core.Fitting;

public static partial class KsScan
{
    // About this many candidates are scanned first, evenly spaced, to seed the best D (powerlaw-algorithm.md §11.3).
    private const int SeedSamples = 256;

    // Returned by the bounded scans for a candidate that cannot be the first minimum.
    private const double Rejected = -1.0;

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
        CheckSorted(sorted);
        CheckCandidates(candidates, sorted.Length);
        CheckCompat(compat);
        if (alphas.Length != candidates.Length)
        {
            throw new ArgumentException("alphas and candidates must have the same length.", nameof(alphas));
        }

        if (maxDegreeOfParallelism is 0 or < -1)
        {
            throw new ArgumentException("maxDegreeOfParallelism must be -1 or ≥ 1.", nameof(maxDegreeOfParallelism));
        }

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
        var scanned = 0;
        var firstInvalid = -1;
        for (var c = 0; c < alpha.Length; c++)
        {
            if (alpha[c] > 1.0)
            {
                scanned++;
            }
            else if (firstInvalid < 0)
            {
                firstInvalid = c;
            }
        }

        if (!ww && scanned == 0)
        {
            var all = Distances(sorted, candidates, alphas, compat, pruned: true, maxDegreeOfParallelism, out evaluations);
            var chosen = ArgMin(all, alphas, compat);
            distance = all[chosen];
            return chosen;
        }

        var best = new SharedBest();
        if (ww && firstInvalid >= 0)
        {
            best.Offer(1.0, firstInvalid);
        }

        var work = new int[scanned];
        scanned = 0;
        for (var c = 0; c < alpha.Length; c++)
        {
            if (alpha[c] > 1.0)
            {
                work[scanned++] = c;
            }
        }

        long total = 0;
        if (work.Length > 0)
        {
            var points = KsPoints.Build(sorted, candidates, compat);
            var threads = maxDegreeOfParallelism == -1
                ? Environment.ProcessorCount
                : Math.Min(maxDegreeOfParallelism, Environment.ProcessorCount);
            if ((long)points.Count * work.Length < 20_000)
            {
                threads = 1;
            }

            if (visitOrder is null)
            {
                total = ScanInStages(points, alpha, work, best, threads);
            }
            else
            {
                var listed = visitOrder.Where(c => alpha[c] > 1.0).ToArray();
                total = ScanList(points, alpha, listed, new bool[alpha.Length], best, threads: 1);
            }
        }

        evaluations = total;
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

        var near = new List<int>((2 * step) + 1);
        for (var i = Math.Max(0, center - step); i <= Math.Min(work.Length - 1, center + step); i++)
        {
            if (!done[work[i]])
            {
                near.Add(work[i]);
            }
        }

        total += ScanList(points, alpha, [.. near], done, best, threads);

        // Stage 3: everything else.
        var rest = new List<int>(work.Length);
        foreach (var c in work)
        {
            if (!done[c])
            {
                rest.Add(c);
            }
        }

        total += ScanList(points, alpha, [.. rest], done, best, threads);
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
                var current = best.Current;
                var d = points.LogMonotone
                    ? PrunedBounded(points, c, alpha[c], current.D, c > current.Index, stack, ref hint, ref evals)
                    : BruteBounded(points, c, alpha[c], current.D, c > current.Index, ref hint, ref evals);
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

    /// <summary>True when a candidate whose D is at least <paramref name="value"/> cannot be the first minimum.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static bool Beaten(double value, double limit, bool rejectTies) =>
        value > limit || (rejectTies && value == limit);

    /// <summary>
    /// <see cref="PrunedOne"/> that gives up (returns <see cref="Rejected"/>) as soon as its running maximum is
    /// <see cref="Beaten"/>; otherwise the exact D, identical to <see cref="PrunedOne"/>'s. The point
    /// <paramref name="hint"/> is evaluated first; on return it holds the point where the scan was decided.
    /// </summary>
    private static double PrunedBounded(
        KsPoints points, int c, double alpha, double limit, bool rejectTies, RunStack stack, ref int hint, ref long evals)
    {
        var y = points.Y;
        var below = points.Below;
        var s = points.Start[c];
        var last = y.Length - 1;
        var y0 = y[s];
        var b0 = below[s];
        var n = points.TailCount[c];
        var oneMinusAlpha = 1.0 - alpha;

        var max = 0.0;
        var arg = s;
        long count = 0;
        stack.Clear();

        // Every evaluated point's |T − E| is ≤ the true D, and extra points only raise the running maximum, so the
        // pruning below still ends on the exact maximum.
        var h = hint;
        if (h > s && h <= last)
        {
            var diff = Math.Abs(Fitted(y[h] - y0, oneMinusAlpha) - Empirical(below[h], b0, n));
            count++;
            if (diff > max)
            {
                max = diff;
                arg = h;
                if (Beaten(max, limit, rejectTies))
                {
                    evals += count;
                    return Rejected;
                }
            }
        }

        // Coarse pass: every CoarseStride-th point and the last one (T at s is 0 and so is E: |T − E| = 0).
        var prev = s;
        var tPrev = Fitted(y[s] - y0, oneMinusAlpha);
        max = Math.Max(max, Math.Abs(tPrev - Empirical(below[s], b0, n)));
        count++;
        while (prev < last)
        {
            var next = Math.Min(prev + CoarseStride, last);
            var t = Fitted(y[next] - y0, oneMinusAlpha);
            var diff = Math.Abs(t - Empirical(below[next], b0, n));
            count++;
            if (diff > max)
            {
                max = diff;
                arg = next;
                if (Beaten(max, limit, rejectTies))
                {
                    hint = next;
                    evals += count;
                    return Rejected;
                }
            }

            if (next - prev > 1)
            {
                stack.Push(prev, next, tPrev, t);
            }

            prev = next;
            tPrev = t;
        }

        // Refinement, as in PrunedOne.
        while (stack.TryPop(out var p, out var q, out var tp, out var tq))
        {
            var bound = Math.Max(tq - Empirical(below[p], b0, n), Empirical(below[q], b0, n) - tp);
            if (!(bound + BoundSlack > max))
            {
                continue;
            }

            if (q - p <= Leaf)
            {
                for (var j = p + 1; j < q; j++)
                {
                    var diff = Math.Abs(Fitted(y[j] - y0, oneMinusAlpha) - Empirical(below[j], b0, n));
                    if (diff > max)
                    {
                        max = diff;
                        arg = j;
                    }
                }

                count += q - p - 1;
                if (Beaten(max, limit, rejectTies))
                {
                    hint = arg;
                    evals += count;
                    return Rejected;
                }

                continue;
            }

            var width = q - p;
            var left = p;
            var tLeft = tp;
            for (var piece = 1; piece <= Split; piece++)
            {
                var cut = piece == Split ? q : p + (int)((long)width * piece / Split);
                double tCut;
                if (piece == Split)
                {
                    tCut = tq;
                }
                else
                {
                    tCut = Fitted(y[cut] - y0, oneMinusAlpha);
                    var diff = Math.Abs(tCut - Empirical(below[cut], b0, n));
                    count++;
                    if (diff > max)
                    {
                        max = diff;
                        arg = cut;
                    }
                }

                if (cut - left > 1)
                {
                    stack.Push(left, cut, tLeft, tCut);
                }

                left = cut;
                tLeft = tCut;
            }

            if (Beaten(max, limit, rejectTies))
            {
                hint = arg;
                evals += count;
                return Rejected;
            }
        }

        hint = arg;
        evals += count;
        return max;
    }

    /// <summary><see cref="BruteOne"/> with the same early exit as <see cref="PrunedBounded"/>.</summary>
    private static double BruteBounded(
        KsPoints points, int c, double alpha, double limit, bool rejectTies, ref int hint, ref long evals)
    {
        var y = points.Y;
        var below = points.Below;
        var s = points.Start[c];
        var y0 = y[s];
        var b0 = below[s];
        var n = points.TailCount[c];
        var oneMinusAlpha = 1.0 - alpha;
        var max = 0.0;
        var arg = s;
        for (var j = s; j < y.Length; j++)
        {
            var diff = Math.Abs(Fitted(y[j] - y0, oneMinusAlpha) - Empirical(below[j], b0, n));
            if (diff > max)
            {
                max = diff;
                arg = j;
                if (Beaten(max, limit, rejectTies))
                {
                    hint = j;
                    evals += j - s + 1;
                    return Rejected;
                }
            }
        }

        hint = arg;
        evals += y.Length - s;
        return max;
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
