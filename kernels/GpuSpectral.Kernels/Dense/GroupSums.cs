using System.Numerics;
using ILGPU;

namespace GpuSpectral.Kernels.Dense;

/// <summary>
/// Group-wide reductions through a shared array of Group.DimX slots. Every thread sums the slots in the same fixed
/// order, so all threads hold the bit-identical result (uniform branches after it, deterministic run to run).
/// Generic over float32/float64.
/// </summary>
internal static class GroupSums
{
    /// <summary>Σ over the group of <paramref name="local"/>.</summary>
    public static T Sum<T>(ArrayView<T> partial, T local)
        where T : unmanaged, IFloatingPointIeee754<T>, IMinMaxValue<T>
    {
        Group.Barrier();
        partial[Group.IdxX] = local;
        Group.Barrier();
        var s = T.Zero;
        for (var t = 0; t < Group.DimX; t++)
        {
            s += partial[t];
        }

        return s;
    }

    /// <summary>max over the group of <paramref name="local"/> (values ≥ 0; +∞ propagates).</summary>
    public static T Max<T>(ArrayView<T> partial, T local)
        where T : unmanaged, IFloatingPointIeee754<T>, IMinMaxValue<T>
    {
        Group.Barrier();
        partial[Group.IdxX] = local;
        Group.Barrier();
        var s = T.Zero;
        for (var t = 0; t < Group.DimX; t++)
        {
            var x = partial[t];
            s = x > s ? x : s;
        }

        return s;
    }
}
