using System.Numerics;
using ILGPU;

namespace GpuSpectral.Kernels.Dense;

/// <summary>
/// Unblocked Householder reduction of a symmetric matrix to tridiagonal form (the DSYTD2 lower variant),
/// one thread group per matrix, the matrix updated in place in global memory (gpu-eigensolvers.md §3.1 without the
/// DLATRD panel blocking). Per column i: x = A[i+1:, i]; β = −sign(x₀)·‖x‖, τ = (β − x₀)/β, v = x/(x₀ − β) with
/// v₀ = 1; y = τ·A₂₂v; w = y − ½τ(yᵀv)·v; A₂₂ −= v·wᵀ + w·vᵀ. Five group barriers per column. The matrix is first
/// scaled by a power of two so that max|a| ∈ [½, 1): the scaling is exact and keeps ‖x‖² and the later Sturm
/// recurrence (b²) clear of overflow and underflow.
/// </summary>
internal static class TridiagonalizeKernel
{
    /// <summary>Kernel body. Grid.IdxX = matrix index; dynamic shared memory: Group.DimX elements of T.</summary>
    /// <param name="matrices">count·n² row-major, both triangles filled; destroyed.</param>
    /// <param name="work">count·2n scratch (v and y/w of the current column).</param>
    /// <param name="diagonal">count·n: the diagonal a_i of T (scaled).</param>
    /// <param name="offDiagonal">count·n: the off-diagonal b_i of T (first n − 1 used, scaled).</param>
    /// <param name="unscale">count: the power of two that multiplies T's eigenvalues back to the input's units;
    /// NaN when the input held NaN or ±∞.</param>
    /// <param name="n">Order.</param>
    public static void Run<T>(
        ArrayView<T> matrices,
        ArrayView<T> work,
        ArrayView<T> diagonal,
        ArrayView<T> offDiagonal,
        ArrayView<T> unscale,
        int n)
        where T : unmanaged, IFloatingPointIeee754<T>, IMinMaxValue<T>
    {
        var tid = Group.IdxX;
        var dim = Group.DimX;
        var partial = SharedMemory.GetDynamic<T>();
        var nn = n * n;
        var b = Grid.IdxX;
        var a = matrices.SubView((long)b * nn, nn);
        var v = work.SubView((long)b * 2 * n, n);
        var y = work.SubView(((long)b * 2 * n) + n, n);
        var d = diagonal.SubView((long)b * n, n);
        var e = offDiagonal.SubView((long)b * n, n);

        var one = T.One;
        var half = one / (one + one);
        var localMax = T.Zero;
        for (var i = tid; i < nn; i += dim)
        {
            var x = T.Abs(a[i]);
            localMax = x <= T.MaxValue ? (x > localMax ? x : localMax) : T.PositiveInfinity;
        }

        var maxAbs = GroupSums.Max(partial, localMax);
        if (!(maxAbs <= T.MaxValue))
        {
            if (tid == 0)
            {
                unscale[b] = T.NaN;
            }

            return;
        }

        // Power of two s with max|a|·s ∈ [½, 1) (s = 1 for the zero matrix); exact in binary floating point.
        var s = one;
        if (maxAbs > T.Zero)
        {
            while (maxAbs * s >= one)
            {
                s *= half;
            }

            while (maxAbs * s < half)
            {
                s += s;
            }
        }

        for (var i = tid; i < nn; i += dim)
        {
            a[i] *= s;
        }

        Group.Barrier();

        for (var i = 0; i < n - 2; i++)
        {
            Column(a, v, y, partial, n, i, out var beta);
            if (tid == 0)
            {
                e[i] = beta;
            }
        }

        Group.Barrier();
        if (tid == 0)
        {
            for (var i = 0; i < n; i++)
            {
                d[i] = a[(i * n) + i];
            }

            if (n >= 2)
            {
                e[n - 2] = a[((n - 1) * n) + n - 2];
            }

            unscale[b] = one / s;
        }
    }

    /// <summary>Reflects column i: returns the new sub-diagonal β and updates the trailing matrix A[i+1:, i+1:].</summary>
    private static void Column<T>(
        ArrayView<T> a, ArrayView<T> v, ArrayView<T> y, ArrayView<T> partial, int n, int i, out T beta)
        where T : unmanaged, IFloatingPointIeee754<T>, IMinMaxValue<T>
    {
        var tid = Group.IdxX;
        var dim = Group.DimX;
        var m = n - i - 1;
        var x0 = a[((i + 1) * n) + i];

        // ‖x[1:]‖² (all threads get the same sum).
        var zero = T.Zero;
        var one = T.One;
        var local = zero;
        for (var j = 1 + tid; j < m; j += dim)
        {
            var x = a[((i + 1 + j) * n) + i];
            local += x * x;
        }

        var sigma2 = GroupSums.Sum(partial, local);
        if (sigma2 == zero)
        {
            // Already reduced: H = I (τ = 0), β = x₀.
            beta = x0;
            return;
        }

        var norm = T.Sqrt((x0 * x0) + sigma2);
        beta = x0 >= zero ? -norm : norm;
        var tau = (beta - x0) / beta;
        var inv = one / (x0 - beta);
        for (var j = tid; j < m; j += dim)
        {
            v[j] = j == 0 ? one : a[((i + 1 + j) * n) + i] * inv;
        }

        Group.Barrier();

        // y = τ·A₂₂·v (both triangles are kept up to date, so each row is read contiguously), and yᵀv.
        local = zero;
        for (var j = tid; j < m; j += dim)
        {
            var row = (i + 1 + j) * n;
            var acc = zero;
            for (var k = 0; k < m; k++)
            {
                acc += a[row + i + 1 + k] * v[k];
            }

            y[j] = tau * acc;
            local += y[j] * v[j];
        }

        var yv = GroupSums.Sum(partial, local);

        // w = y − ½τ(yᵀv)·v (in place in y; each thread owns the rows it wrote).
        var half = tau * yv / (one + one);
        for (var j = tid; j < m; j += dim)
        {
            y[j] -= half * v[j];
        }

        Group.Barrier();

        // A₂₂ −= v·wᵀ + w·vᵀ.
        for (var j = tid; j < m; j += dim)
        {
            var row = (i + 1 + j) * n;
            var vj = v[j];
            var wj = y[j];
            for (var k = 0; k < m; k++)
            {
                a[row + i + 1 + k] -= (vj * y[k]) + (wj * v[k]);
            }
        }

        Group.Barrier();
    }
}
