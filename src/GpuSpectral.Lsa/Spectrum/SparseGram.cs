using GpuSpectral.Lsa.Sparse;

namespace GpuSpectral.Lsa.Spectrum;

/// <summary>
/// The exact dense Gram matrix of the smaller side of a sparse documents × terms matrix X, in float64.
/// </summary>
/// <remarks>
/// Rows ≤ columns gives G = XXᵀ (documents²), else G = XᵀX (terms²). With A the side whose rows are the Gram's
/// vectors, G[i, j] = Σₖ A[i,k]·A[j,k] is accumulated row by row: row i of G is scattered from the CSC columns k of
/// row i of A, taking only the entries j ≥ i (found by binary search in the sorted column), so only the upper
/// triangle is computed (each product once), then it is mirrored; the result is exactly symmetric. Parallel over
/// rows i; every entry is summed in the same order (increasing k) on every run, so the result is deterministic.
/// Cost: Σₖ nnz(column k)²/2 multiply-adds. Memory: n² doubles, e.g. FOLDOC (n = 12,006): 1.15 GB in one array.
/// </remarks>
public static class SparseGram
{
    /// <summary>Largest order whose n² doubles fit one .NET array.</summary>
    public const int MaxOrder = 46_340;

    /// <summary>Bytes of the dense Gram matrix of <paramref name="x"/> (8·n², n = min(rows, columns)).</summary>
    public static long Bytes(CsrMatrix x)
    {
        long n = Math.Min(x.Rows, x.Columns);
        return 8 * n * n;
    }

    /// <summary>Forms the Gram matrix of the smaller side of <paramref name="x"/>.</summary>
    /// <param name="x">Documents × terms, float64; NaN/∞ entries propagate into G.</param>
    /// <returns>G with <see cref="GramMatrix.Side"/> telling which product it is.</returns>
    /// <exception cref="ArgumentException">min(rows, columns) is 0 or exceeds <see cref="MaxOrder"/>.</exception>
    public static GramMatrix Compute(CsrMatrix x)
    {
        var side = x.Rows <= x.Columns ? GramSide.Documents : GramSide.Terms;
        var n = Math.Min(x.Rows, x.Columns);
        if (n < 1 || n > MaxOrder)
        {
            throw new ArgumentException($"The Gram order min({x.Rows}, {x.Columns}) must be in 1..{MaxOrder}.",
                nameof(x));
        }

        var xt = SparseOps.Transpose(x);
        var (a, columns) = side == GramSide.Documents ? (x, xt) : (xt, x);
        return new GramMatrix(RowGram(a, columns), n, side);
    }

    /// <summary>G = AAᵀ (A.Rows²) given A and its transpose (CSR of Aᵀ, i.e. the CSC columns of A).</summary>
    internal static double[] RowGram(CsrMatrix a, CsrMatrix columns)
    {
        var n = a.Rows;
        var g = new double[(long)n * n];
        Parallel.For(0, n, i =>
        {
            var row = g.AsSpan(i * n, n);
            for (var p = a.RowPointers[i]; p < a.RowPointers[i + 1]; p++)
            {
                var aik = a.Values[p];
                var k = a.ColumnIndices[p];
                var start = columns.RowPointers[k];
                var end = columns.RowPointers[k + 1];
                var first = Array.BinarySearch(columns.ColumnIndices, start, end - start, i);
                for (var q = first < 0 ? ~first : first; q < end; q++)
                {
                    row[columns.ColumnIndices[q]] += aik * columns.Values[q];
                }
            }
        });
        Mirror(g, n);
        return g;
    }

    /// <summary>Copies the upper triangle (row-major) onto the lower one, in cache blocks.</summary>
    private static void Mirror(double[] g, int n)
    {
        const int block = 64;
        var blocks = (n + block - 1) / block;
        Parallel.For(0, blocks, bi =>
        {
            var i0 = bi * block;
            var i1 = Math.Min(n, i0 + block);
            for (var j0 = 0; j0 < i1; j0 += block)
            {
                var j1 = Math.Min(i1, j0 + block);
                for (var i = i0; i < i1; i++)
                {
                    var end = Math.Min(j1, i);
                    for (var j = j0; j < end; j++)
                    {
                        g[((long)i * n) + j] = g[((long)j * n) + i];
                    }
                }
            }
        });
    }
}
