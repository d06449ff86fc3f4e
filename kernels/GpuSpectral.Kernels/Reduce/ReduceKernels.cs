using ILGPU;

namespace GpuSpectral.Kernels.Reduce;

/// <summary>
/// Two-pass finite-value summary: pass 1 (any number of groups, grid-stride loop) leaves one (max |finite x|,
/// non-finite count) pair per group; pass 2 (one group) folds the partials. Tree reductions in dynamic shared
/// memory (one double and one int per thread); no atomics, so the result is deterministic.
/// </summary>
internal static class ReduceKernels
{
    /// <summary>Pass 1 over <paramref name="x"/>.</summary>
    public static void Partials(ArrayView<double> x, ArrayView<double> partialMax, ArrayView<int> partialCount)
    {
        var max = 0.0;
        var count = 0;
        var stride = (long)Grid.DimX * Group.DimX;
        for (var i = ((long)Grid.IdxX * Group.DimX) + Group.IdxX; i < x.Length; i += stride)
        {
            Accumulate(x[i], 0, ref max, ref count);
        }

        Fold(max, count, out max, out count);
        if (Group.IsFirstThread)
        {
            partialMax[Grid.IdxX] = max;
            partialCount[Grid.IdxX] = count;
        }
    }

    /// <summary>Pass 2: one group folds <paramref name="partialMax"/>/<paramref name="partialCount"/> into
    /// element 0 of <paramref name="result"/> / <paramref name="resultCount"/>.</summary>
    public static void Final(
        ArrayView<double> partialMax, ArrayView<int> partialCount, ArrayView<double> result, ArrayView<int> resultCount)
    {
        var max = 0.0;
        var count = 0;
        for (var i = Group.IdxX; i < partialMax.Length; i += Group.DimX)
        {
            Accumulate(partialMax[i], partialCount[i], ref max, ref count);
        }

        Fold(max, count, out max, out count);
        if (Group.IsFirstThread)
        {
            result[0] = max;
            resultCount[0] = count;
        }
    }

    private static void Accumulate(double value, int nonFinite, ref double max, ref int count)
    {
        if (double.IsFinite(value))
        {
            max = Math.Max(max, Math.Abs(value));
        }
        else
        {
            count++;
        }

        count += nonFinite;
    }

    private static void Fold(double max, int count, out double groupMax, out int groupCount)
    {
        var shared = SharedMemory.GetDynamic<double>(); // DimX doubles, then DimX ints stored as doubles
        var id = Group.IdxX;
        shared[id] = max;
        shared[Group.DimX + id] = count;
        Group.Barrier();
        for (var half = Group.DimX / 2; half > 0; half /= 2)
        {
            if (id < half)
            {
                shared[id] = Math.Max(shared[id], shared[id + half]);
                shared[Group.DimX + id] += shared[Group.DimX + id + half];
            }

            Group.Barrier();
        }

        groupMax = shared[0];
        groupCount = (int)shared[Group.DimX];
    }
}
