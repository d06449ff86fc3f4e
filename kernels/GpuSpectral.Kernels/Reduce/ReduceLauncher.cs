using System.Runtime.CompilerServices;
using ILGPU;
using ILGPU.Runtime;

namespace GpuSpectral.Kernels.Reduce;

/// <summary>
/// Device reductions used by the GPU pipeline: the largest finite magnitude and the number of non-finite values of
/// a float64 view (to reject NaN/∞ weights before the eigen solve, and to scale tolerances). Kernels are compiled
/// once per accelerator (<see cref="For"/>).
/// </summary>
public sealed class ReduceLauncher
{
    /// <summary>Groups per multiprocessor in pass 1: enough to fill a GPU (8 × 132 SMs on an H100), few on the CPU
    /// accelerator, where every group barrier costs ~90 µs.</summary>
    private const int GroupsPerMultiprocessor = 8;

    private static readonly ConditionalWeakTable<Accelerator, ReduceLauncher> Cache = [];

    private readonly Action<KernelConfig, ArrayView<double>, ArrayView<double>, ArrayView<int>> partials;
    private readonly Action<KernelConfig, ArrayView<double>, ArrayView<int>, ArrayView<double>, ArrayView<int>> final;

    private ReduceLauncher(Accelerator accelerator)
    {
        Accelerator = accelerator;

        // Power of two (the tree halves it), at most 256 threads.
        GroupSize = 1;
        while (GroupSize * 2 <= Math.Min(256, accelerator.MaxNumThreadsPerGroup))
        {
            GroupSize *= 2;
        }

        partials = accelerator.LoadStreamKernel<ArrayView<double>, ArrayView<double>, ArrayView<int>>(
            ReduceKernels.Partials);
        final = accelerator.LoadStreamKernel<ArrayView<double>, ArrayView<int>, ArrayView<double>, ArrayView<int>>(
            ReduceKernels.Final);
    }

    /// <summary>The accelerator the kernels were compiled for.</summary>
    public Accelerator Accelerator { get; }

    /// <summary>Threads per group (a power of two).</summary>
    public int GroupSize { get; }

    /// <summary>The launcher of <paramref name="accelerator"/>, compiling its kernels on first use.</summary>
    public static ReduceLauncher For(Accelerator accelerator)
    {
        ArgumentNullException.ThrowIfNull(accelerator);
        return Cache.GetValue(accelerator, static a => new ReduceLauncher(a));
    }

    /// <summary>max |x_i| over the finite values (0 when there are none) and the number of NaN/±∞ values.
    /// Synchronizes the accelerator.</summary>
    /// <param name="x">The values (any length, including 0).</param>
    /// <returns>The largest finite magnitude, in the units of x, and the non-finite count.</returns>
    public (double MaxAbs, long NonFinite) MaxAbsAndNonFinite(ArrayView<double> x)
    {
        if (x.Length == 0)
        {
            return (0.0, 0);
        }

        var maxGroups = Math.Max(1, Accelerator.NumMultiprocessors) * GroupsPerMultiprocessor;
        var groups = (int)Math.Min(maxGroups, (x.Length + GroupSize - 1) / GroupSize);
        var shared = SharedMemoryConfig.RequestDynamic<double>(2 * GroupSize);
        using var partialMax = Accelerator.Allocate1D<double>(groups);
        using var partialCount = Accelerator.Allocate1D<int>(groups);
        using var result = Accelerator.Allocate1D<double>(1);
        using var resultCount = Accelerator.Allocate1D<int>(1);
        partials(new KernelConfig(groups, GroupSize, shared), x, partialMax.View, partialCount.View);
        final(new KernelConfig(1, GroupSize, shared), partialMax.View, partialCount.View, result.View,
            resultCount.View);
        Accelerator.Synchronize();
        return (result.GetAsArray1D()[0], resultCount.GetAsArray1D()[0]);
    }
}
