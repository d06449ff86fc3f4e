using System.Numerics;
using System.Runtime.CompilerServices;
using ILGPU;
using ILGPU.Runtime;

namespace GpuSpectral.Kernels.Jacobi;

/// <summary>Loads (once per accelerator) and launches <see cref="JacobiKernel"/> for element type T (float or double).</summary>
internal static class JacobiLauncher<T>
    where T : unmanaged, IFloatingPointIeee754<T>, IMinMaxValue<T>
{
    private static readonly ConditionalWeakTable<Accelerator, Action<KernelConfig, ArrayView<T>, ArrayView<T>,
        ArrayView<T>, ArrayView<int>, int, int, T, int, int>> Kernels = new();

    /// <summary>Runs the batch; returns the unsorted diagonals (count·n), per-matrix status and, if asked, the
    /// row-major accumulated rotations (count·n²).</summary>
    public static (T[] Diagonals, int[] Status, T[]? Vectors) Run(
        Accelerator accelerator, ArrayView1D<T, Stride1D.Dense> matrices, int n, int count, bool wantVectors,
        int maxSweeps, T tolerance, bool stageAllowed)
    {
        ArgumentNullException.ThrowIfNull(accelerator);
        var nn = MatrixBatch.Validate(matrices.Length, n, count, nameof(matrices));

        var kernel = Kernels.GetValue(accelerator,
            acc => acc.LoadStreamKernel<ArrayView<T>, ArrayView<T>, ArrayView<T>, ArrayView<int>, int, int, T, int,
                int>(JacobiKernel.Run<T>));
        var group = GroupSize(accelerator, n);
        var scalars = JacobiKernel.SharedScalars(n, group);
        var stage = stageAllowed && FitsInSharedMemory(accelerator, n);

        using var vectors = accelerator.Allocate1D<T>(wantVectors ? nn * count : 1);
        using var diagonals = accelerator.Allocate1D<T>((long)n * count);
        using var status = accelerator.Allocate1D<int>(count);
        var config = new KernelConfig(count, group,
            SharedMemoryConfig.RequestDynamic<T>(scalars + (stage ? (int)nn : 0)));
        kernel(config, matrices.AsContiguous().SubView(0, nn * count), vectors.View.AsContiguous(),
            diagonals.View.AsContiguous(), status.View.AsContiguous(), n, maxSweeps, tolerance, stage ? 1 : 0,
            wantVectors ? 1 : 0);
        accelerator.Synchronize();
        return (diagonals.GetAsArray1D(), status.GetAsArray1D(), wantVectors ? vectors.GetAsArray1D() : null);
    }

    /// <summary>True when the n×n matrix plus the per-pair scalars fit in one group's shared memory.</summary>
    public static bool FitsInSharedMemory(Accelerator accelerator, int n) =>
        (JacobiKernel.SharedScalars(n, GroupSize(accelerator, n)) + ((long)n * n)) * Unsafe.SizeOf<T>()
        <= accelerator.MaxSharedMemoryPerGroup;

    /// <summary>Threads per group: up to 256, a multiple of the warp size, no more than there is work per round.</summary>
    public static int GroupSize(Accelerator accelerator, int n)
    {
        var warp = Math.Max(1, accelerator.WarpSize);
        var max = Math.Min(256, accelerator.MaxNumThreadsPerGroup);
        var work = RoundRobin.Players(n) / 2 * n;
        var size = Math.Min(max, ((work + warp - 1) / warp) * warp);
        return Math.Max(Math.Min(warp, max), size - (size % warp));
    }
}
