using System.Runtime.CompilerServices;
using ILGPU;
using ILGPU.Runtime;

namespace GpuSpectral.Kernels.Gram;

/// <summary>
/// Forms the Gram matrix of the smaller side of a row-major rows×cols matrix W on the device: X = WᵀW (cols×cols)
/// when cols ≤ rows, else X = WWᵀ (rows×rows); n = min(rows, cols). The kernels are compiled once per accelerator
/// (<see cref="For"/>); the tile edge is the largest power of two ≤ 16 whose square fits one group of the device
/// (16 on CUDA, 4 on ILGPU's default CPU accelerator).
/// </summary>
public sealed class GramLauncher
{
    /// <summary>Largest tile edge used (16×16 threads, 2·256 doubles = 4 KiB of shared memory per group).</summary>
    public const int MaxTile = 16;

    private static readonly ConditionalWeakTable<Accelerator, GramLauncher> Cache = [];

    private readonly Action<KernelConfig, ArrayView<double>, ArrayView<double>, int, int, long, long, int> float64;
    private readonly Action<KernelConfig, ArrayView<float>, ArrayView<double>, int, int, long, long, int> float32;

    private GramLauncher(Accelerator accelerator)
    {
        Accelerator = accelerator;
        Tile = TileFor(accelerator.MaxNumThreadsPerGroup);
        float64 = accelerator.LoadStreamKernel<
            ArrayView<double>, ArrayView<double>, int, int, long, long, int>(GramKernels.Float64);
        float32 = accelerator.LoadStreamKernel<
            ArrayView<float>, ArrayView<double>, int, int, long, long, int>(GramKernels.Float32);
    }

    /// <summary>The accelerator the kernels were compiled for.</summary>
    public Accelerator Accelerator { get; }

    /// <summary>Tile edge used on this accelerator.</summary>
    public int Tile { get; }

    /// <summary>The launcher of <paramref name="accelerator"/>, compiling its kernels on first use.</summary>
    public static GramLauncher For(Accelerator accelerator)
    {
        ArgumentNullException.ThrowIfNull(accelerator);
        return Cache.GetValue(accelerator, static a => new GramLauncher(a));
    }

    /// <summary>Order of the Gram matrix of a rows×cols matrix: min(rows, cols).</summary>
    public static int Order(int rows, int cols) => Math.Min(rows, cols);

    /// <summary>X = (smaller-side Gram of W) with float64 accumulation, asynchronously on the default stream.</summary>
    /// <param name="w">rows·cols values, row-major.</param>
    /// <param name="rows">Rows of W (≥ 1).</param>
    /// <param name="cols">Columns of W (≥ 1).</param>
    /// <param name="x">Receives the full symmetric n×n Gram (both triangles), n = min(rows, cols); row-major.</param>
    /// <exception cref="ArgumentException">A size does not match.</exception>
    /// <remarks>NaN/∞ in W propagate to the entries of X that use them.</remarks>
    public void Float64(ArrayView<double> w, int rows, int cols, ArrayView<double> x)
    {
        var (groups, n, depth, strideK, strideI) = Plan(w.Length, rows, cols, x.Length);
        var config = new KernelConfig(groups, Tile * Tile, SharedMemoryConfig.RequestDynamic<double>(2 * Tile * Tile));
        float64(config, w, x, n, depth, strideK, strideI, Tile);
    }

    /// <summary>As <see cref="Float64"/> with float32 inputs and float32 accumulation (the float32 sums are written
    /// widened to float64). Relative error per entry grows like depth·2⁻²⁴; use for speed, not for exactness.</summary>
    /// <inheritdoc cref="Float64" path="/param|/exception"/>
    public void Float32(ArrayView<float> w, int rows, int cols, ArrayView<double> x)
    {
        var (groups, n, depth, strideK, strideI) = Plan(w.Length, rows, cols, x.Length);
        var config = new KernelConfig(groups, Tile * Tile, SharedMemoryConfig.RequestDynamic<float>(2 * Tile * Tile));
        float32(config, w, x, n, depth, strideK, strideI, Tile);
    }

    internal static int TileFor(int maxThreadsPerGroup)
    {
        var tile = MaxTile;
        while (tile > 1 && tile * tile > maxThreadsPerGroup)
        {
            tile /= 2;
        }

        return tile;
    }

    private (int Groups, int N, int Depth, long StrideK, long StrideI) Plan(
        long wLength, int rows, int cols, long xLength)
    {
        if (rows < 1 || cols < 1)
        {
            throw new ArgumentException($"W must be at least 1×1, got {rows}×{cols}.", nameof(rows));
        }

        if (wLength != (long)rows * cols)
        {
            throw new ArgumentException(
                $"W of {rows}×{cols} needs {(long)rows * cols} elements, the view holds {wLength}.", nameof(wLength));
        }

        var n = Order(rows, cols);
        if (xLength != (long)n * n)
        {
            throw new ArgumentException(
                $"The Gram of a {rows}×{cols} matrix is {n}×{n} ({(long)n * n} elements), the output view holds " +
                $"{xLength}.", nameof(xLength));
        }

        var tiles = (n + Tile - 1) / Tile;
        var groups = (long)tiles * (tiles + 1) / 2;
        if (groups > int.MaxValue)
        {
            throw new ArgumentException($"n = {n} needs too many tiles for one launch.", nameof(rows));
        }


        // cols ≤ rows: X = WᵀW, A(k, i) = W[k, i]; else X = WWᵀ, A(k, i) = W[i, k].
        return cols <= rows
            ? ((int)groups, n, rows, cols, 1)
            : ((int)groups, n, cols, 1, cols);
    }
}
