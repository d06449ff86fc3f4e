namespace GpuSpectral.Core.Fitting;

public static partial class KsScan
{
    private const int CoarseStride = 64;
    private const int Split = 4;
    private const int Leaf = 8;

    // Covers the rounding of T (a few ulps of a value ≤ 1), of the bound's subtraction and of |T − E|.
    private const double BoundSlack = 1e-14;

    /// <summary>D of one candidate with α &gt; 1 by bound-and-refine (see <see cref="DistancesPruned"/>).</summary>
    private static double PrunedOne(KsPoints points, int c, double alpha, RunStack stack, ref long evals)
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
        stack.Clear();

        // Coarse pass: every CoarseStride-th point and the last one.
        var prev = s;
        var tPrev = Fitted(y[s] - y0, oneMinusAlpha);
        max = Math.Max(max, Math.Abs(tPrev - Empirical(below[s], b0, n)));
        long count = 1;
        while (prev < last)
        {
            var next = Math.Min(prev + CoarseStride, last);
            var t = Fitted(y[next] - y0, oneMinusAlpha);
            var diff = Math.Abs(t - Empirical(below[next], b0, n));
            if (diff > max)
            {
                max = diff;
            }

            count++;
            if (next - prev > 1)
            {
                stack.Push(prev, next, tPrev, t);
            }

            prev = next;
            tPrev = t;
        }

        // Refinement: runs are (p, q) with p, q evaluated and q − p > 1.
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
                    }
                }

                count += q - p - 1;
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
                    if (diff > max)
                    {
                        max = diff;
                    }

                    count++;
                }

                if (cut - left > 1)
                {
                    stack.Push(left, cut, tLeft, tCut);
                }

                left = cut;
                tLeft = tCut;
            }
        }

        evals += count;
        return max;
    }

    /// <summary>A growable stack of runs (p, q, T_p, T_q), one per worker chunk.</summary>
    private sealed class RunStack
    {
        private int[] _p = new int[64];
        private int[] _q = new int[64];
        private double[] _tp = new double[64];
        private double[] _tq = new double[64];
        private int _count;

        public void Clear() => _count = 0;

        public void Push(int p, int q, double tp, double tq)
        {
            if (_count == _p.Length)
            {
                var size = _count * 2;
                Array.Resize(ref _p, size);
                Array.Resize(ref _q, size);
                Array.Resize(ref _tp, size);
                Array.Resize(ref _tq, size);
            }

            _p[_count] = p;
            _q[_count] = q;
            _tp[_count] = tp;
            _tq[_count] = tq;
            _count++;
        }

        public bool TryPop(out int p, out int q, out double tp, out double tq)
        {
            if (_count == 0)
            {
                p = q = 0;
                tp = tq = 0;
                return false;
            }

            _count--;
            p = _p[_count];
            q = _q[_count];
            tp = _tp[_count];
            tq = _tq[_count];
            return true;
        }
    }
}
