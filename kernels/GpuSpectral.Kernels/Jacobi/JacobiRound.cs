using System.Numerics;
using ILGPU;

namespace GpuSpectral.Kernels.Jacobi;

/// <summary>The three phases of one parallel Jacobi round (all pairs of one round-robin round at once).</summary>
internal static class JacobiRound
{
    /// <summary>
    /// Rotation (c, s) per pair, Rutishauser's form: θ = (a_qq − a_pp)/(2a_pq), t = sign(θ)/(|θ| + √(1+θ²))
    /// (t = 1/(2θ) when θ² would overflow), c = 1/√(1+t²), s = t·c; new a_pp = a_pp − t·a_pq, a_qq + t·a_pq.
    /// Byes and a_pq = 0 give the identity.
    /// </summary>
    public static void Rotations<T>(
        ArrayView<T> a, int n, int round, int players,
        ArrayView<T> cosv, ArrayView<T> sinv, ArrayView<T> newPp, ArrayView<T> newQq)
        where T : unmanaged, IFloatingPointIeee754<T>, IMinMaxValue<T>
    {
        for (var k = Group.IdxX; k < players / 2; k += Group.DimX)
        {
            RoundRobin.Pair(round, k, players, out var p, out var q);
            var c = T.One;
            var s = T.Zero;
            if (q < n)
            {
                var apq = a[(p * n) + q];
                var app = a[(p * n) + p];
                var aqq = a[(q * n) + q];
                if (apq != T.Zero)
                {
                    var two = T.One + T.One;
                    var theta = (aqq - app) / (two * apq);
                    var absTheta = T.Abs(theta);

                    // θ² overflows beyond √max; then t = 1/(2θ) to working accuracy.
                    var t = absTheta * absTheta > T.MaxValue
                        ? T.One / (two * theta)
                        : (theta >= T.Zero ? T.One : -T.One) / (absTheta + T.Sqrt(T.One + (theta * theta)));
                    c = T.One / T.Sqrt(T.One + (t * t));
                    s = t * c;
                    app -= t * apq;
                    aqq += t * apq;
                }

                newPp[k] = app;
                newQq[k] = aqq;
            }

            cosv[k] = c;
            sinv[k] = s;
        }
    }

    /// <summary>Columns p, q of every row: x_p' = c·x_p − s·x_q, x_q' = s·x_p + c·x_q (A·J, also V·J).</summary>
    public static void ColumnPass<T>(
        ArrayView<T> a, int n, int round, int players, ArrayView<T> cosv, ArrayView<T> sinv)
        where T : unmanaged, IFloatingPointIeee754<T>, IMinMaxValue<T>
    {
        var items = (players / 2) * n;
        for (var idx = Group.IdxX; idx < items; idx += Group.DimX)
        {
            var k = idx / n;
            var i = idx - (k * n);
            var s = sinv[k];
            if (s == T.Zero)
            {
                continue;
            }

            var c = cosv[k];
            RoundRobin.Pair(round, k, players, out var p, out var q);
            var x = a[(i * n) + p];
            var y = a[(i * n) + q];
            a[(i * n) + p] = (c * x) - (s * y);
            a[(i * n) + q] = (s * x) + (c * y);
        }
    }

    /// <summary>Rows p, q of every column (Jᵀ·AJ); the 2×2 block gets the exact Rutishauser values and a_pq = 0.</summary>
    public static void RowPass<T>(
        ArrayView<T> a, int n, int round, int players,
        ArrayView<T> cosv, ArrayView<T> sinv, ArrayView<T> newPp, ArrayView<T> newQq)
        where T : unmanaged, IFloatingPointIeee754<T>, IMinMaxValue<T>
    {
        var items = (players / 2) * n;
        for (var idx = Group.IdxX; idx < items; idx += Group.DimX)
        {
            var k = idx / n;
            var j = idx - (k * n);
            var s = sinv[k];
            if (s == T.Zero)
            {
                continue;
            }

            var c = cosv[k];
            RoundRobin.Pair(round, k, players, out var p, out var q);
            if (j == p)
            {
                a[(p * n) + p] = newPp[k];
                a[(q * n) + p] = T.Zero;
            }
            else if (j == q)
            {
                a[(p * n) + q] = T.Zero;
                a[(q * n) + q] = newQq[k];
            }
            else
            {
                var x = a[(p * n) + j];
                var y = a[(q * n) + j];
                a[(p * n) + j] = (c * x) - (s * y);
                a[(q * n) + j] = (s * x) + (c * y);
            }
        }
    }
}
