using System.Runtime.CompilerServices;
using ILGPU;
using ILGPU.Runtime;

namespace GpuSpectral.Kernels.Lanczos;

/// <summary>
/// The tall-skinny device operations of block Lanczos. Blocks of vectors are stored column by column (vector j of
/// a block occupies [j·n, (j+1)·n)), small coefficient matrices row-major. One thread per output element, fixed
/// summation order (deterministic). Loaded once per accelerator.
/// </summary>
internal sealed class LanczosKernels
{
    private static readonly ConditionalWeakTable<Accelerator, LanczosKernels> Cache = new();

    private LanczosKernels(Accelerator accelerator)
    {
        MatVec = accelerator.LoadAutoGroupedStreamKernel<Index2D, ArrayView<double>, ArrayView<double>,
            ArrayView<double>, int>(MatVecKernel);
        Inner = accelerator.LoadAutoGroupedStreamKernel<Index2D, ArrayView<double>, ArrayView<double>,
            ArrayView<double>, int, int>(InnerKernel);
        Gemm = accelerator.LoadAutoGroupedStreamKernel<Index2D, ArrayView<double>, ArrayView<double>,
            ArrayView<double>, int, int, int, double, double>(GemmKernel);
    }

    /// <summary>Y = A·X for c columns: launch extent (n, c); args A (n×n row-major), X, Y, n.</summary>
    public Action<Index2D, ArrayView<double>, ArrayView<double>, ArrayView<double>, int> MatVec { get; }

    /// <summary>H = XᵀY: extent (p, q); args X (p vectors), Y (q vectors), H (p×q), n, q.</summary>
    public Action<Index2D, ArrayView<double>, ArrayView<double>, ArrayView<double>, int, int> Inner { get; }

    /// <summary>Y = β·Y + α·X·M: extent (n, q); args X (p vectors), M (p×q), Y (q vectors), n, p, q, α, β
    /// (β = 0 ignores the old Y, NaN included).</summary>
    public Action<Index2D, ArrayView<double>, ArrayView<double>, ArrayView<double>, int, int, int, double, double> Gemm
    { get; }

    public static LanczosKernels For(Accelerator accelerator) =>
        Cache.GetValue(accelerator, acc => new LanczosKernels(acc));

    private static void MatVecKernel(Index2D idx, ArrayView<double> a, ArrayView<double> x, ArrayView<double> y, int n)
    {
        var r = idx.X;
        var c = idx.Y;
        var row = (long)r * n;
        var col = (long)c * n;
        var s = 0.0;
        for (var k = 0; k < n; k++)
        {
            s += a[row + k] * x[col + k];
        }

        y[col + r] = s;
    }

    private static void InnerKernel(
        Index2D idx, ArrayView<double> x, ArrayView<double> y, ArrayView<double> h, int n, int q)
    {
        var xi = (long)idx.X * n;
        var yj = (long)idx.Y * n;
        var s = 0.0;
        for (var r = 0; r < n; r++)
        {
            s += x[xi + r] * y[yj + r];
        }

        h[(idx.X * q) + idx.Y] = s;
    }

    private static void GemmKernel(
        Index2D idx, ArrayView<double> x, ArrayView<double> m, ArrayView<double> y, int n, int p, int q,
        double alpha, double beta)
    {
        var r = idx.X;
        var j = idx.Y;
        var s = 0.0;
        for (var i = 0; i < p; i++)
        {
            s += x[((long)i * n) + r] * m[(i * q) + j];
        }

        var at = ((long)j * n) + r;
        y[at] = beta == 0.0 ? alpha * s : (beta * y[at]) + (alpha * s);
    }
}
