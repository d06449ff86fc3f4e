using ILGPU;

namespace GpuSpectral.Kernels.Jacobi;

/// <summary>
/// Group-wide reductions for the Jacobi kernel. Every thread sums the per-thread partials in the same fixed order,
/// so all threads get the bit-identical result (uniform control flow, run-to-run deterministic).
/// </summary>
internal static class JacobiReductions
{
    /// <summary>Σ over the group of <paramref name="local"/>.</summary>
    public static double Sum(ArrayView<double> partial, double local)
    {
        Group.Barrier();
        partial[Group.IdxX] = local;
        Group.Barrier();
        var s = 0.0;
        for (var t = 0; t < Group.DimX; t++)
        {
            s += partial[t];
        }

        return s;
    }

    /// <summary>max over the group of <paramref name="local"/> (values ≥ 0).</summary>
    public static double Max(ArrayView<double> partial, double local)
    {
        Group.Barrier();
        partial[Group.IdxX] = local;
        Group.Barrier();
        var s = 0.0;
        for (var t = 0; t < Group.DimX; t++)
        {
            s = Math.Max(s, partial[t]);
        }

        return s;
    }

    /// <summary>This thread's share of Σ (a_ij·scale)², over all entries or the off-diagonal ones only.</summary>
    public static double SquaresLocal(ArrayView<double> a, int n, double scale, bool offDiagonalOnly)
    {
        var s = 0.0;
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
