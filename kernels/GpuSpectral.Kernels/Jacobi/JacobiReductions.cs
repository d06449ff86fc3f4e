using System.Numerics;
using ILGPU;

namespace GpuSpectral.Kernels.Jacobi;

/// <summary>Per-thread shares of the Frobenius sums that the Jacobi stop test reduces with GroupSums.</summary>
internal static class JacobiReductions
{
    /// <summary>This thread's share of Σ (a_ij·scale)², over all entries or the off-diagonal ones only.</summary>
    public static T SquaresLocal<T>(ArrayView<T> a, int n, T scale, bool offDiagonalOnly)
        where T : unmanaged, IFloatingPointIeee754<T>, IMinMaxValue<T>
    {
        var s = T.Zero;
        var nn = n * n;
        for (var i = Group.IdxX; i < nn; i += Group.DimX)
        {
            if (offDiagonalOnly && i / n == i % n)
            {
                continue;
            }

            var x = a[i] * scale;
            s += x * x;
        }

        return s;
    }
}
