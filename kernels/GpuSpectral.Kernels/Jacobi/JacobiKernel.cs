using System.Numerics;
using GpuSpectral.Kernels.Dense;
using ILGPU;

namespace GpuSpectral.Kernels.Jacobi;

/// <summary>
/// Two-sided cyclic Jacobi, one thread group per matrix (gpu-eigensolvers.md §5.1). Each round of the round-robin
/// ordering rotates m/2 disjoint pairs at once: (1) pair rotations (Rutishauser's stable form) into shared memory,
/// (2) column pass A·J (and V·J), (3) row pass Jᵀ·(AJ) that also writes the exact 2×2 result (a_pq = 0). Three
/// barriers per round. The working matrix is staged in dynamic shared memory when it fits, otherwise it is
/// updated in place in global memory (the input may be overwritten).
/// </summary>
internal static class JacobiKernel
{
    /// <summary>Status code: the input held NaN or ±∞.</summary>
    public const int NotFinite = -2;

    /// <summary>Status code: the sweep cap was reached before the off-diagonal norm fell below the tolerance.</summary>
    public const int NotConverged = -1;

    /// <summary>Shared doubles the kernel needs besides the staged matrix: c, s, new a_pp, new a_qq per pair and one
    /// reduction slot per thread.</summary>
    public static int SharedScalars(int n, int groupSize) => (4 * (RoundRobin.Players(n) / 2)) + groupSize;

    /// <summary>Kernel body. Grid.IdxX = matrix index.</summary>
    /// <param name="matrices">count·n² row-major matrices (overwritten when not staged).</param>
    /// <param name="vectors">count·n² eigenvector output (row i, column j = component i of vector j) or a
    /// 1-element dummy when <paramref name="wantVectors"/> is 0.</param>
    /// <param name="diagonals">count·n: unsorted eigenvalues (the final diagonal), NaN when not finite.</param>
    /// <param name="status">count: sweeps used (≥ 0), <see cref="NotConverged"/> or <see cref="NotFinite"/>.</param>
    /// <param name="n">Order.</param>
    /// <param name="maxSweeps">Sweep cap.</param>
    /// <param name="tolerance">Stop when ‖off(A)‖_F ≤ tolerance·‖A‖_F.</param>
    /// <param name="stageInShared">1: copy the matrix into dynamic shared memory.</param>
    /// <param name="wantVectors">1: accumulate V = J₁J₂⋯.</param>
    public static void Run<T>(
        ArrayView<T> matrices,
        ArrayView<T> vectors,
        ArrayView<T> diagonals,
        ArrayView<int> status,
        int n,
        int maxSweeps,
        T tolerance,
        int stageInShared,
        int wantVectors)
        where T : unmanaged, IFloatingPointIeee754<T>, IMinMaxValue<T>
    {
        var players = RoundRobin.Players(n);
        var half = players / 2;
        var tid = Group.IdxX;
        var dim = Group.DimX;
        var shared = SharedMemory.GetDynamic<T>();
        var cosv = shared.SubView(0, half);
        var sinv = shared.SubView(half, half);
        var newPp = shared.SubView(2 * half, half);
        var newQq = shared.SubView(3 * half, half);
        var partial = shared.SubView(4 * half, dim);
        var nn = n * n;
        var offset = (long)Grid.IdxX * nn;
        var global = matrices.SubView(offset, nn);
        var a = global;
        if (stageInShared != 0)
        {
            a = shared.SubView((4 * half) + dim, nn);
            for (var i = tid; i < nn; i += dim)
            {
                a[i] = global[i];
            }
        }

        if (wantVectors != 0)
        {
            var v = vectors.SubView(offset, nn);
            for (var i = tid; i < nn; i += dim)
            {
                v[i] = i / n == i % n ? T.One : T.Zero;
            }
        }

        Group.Barrier();

        // Scale-free convergence test: max|a| first (NaN/∞ → +∞), then sums of (a/max)².
        var localMax = T.Zero;
        for (var i = tid; i < nn; i += dim)
        {
            var x = T.Abs(a[i]);
            localMax = x <= T.MaxValue ? (x > localMax ? x : localMax) : T.PositiveInfinity;
        }

        var maxAbs = GroupSums.Max(partial, localMax);
        if (!(maxAbs <= T.MaxValue))
        {
            for (var i = tid; i < n; i += dim)
            {
                diagonals[((long)Grid.IdxX * n) + i] = T.NaN;
            }

            if (tid == 0)
            {
                status[Grid.IdxX] = NotFinite;
            }

            return;
        }

        var inv = maxAbs > T.Zero ? T.One / maxAbs : T.One;
        var total = GroupSums.Sum(partial, JacobiReductions.SquaresLocal(a, n, inv, offDiagonalOnly: false));
        var sweep = 0;
        while (true)
        {
            var off = GroupSums.Sum(partial, JacobiReductions.SquaresLocal(a, n, inv, offDiagonalOnly: true));
            if (T.Sqrt(off) <= tolerance * T.Sqrt(total))
            {
                break;
            }

            if (sweep == maxSweeps)
            {
                sweep = NotConverged;
                break;
            }

            for (var round = 0; round < players - 1; round++)
            {
                JacobiRound.Rotations(a, n, round, players, cosv, sinv, newPp, newQq);
                Group.Barrier();
                JacobiRound.ColumnPass(a, n, round, players, cosv, sinv);
                if (wantVectors != 0)
                {
                    JacobiRound.ColumnPass(vectors.SubView(offset, nn), n, round, players, cosv, sinv);
                }

                Group.Barrier();
                JacobiRound.RowPass(a, n, round, players, cosv, sinv, newPp, newQq);
                Group.Barrier();
            }

            sweep++;
        }

        for (var i = tid; i < n; i += dim)
        {
            diagonals[((long)Grid.IdxX * n) + i] = a[(i * n) + i];
        }

        if (tid == 0)
        {
            status[Grid.IdxX] = sweep;
        }
    }
}
