using System.Numerics;
using ILGPU;

namespace GpuSpectral.Kernels.Dense;

/// <summary>
/// All eigenvalues of symmetric tridiagonal matrices by Sturm-sequence bisection, one thread per (matrix,
/// eigenvalue index), every eigenvalue independent (gpu-eigensolvers.md §4.1, after LAPACK dstebz/dlaebz).
/// </summary>
/// <remarks>
/// count(σ) = #{i : d_i &lt; 0} for the LDLᵀ pivots d_1 = a_1 − σ, d_i = (a_i − σ) − b²_{i−1}/d_{i−1}, with the
/// pivot guard "d_i ≤ pivmin ⇒ count it and set d_i = min(d_i, −pivmin)", pivmin = safmin·max(1, max b²): no zero
/// division, no NaN when some b_i = 0 (which also makes explicit splitting unnecessary). Start interval: the
/// Gershgorin bounds widened by 2.1·n·ulp·‖T‖ + 4.2·pivmin. Stop when hi − lo &lt; max(ulp·‖T‖, pivmin,
/// 2·ulp·max(|lo|, |hi|)), so each eigenvalue is within about ulp·‖T‖ of an exact eigenvalue of T (plus the O(ulp)
/// relative perturbation that the floating-point count represents).
/// </remarks>
internal static class SturmBisectionKernel
{
    /// <summary>
    /// Safety cap on halvings: LAPACK's log₂((‖T‖ + pivmin)/pivmin) + 2 is ≤ 1030 for the scaled T (‖T‖ ≤ 3, pivmin ≥
    /// safmin); the tolerance test normally stops after ≈ 53.
    /// </summary>
    private const int MaxIterations = 1100;

    /// <summary>Kernel body, index = b·n + k (matrix b, k-th smallest eigenvalue).</summary>
    /// <param name="index">Thread index.</param>
    /// <param name="diagonal">count·n diagonals a_i.</param>
    /// <param name="offDiagonal">count·n off-diagonals b_i (first n − 1 used).</param>
    /// <param name="unscale">count factors that multiply the result (NaN marks a non-finite input).</param>
    /// <param name="eigenvalues">count·n output, ascending per matrix.</param>
    /// <param name="n">Order.</param>
    /// <param name="ulp">Relative machine precision of T (2⁻⁵² for double, 2⁻²³ for float; LAPACK dlamch('P')).</param>
    /// <param name="safeMin">Smallest normal number of T (dlamch('S')).</param>
    /// <param name="fudge">LAPACK's FUDGE = 2.1 in T (passed in: ILGPU kernels cannot convert constants generically).</param>
    public static void Run<T>(
        Index1D index,
        ArrayView<T> diagonal,
        ArrayView<T> offDiagonal,
        ArrayView<T> unscale,
        ArrayView<T> eigenvalues,
        int n,
        T ulp,
        T safeMin,
        T fudge)
        where T : unmanaged, IFloatingPointIeee754<T>, IMinMaxValue<T>
    {
        var b = index.X / n;
        var k = index.X - (b * n);
        var scale = unscale[b];
        var d = diagonal.SubView((long)b * n, n);
        var e = offDiagonal.SubView((long)b * n, n);

        var zero = T.Zero;
        var one = T.One;
        var two = one + one;
        var half = one / two;
        var gl = T.MaxValue;
        var gu = -T.MaxValue;
        var maxE2 = zero;
        var order = zero;
        var finite = scale - scale == zero;
        for (var i = 0; i < n; i++)
        {
            var left = i > 0 ? T.Abs(e[i - 1]) : zero;
            var right = i < n - 1 ? T.Abs(e[i]) : zero;
            finite &= d[i] - d[i] == zero && right - right == zero;
            gl = Min(gl, d[i] - left - right);
            gu = Max(gu, d[i] + left + right);
            maxE2 = Max(maxE2, right * right);
            order += one;
        }

        if (!finite)
        {
            eigenvalues[index] = T.NaN;
            return;
        }

        var norm = Max(T.Abs(gl), T.Abs(gu));
        var pivmin = safeMin * Max(one, maxE2);
        var widen = (fudge * norm * ulp * order) + (fudge * two * pivmin);
        var lo = gl - widen;
        var hi = gu + widen;
        var absTol = ulp * norm;

        for (var it = 0; it < MaxIterations; it++)
        {
            var width = hi - lo;
            var target = Max(Max(absTol, pivmin), two * ulp * Max(T.Abs(lo), T.Abs(hi)));
            if (width < target)
            {
                break;
            }

            var mid = lo + (half * width);
            if (CountBelow(d, e, n, mid, pivmin) > k)
            {
                hi = mid;
            }
            else
            {
                lo = mid;
            }
        }

        eigenvalues[index] = half * (lo + hi) * scale;
    }

    /// <summary>Number of eigenvalues of T smaller than σ (pivot-safe Sturm count).</summary>
    internal static int CountBelow<T>(ArrayView<T> d, ArrayView<T> e, int n, T sigma, T pivmin)
        where T : unmanaged, IFloatingPointIeee754<T>, IMinMaxValue<T>
    {
        var count = 0;
        var q = d[0] - sigma;
        if (q <= pivmin)
        {
            count++;
            q = Min(q, -pivmin);
        }

        for (var i = 1; i < n; i++)
        {
            var b = e[i - 1];
            q = d[i] - sigma - (b * b / q);
            if (q <= pivmin)
            {
                count++;
                q = Min(q, -pivmin);
            }
        }

        return count;
    }

    private static T Min<T>(T x, T y)
        where T : unmanaged, IFloatingPointIeee754<T>, IMinMaxValue<T> => x < y ? x : y;

    private static T Max<T>(T x, T y)
        where T : unmanaged, IFloatingPointIeee754<T>, IMinMaxValue<T> => x > y ? x : y;
}
