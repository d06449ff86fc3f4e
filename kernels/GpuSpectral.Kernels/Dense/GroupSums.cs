using ILGPU;

namespace GpuSpectral.Kernels.Dense;

/// <summary>
/// Group-wide reductions through a shared array of Group.DimX slots. Every thread sums the slots in the same fixed
/// order, so all threads hold the bit-identical result (uniform branches after it, deterministic run to run).
/// </summary>
internal static class GroupSums
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

    /// <summary>max over the group of <paramref name="local"/> (values ≥ 0; +∞ propagates).</summary>
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
}
