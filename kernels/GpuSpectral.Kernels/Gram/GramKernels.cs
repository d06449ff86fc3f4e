using System.Numerics;
using ILGPU;

namespace GpuSpectral.Kernels.Gram;

/// <summary>
/// Tiled Gram kernels X = AᵀA with A(k, i) = w[k·strideK + i·strideI] (k &lt; depth, i &lt; n): one group per tile
/// (I, J) of the lower triangle, tile×tile threads, both operand tiles staged in dynamic shared memory
/// (2·tile² elements), each thread summing its entry over k in ascending order. The epilogue writes X[i,j] and X[j,i]
/// (the same number: the products commute and the order is the same).
/// </summary>
internal static class GramKernels
{
    /// <summary>float64 inputs, float64 accumulation.</summary>
    public static void Float64(
        ArrayView<double> w, ArrayView<double> x, int n, int depth, long strideK, long strideI, int tile)
    {
        var acc = TileEntry(w, SharedMemory.GetDynamic<double>(), n, depth, strideK, strideI, tile, out var i, out var j);
        Store(x, n, i, j, acc);
    }

    /// <summary>float32 inputs, float32 accumulation, float64 output (the float32 sum widened).</summary>
    public static void Float32(
        ArrayView<float> w, ArrayView<double> x, int n, int depth, long strideK, long strideI, int tile)
    {
        var acc = TileEntry(w, SharedMemory.GetDynamic<float>(), n, depth, strideK, strideI, tile, out var i, out var j);
        Store(x, n, i, j, acc);
    }

    /// <summary>
    /// This thread's entry (<paramref name="i"/>, <paramref name="j"/>) of its group's tile, summed in
    /// <typeparamref name="T"/> over k in ascending order, with both operand tiles staged in
    /// <paramref name="shared"/> (2·tile² elements).
    /// </summary>
    private static T TileEntry<T>(
        ArrayView<T> w, ArrayView<T> shared, int n, int depth, long strideK, long strideI, int tile, out int i, out int j)
        where T : unmanaged, INumber<T>
    {
        TileOf(Grid.IdxX, out var ti, out var tj);
        var r = Group.IdxX / tile;
        var c = Group.IdxX - (r * tile);
        var rowA = (ti * tile) + c;
        var rowB = (tj * tile) + c;
        var tt = tile * tile;
        var acc = T.Zero;
        for (var k0 = 0; k0 < depth; k0 += tile)
        {
            var k = k0 + r;
            shared[Group.IdxX] = k < depth && rowA < n ? w[(k * strideK) + (rowA * strideI)] : T.Zero;
            shared[tt + Group.IdxX] = k < depth && rowB < n ? w[(k * strideK) + (rowB * strideI)] : T.Zero;
            Group.Barrier();
            for (var kk = 0; kk < tile; kk++)
            {
                acc += shared[(kk * tile) + r] * shared[tt + (kk * tile) + c];
            }

            Group.Barrier();
        }

        i = (ti * tile) + r;
        j = (tj * tile) + c;
        return acc;
    }

    /// <summary>Lower-triangle tile (I ≥ J) of linear group <paramref name="g"/>: g = I(I+1)/2 + J.</summary>
    private static void TileOf(int g, out int ti, out int tj)
    {
        ti = (int)((Math.Sqrt((8.0 * g) + 1.0) - 1.0) / 2.0);
        while (ti * (ti + 1) / 2 > g)
        {
            ti--;
        }

        while ((ti + 1) * (ti + 2) / 2 <= g)
        {
            ti++;
        }

        tj = g - (ti * (ti + 1) / 2);
    }

    private static void Store(ArrayView<double> x, int n, int i, int j, double value)
    {
        if (i < n && j < n)
        {
            x[((long)i * n) + j] = value;
            x[((long)j * n) + i] = value;
        }
    }
}
