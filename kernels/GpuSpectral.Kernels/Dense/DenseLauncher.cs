using System.Numerics;
using System.Runtime.CompilerServices;
using ILGPU;
using ILGPU.Runtime;

namespace GpuSpectral.Kernels.Dense;

/// <summary>
/// Loads (once per accelerator) and launches the tridiagonalization and bisection kernels for element type T
/// (float or double): one launch each for the whole batch.
/// </summary>
internal static class DenseLauncher<T>
    where T : unmanaged, IFloatingPointIeee754<T>, IMinMaxValue<T>
{
    private static readonly ConditionalWeakTable<Accelerator, Loaded> Cache = new();

    /// <summary>count·n eigenvalues, ascending per matrix (NaN for a non-finite matrix).</summary>
    /// <param name="accelerator">Owner of <paramref name="matrices"/>.</param>
    /// <param name="matrices">count·n² row-major symmetric matrices; destroyed.</param>
    /// <param name="n">Order, ≥ 1.</param>
    /// <param name="count">Number of matrices, ≥ 1.</param>
    /// <param name="ulp">Relative machine precision of T.</param>
    /// <param name="safeMin">Smallest normal number of T.</param>
    /// <param name="fudge">2.1 in T.</param>
    public static T[] Eigenvalues(
        Accelerator accelerator, ArrayView1D<T, Stride1D.Dense> matrices, int n, int count, T ulp, T safeMin, T fudge)
    {
        ArgumentNullException.ThrowIfNull(accelerator);
        var nn = MatrixBatch.Validate(matrices.Length, n, count, nameof(matrices));

        var kernels = Cache.GetValue(accelerator, acc => new Loaded(acc));
        using var diagonal = accelerator.Allocate1D<T>((long)n * count);
        using var offDiagonal = accelerator.Allocate1D<T>((long)n * count);
        using var unscale = accelerator.Allocate1D<T>(count);
        using var eigenvalues = accelerator.Allocate1D<T>((long)n * count);
        using var work = accelerator.Allocate1D<T>(2L * n * count);
        var warp = Math.Max(1, accelerator.WarpSize);
        var group = Math.Min(256, accelerator.MaxNumThreadsPerGroup);
        group = Math.Max(Math.Min(warp, group), Math.Min(group, ((n + warp - 1) / warp) * warp));
        kernels.Tridiagonalize(new KernelConfig(count, group, SharedMemoryConfig.RequestDynamic<T>(group)),
            matrices.AsContiguous().SubView(0, nn * count), work.View.AsContiguous(), diagonal.View.AsContiguous(),
            offDiagonal.View.AsContiguous(), unscale.View.AsContiguous(), n);
        kernels.Bisect(n * count, diagonal.View.AsContiguous(), offDiagonal.View.AsContiguous(),
            unscale.View.AsContiguous(), eigenvalues.View.AsContiguous(), n, ulp, safeMin, fudge);
        accelerator.Synchronize();
        return eigenvalues.GetAsArray1D();
    }

    private sealed class Loaded(Accelerator accelerator)
    {
        public Action<KernelConfig, ArrayView<T>, ArrayView<T>, ArrayView<T>, ArrayView<T>, ArrayView<T>, int>
            Tridiagonalize { get; } =
            accelerator.LoadStreamKernel<ArrayView<T>, ArrayView<T>, ArrayView<T>, ArrayView<T>, ArrayView<T>, int>(
                TridiagonalizeKernel.Run<T>);

        public Action<Index1D, ArrayView<T>, ArrayView<T>, ArrayView<T>, ArrayView<T>, int, T, T, T> Bisect { get; } =
            accelerator.LoadAutoGroupedStreamKernel<Index1D, ArrayView<T>, ArrayView<T>, ArrayView<T>, ArrayView<T>,
                int, T, T, T>(SturmBisectionKernel.Run<T>);
    }
}
