using System.Runtime.CompilerServices;

namespace GpuSpectral.Core.Fitting;

public static partial class KsScan
{
    private const int CoarseStride = 64;
    private const int Split = 4;
    private const int Leaf = 8;

    // Covers the rounding of T (a few ulps of a value ≤ 1), of the bound's subtraction and of |T − E|.
    private const double BoundSlack = 1e-14;

    // Returned by the scans for a candidate that cannot be the first minimum.
    private const double Rejected = -1.0;

    /// <summary>
    /// D of one candidate with α &gt; 1 by bound-and-refine (see <see cref="DistancesPruned"/>), giving up (returns
    /// <see cref="Rejected"/>) as soon as its running maximum is <see cref="Beaten"/>; otherwise the exact D. With
    /// <paramref name="limit"/> = +∞ it never gives up. The point <paramref name="hint"/> is evaluated first (when it is
    /// in the tail, past its first point); on return it holds the point where the scan was decided.
    /// </summary>
    /// <remarks>Every evaluated point's |T − E| is ≤ the true D, and extra points only raise the running maximum, so
    /// the pruning still ends on the exact maximum.</remarks>
    private static double Pruned(
        KsPoints points, int c, double alpha, double limit, bool rejectTies, RunStack stack, ref int hint, ref long evals)
    {
        var scan = new TailScan(points, c, alpha);
        var (s, last) = (scan.Start, scan.Last);
        stack.Clear();
        if (hint > s && hint <= last && scan.Visit(hint, out _) && Beaten(scan.Max, limit, rejectTies))
        {
            return scan.End(Rejected, ref hint, ref evals);
        }

        // Coarse pass: every CoarseStride-th point and the last one (T at s is 0 and so is E: |T − E| = 0).
        var prev = s;
        scan.Visit(s, out var tPrev);
        while (prev < last)
        {
            var next = Math.Min(prev + CoarseStride, last);
            if (scan.Visit(next, out var t) && Beaten(scan.Max, limit, rejectTies))
            {
                return scan.End(Rejected, ref hint, ref evals);
            }

            if (next - prev > 1)
            {
                stack.Push(prev, next, tPrev, t);
            }

            (prev, tPrev) = (next, t);
        }

        // Refinement: runs are (p, q) with p, q evaluated and q − p > 1, kept while their bound may exceed the maximum.
        while (stack.TryPop(out var p, out var q, out var tp, out var tq))
        {
            if (!(Math.Max(tq - scan.E(p), scan.E(q) - tp) + BoundSlack > scan.Max))
            {
                continue;
            }

            if (q - p <= Leaf)
            {
                for (var j = p + 1; j < q; j++)
                {
                    scan.Visit(j, out _);
                }
            }
            else
            {
                var (left, tLeft) = (p, tp);
                for (var piece = 1; piece <= Split; piece++)
                {
                    var cut = piece == Split ? q : p + (int)((long)(q - p) * piece / Split);
                    var tCut = tq;
                    if (piece != Split)
                    {
                        scan.Visit(cut, out tCut);
                    }

                    if (cut - left > 1)
                    {
                        stack.Push(left, cut, tLeft, tCut);
                    }

                    (left, tLeft) = (cut, tCut);
                }
            }

            if (Beaten(scan.Max, limit, rejectTies))
            {
                return scan.End(Rejected, ref hint, ref evals);
            }
        }

        return scan.End(scan.Max, ref hint, ref evals);
    }

    /// <summary>D of one candidate by evaluating every tail point, with the same early exit as
    /// <see cref="Pruned"/> (none for <paramref name="limit"/> = +∞).</summary>
    private static double Brute(
        KsPoints points, int c, double alpha, double limit, bool rejectTies, ref int hint, ref long evals)
    {
        var scan = new TailScan(points, c, alpha);
        for (var j = scan.Start; j <= scan.Last; j++)
        {
            if (scan.Visit(j, out _) && Beaten(scan.Max, limit, rejectTies))
            {
                return scan.End(Rejected, ref hint, ref evals);
            }
        }

        return scan.End(scan.Max, ref hint, ref evals);
    }

    /// <summary>True when a candidate whose D is at least <paramref name="value"/> cannot be the first minimum.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static bool Beaten(double value, double limit, bool rejectTies) =>
        value > limit || (rejectTies && value == limit);

    /// <summary>One candidate's tail and the running maximum of |T − E| over the points evaluated so far.</summary>
    private struct TailScan
    {
        private readonly double[] _y;
        private readonly int[] _below;
        private readonly double _y0;
        private readonly int _b0;
        private readonly double _n;
        private readonly double _oneMinusAlpha;
        private long _count;
        private int _arg;

        public TailScan(KsPoints points, int c, double alpha)
        {
            _y = points.Y;
            _below = points.Below;
            Start = points.Start[c];
            Last = _y.Length - 1;
            _y0 = _y[Start];
            _b0 = _below[Start];
            _n = points.TailCount[c];
            _oneMinusAlpha = 1.0 - alpha;
            _arg = Start;
        }

        public int Start { get; }

        public int Last { get; }

        public double Max { get; private set; }

        /// <summary>Fitted CDF T = 1 − (x/xmin)^(1−α) = −expm1((1−α)·Δy); exactly 0 at Δy ≤ 0 (also for α = +∞).</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public readonly double T(int j)
        {
            var dy = _y[j] - _y0;
            return dy > 0 ? -KsMath.Expm1(_oneMinusAlpha * dy) : 0.0;
        }

        /// <summary>Left-limit empirical CDF E = (points strictly below − points below xmin)/n.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public readonly double E(int j) => (_below[j] - _b0) / _n;

        /// <summary>Evaluates point <paramref name="j"/>: its T in <paramref name="t"/>; true when |T − E| raised
        /// the maximum.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public bool Visit(int j, out double t)
        {
            t = T(j);
            var diff = Math.Abs(t - E(j));
            _count++;
            if (diff > Max)
            {
                Max = diff;
                _arg = j;
                return true;
            }

            return false;
        }

        /// <summary>Adds the evaluations to <paramref name="evals"/>, sets <paramref name="hint"/> to the point
        /// where the maximum was found, and returns <paramref name="result"/>.</summary>
        public readonly double End(double result, ref int hint, ref long evals)
        {
            hint = _arg;
            evals += _count;
            return result;
        }
    }

    /// <summary>A growable stack of runs (p, q, T_p, T_q), one per worker chunk.</summary>
    private sealed class RunStack
    {
        private (int P, int Q, double Tp, double Tq)[] _runs = new (int, int, double, double)[64];
        private int _count;

        public void Clear() => _count = 0;

        public void Push(int p, int q, double tp, double tq)
        {
            if (_count == _runs.Length)
            {
                Array.Resize(ref _runs, _count * 2);
            }

            _runs[_count++] = (p, q, tp, tq);
        }

        public bool TryPop(out int p, out int q, out double tp, out double tq)
        {
            if (_count == 0)
            {
                (p, q, tp, tq) = (0, 0, 0, 0);
                return false;
            }

            (p, q, tp, tq) = _runs[--_count];
            return true;
        }
    }
}
