using GpuSpectral.Lsa.Results;
using GpuSpectral.Lsa.Sparse;

namespace GpuSpectral.Lsa.Tests.Spectrum;

/// <summary>Seeded sparse test matrices and dense helpers (test-only).</summary>
internal static class TestSparse
{
    /// <summary>rows × cols with ~density·cols entries per row, N(0,1)·exp(−c/decay) so the spectrum decays
    /// (decay = ∞: flat columns).</summary>
    public static CsrMatrix Random(int rows, int cols, double density, int seed, double decay = double.PositiveInfinity)
    {
        var rng = new Random(seed);
        var pointers = new int[rows + 1];
        var indices = new List<int>();
        var values = new List<double>();
        for (var r = 0; r < rows; r++)
        {
            for (var c = 0; c < cols; c++)
            {
                if (rng.NextDouble() < density)
                {
                    indices.Add(c);
                    var g = Math.Sqrt(-2 * Math.Log(1 - rng.NextDouble())) * Math.Cos(2 * Math.PI * rng.NextDouble());
                    values.Add(g * Math.Exp(-c / decay));
                }
            }

            pointers[r + 1] = indices.Count;
        }

        return new CsrMatrix(rows, cols, pointers, [.. indices], [.. values]);
    }

    /// <summary>A FOLDOC-like sparse matrix: ~perRow distinct columns per row drawn Zipf-like, positive values,
    /// L2-normalised rows (fast generator for large sizes).</summary>
    public static CsrMatrix TfidfLike(int rows, int cols, int perRow, int seed)
    {
        var rng = new Random(seed);
        var pointers = new int[rows + 1];
        var indices = new List<int>(rows * perRow);
        var values = new List<double>(rows * perRow);
        var set = new SortedSet<int>();
        for (var r = 0; r < rows; r++)
        {
            set.Clear();
            while (set.Count < perRow)
            {
                // Zipf-like: column ≈ cols^u, so low columns (frequent terms) are common.
                set.Add(Math.Min(cols - 1, (int)Math.Pow(cols, rng.NextDouble()) - 1));
            }

            var start = values.Count;
            foreach (var c in set)
            {
                indices.Add(c);
                values.Add(1 + rng.NextDouble());
            }

            var norm = 0.0;
            for (var i = start; i < values.Count; i++)
            {
                norm += values[i] * values[i];
            }

            for (var i = start; i < values.Count; i++)
            {
                values[i] /= Math.Sqrt(norm);
            }

            pointers[r + 1] = values.Count;
        }

        return new CsrMatrix(rows, cols, pointers, [.. indices], [.. values]);
    }

    public static TfidfCorpus Corpus(CsrMatrix x) => new(
        x,
        Enumerable.Range(0, x.Columns).Select(i => $"t{i}").ToArray(),
        Enumerable.Range(0, x.Rows).Select(i => $"d{i}").ToArray(),
        0);

    /// <summary>Dense row-major copy.</summary>
    public static double[] Dense(CsrMatrix x)
    {
        var d = new double[x.Rows * x.Columns];
        for (var r = 0; r < x.Rows; r++)
        {
            for (var p = x.RowPointers[r]; p < x.RowPointers[r + 1]; p++)
            {
                d[(r * x.Columns) + x.ColumnIndices[p]] = x.Values[p];
            }
        }

        return d;
    }

    /// <summary>Squared singular values of the dense matrix (MathNet SVD), descending.</summary>
    public static double[] DenseSquaredSingularValues(CsrMatrix x)
    {
        var m = MathNet.Numerics.LinearAlgebra.Matrix<double>.Build.DenseOfRowMajor(x.Rows, x.Columns, Dense(x));
        return m.Svd(computeVectors: false).S.Select(s => s * s).OrderDescending().ToArray();
    }
}
