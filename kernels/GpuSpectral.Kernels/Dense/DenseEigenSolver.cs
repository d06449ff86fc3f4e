using System.Runtime.CompilerServices;
using ILGPU;
using ILGPU.Runtime;

namespace GpuSpectral.Kernels.Dense;

/// <summary>
/// All eigenvalues of dense symmetric float64 matrices on the device: Householder tridiagonalization (unblocked,
/// one thread group per matrix, every matrix of the batch in one launch) followed by Sturm-sequence bisection (one
/// thread per eigenvalue). See <see cref="TridiagonalizeKernel"/> and <see cref="SturmBisectionKernel"/>.
/// </summary>
/// <remarks>
/// Accuracy: the Householder reduction is backward stable (T is exactly similar to A + E, ‖E‖ ≲ c·n·u·‖A‖) and
/// bisection places every eigenvalue of T within ≈ ulp·‖T‖, so each eigenvalue has absolute error ≲ c·n·u·‖A‖
/// (the same order as LAPACK dsyevd). NaN behaviour: a matrix with NaN or ±∞ gets all-NaN eigenvalues; other
/// matrices of the batch are unaffected.
/// </remarks>
public sealed class DenseEigenSolver : IDeviceSymmetricEigenSolver
{
    private static readonly ConditionalWeakTable<Accelerator, LoadedKernels> Cache = new();

    /// <inheritdoc />
    public double[][] Eigenvalues(Accelerator accelerator, ArrayView1D<double, Stride1D.Dense> matrices, int n, int count)
    {
        ArgumentNullException.ThrowIfNull(accelerator);
        ArgumentOutOfRangeException.ThrowIfLessThan(n, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        var nn = (long)n * n;
        if (matrices.Length < nn * count)
        {
            throw new ArgumentException($"{count} matrices of order {n} need {nn * count} values; the view holds {matrices.Length}.",
                nameof(matrices));
        }

        var kernels = Cache.GetValue(accelerator, acc => new LoadedKernels(acc));
        using var diagonal = accelerator.Allocate1D<double>((long)n * count);
        using var offDiagonal = accelerator.Allocate1D<double>((long)n * count);
        using var unscale = accelerator.Allocate1D<double>(count);
        using var eigenvalues = accelerator.Allocate1D<double>((long)n * count);
        Tridiagonalize(accelerator, kernels, matrices.AsContiguous().SubView(0, nn * count), diagonal.View.AsContiguous(),
            offDiagonal.View.AsContiguous(), unscale.View.AsContiguous(), n, count);
        kernels.Bisect(n * count, diagonal.View.AsContiguous(), offDiagonal.View.AsContiguous(),
            unscale.View.AsContiguous(), eigenvalues.View.AsContiguous(), n);
        accelerator.Synchronize();

        var all = eigenvalues.GetAsArray1D();
        var result = new double[count][];
        for (var b = 0; b < count; b++)
        {
            result[b] = all.AsSpan(b * n, n).ToArray();
        }

        return result;
    }

    /// <summary>Reduces each matrix to tridiagonal form (diagonal, off-diagonal, unscale factor per matrix).</summary>
    internal static void Tridiagonalize(
        Accelerator accelerator, ArrayView<double> matrices, ArrayView<double> diagonal, ArrayView<double> offDiagonal,
        ArrayView<double> unscale, int n, int count) =>
        Tridiagonalize(accelerator, Cache.GetValue(accelerator, acc => new LoadedKernels(acc)), matrices, diagonal,
            offDiagonal, unscale, n, count);

    private static void Tridiagonalize(
        Accelerator accelerator, LoadedKernels kernels, ArrayView<double> matrices, ArrayView<double> diagonal,
        ArrayView<double> offDiagonal, ArrayView<double> unscale, int n, int count)
    {
        var warp = Math.Max(1, accelerator.WarpSize);
        var group = Math.Min(256, accelerator.MaxNumThreadsPerGroup);
        group = Math.Max(Math.Min(warp, group), Math.Min(group, ((n + warp - 1) / warp) * warp));
        using var work = accelerator.Allocate1D<double>(2L * n * count);
        kernels.Tridiagonalize(new KernelConfig(count, group, SharedMemoryConfig.RequestDynamic<double>(group)),
            matrices, work.View.AsContiguous(), diagonal, offDiagonal, unscale, n);
        accelerator.Synchronize();
    }

    private sealed class LoadedKernels(Accelerator accelerator)
    {
        public Action<KernelConfig, ArrayView<double>, ArrayView<double>, ArrayView<double>, ArrayView<double>,
            ArrayView<double>, int> Tridiagonalize { get; } =
            accelerator.LoadStreamKernel<ArrayView<double>, ArrayView<double>, ArrayView<double>, ArrayView<double>,
                ArrayView<double>, int>(TridiagonalizeKernel.Run);

        public Action<Index1D, ArrayView<double>, ArrayView<double>, ArrayView<double>, ArrayView<double>, int> Bisect
        { get; } = accelerator.LoadAutoGroupedStreamKernel<Index1D, ArrayView<double>, ArrayView<double>,
            ArrayView<double>, ArrayView<double>, int>(SturmBisectionKernel.Run);
    }
}
