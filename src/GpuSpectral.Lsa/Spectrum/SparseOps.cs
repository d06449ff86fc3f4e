using GpuSpectral.Lsa.Sparse;

namespace GpuSpectral.Lsa.Spectrum;

/// <summary>Sparse kernels used by the spectrum code (float64, parallel over rows).</summary>
internal static class SparseOps
{
    /// <summary>Aᵀ as a CSR matrix (= A in CSC form); column indices of each row come out increasing.</summary>
    public static CsrMatrix Transpose(CsrMatrix a)
    {
        var pointers = new int[a.Columns + 1];
        foreach (var c in a.ColumnIndices)
        {
            pointers[c + 1]++;
        }

        for (var c = 0; c < a.Columns; c++)
        {
            pointers[c + 1] += pointers[c];
        }

        var next = (int[])pointers.Clone();
        var indices = new int[a.NonZeros];
        var values = new double[a.NonZeros];
        for (var r = 0; r < a.Rows; r++)
        {
            for (var p = a.RowPointers[r]; p < a.RowPointers[r + 1]; p++)
            {
                var q = next[a.ColumnIndices[p]]++;
                indices[q] = r;
                values[q] = a.Values[p];
            }
        }

        return new CsrMatrix(a.Columns, a.Rows, pointers, indices, values);
    }

    /// <summary>C = A·B for sparse A (m×n) and dense row-major B (n×l); returns row-major C (m×l).</summary>
    public static double[] Multiply(CsrMatrix a, double[] b, int l)
    {
        var c = new double[(long)a.Rows * l];
        Parallel.For(0, a.Rows, r =>
        {
            var row = c.AsSpan(r * l, l);
            for (var p = a.RowPointers[r]; p < a.RowPointers[r + 1]; p++)
            {
                var v = a.Values[p];
                var src = b.AsSpan(a.ColumnIndices[p] * l, l);
                for (var j = 0; j < l; j++)
                {
                    row[j] += v * src[j];
                }
            }
        });
        return c;
    }

    /// <summary>Σ a² over the stored entries (= ‖A‖²_F).</summary>
    public static double SquaredNorm(CsrMatrix a)
    {
        var s = 0.0;
        foreach (var v in a.Values)
        {
            s += v * v;
        }

        return s;
    }
}
