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
    /// <summary>ulp = 2⁻⁵² (LAPACK dlamch('P')).</summary>
    private const double Ulp = 2.220446049250313e-16;

    /// <summary>Smallest normal double (dlamch('S')).</summary>
    private const double SafeMin = 2.2250738585072014e-308;

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
    public static void Run(
        Index1D index,
        ArrayView<double> diagonal,
        ArrayView<double> offDiagonal,
        ArrayView<double> unscale,
        ArrayView<double> eigenvalues,
        int n)
    {
        var b = index.X / n;
        var k = index.X - (b * n);
        var scale = unscale[b];
        var d = diagonal.SubView((long)b * n, n);
        var e = offDiagonal.SubView((long)b * n, n);

        var gl = double.MaxValue;
        var gu = -double.MaxValue;
        var maxE2 = 0.0;
        var finite = scale - scale == 0.0;
        for (var i = 0; i < n; i++)
        {
            var left = i > 0 ? Math.Abs(e[i - 1]) : 0.0;
            var right = i < n - 1 ? Math.Abs(e[i]) : 0.0;
            finite &= d[i] - d[i] == 0.0 && right - right == 0.0;
            gl = Math.Min(gl, d[i] - left - right);
            gu = Math.Max(gu, d[i] + left + right);
            maxE2 = Math.Max(maxE2, right * right);
        }

        if (!finite)
        {
            eigenvalues[index] = double.NaN;
            return;
        }

        var norm = Math.Max(Math.Abs(gl), Math.Abs(gu));
        var pivmin = SafeMin * Math.Max(1.0, maxE2);
        var widen = (2.1 * norm * Ulp * n) + (2.1 * 2.0 * pivmin);
        var lo = gl - widen;
        var hi = gu + widen;
        var absTol = Ulp * norm;

        for (var it = 0; it < MaxIterations; it++)
        {
            var width = hi - lo;
            var target = Math.Max(Math.Max(absTol, pivmin), 2.0 * Ulp * Math.Max(Math.Abs(lo), Math.Abs(hi)));
            if (width < target)
            {
                break;
            }

            var mid = lo + (0.5 * width);
            if (CountBelow(d, e, n, mid, pivmin) > k)
            {
                hi = mid;
            }
            else
            {
                lo = mid;
            }
        }

        eigenvalues[index] = 0.5 * (lo + hi) * scale;
    }

    /// <summary>Number of eigenvalues of T smaller than σ (pivot-safe Sturm count).</summary>
    internal static int CountBelow(ArrayView<double> d, ArrayView<double> e, int n, double sigma, double pivmin)
    {
        var count = 0;
        var q = d[0] - sigma;
        if (q <= pivmin)
        {
            count++;
            q = Math.Min(q, -pivmin);
        }

        for (var i = 1; i < n; i++)
        {
            var b = e[i - 1];
            q = d[i] - sigma - (b * b / q);
            if (q <= pivmin)
            {
                count++;
                q = Math.Min(q, -pivmin);
            }
        }

        return count;
    }
}
