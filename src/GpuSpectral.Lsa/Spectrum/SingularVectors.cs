using GpuSpectral.Lsa.Sparse;

namespace GpuSpectral.Lsa.Spectrum;

/// <summary>Left (document) and right (term) singular vectors of X from the Gram eigenpairs of either side.</summary>
/// <remarks>With G = XXᵀ and unit u: v = Xᵀu/σ; with G = XᵀX and unit v: u = Xv/σ; σ = √λ. A pair with λ ≤ 0 gives a
/// NaN column. Results are column-major (vector j in elements [j·length, (j+1)·length)), largest σ first.</remarks>
public static class SingularVectors
{
    /// <summary>The first <paramref name="count"/> unit left singular vectors (documents × count, column-major).</summary>
    /// <exception cref="ArgumentOutOfRangeException">count exceeds the pairs computed.</exception>
    public static double[] Left(CsrMatrix x, GramEigenpairs pairs, int count) =>
        pairs.Side == GramSide.Documents ? Prefix(pairs, count) : Map(x, pairs, count);

    /// <summary>The first <paramref name="count"/> unit right singular vectors (terms × count, column-major).</summary>
    /// <exception cref="ArgumentOutOfRangeException">count exceeds the pairs computed.</exception>
    public static double[] Right(CsrMatrix x, GramEigenpairs pairs, int count) =>
        pairs.Side == GramSide.Terms ? Prefix(pairs, count) : Map(SparseOps.Transpose(x), pairs, count);

    private static double[] Prefix(GramEigenpairs pairs, int count)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan(count, pairs.Count);
        return pairs.Vectors.AsSpan(0, count * pairs.Order).ToArray();
    }

    /// <summary>Columns a·w/σ for the pairs' vectors w (a has pairs.Order columns).</summary>
    private static double[] Map(CsrMatrix a, GramEigenpairs pairs, int count)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan(count, pairs.Count);
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        var m = a.Rows;
        var result = new double[(long)m * count];
        Parallel.For(0, count, j => MapColumn(a, pairs, j, result.AsSpan(j * m, m)));
        return result;
    }

    /// <summary>dst = a·wⱼ/σⱼ (a.Rows long) for pair j; NaN when λⱼ ≤ 0.</summary>
    internal static void MapColumn(CsrMatrix a, GramEigenpairs pairs, int j, Span<double> dst)
    {
        var w = pairs.Vectors.AsSpan(j * pairs.Order, pairs.Order);
        var inv = pairs.Values[j] > 0 ? 1.0 / Math.Sqrt(pairs.Values[j]) : double.NaN;
        for (var r = 0; r < a.Rows; r++)
        {
            var s = 0.0;
            for (var p = a.RowPointers[r]; p < a.RowPointers[r + 1]; p++)
            {
                s += a.Values[p] * w[a.ColumnIndices[p]];
            }

            dst[r] = s * inv;
        }
    }
}
