namespace GpuSpectral.Lsa.Sparse;

/// <summary>
/// A sparse matrix in compressed sparse row form, float64. Row r holds the entries
/// <c>ColumnIndices[RowPointers[r] .. RowPointers[r+1])</c> with their <c>Values</c>; column indices are strictly
/// increasing within a row. Immutable by convention: no method changes the arrays.
/// </summary>
public sealed class CsrMatrix
{
    /// <summary>Creates a matrix after validating the structure.</summary>
    /// <exception cref="ArgumentException">The arrays are inconsistent (lengths, bounds, order).</exception>
    public CsrMatrix(int rows, int columns, int[] rowPointers, int[] columnIndices, double[] values)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(rows);
        ArgumentOutOfRangeException.ThrowIfNegative(columns);
        if (rowPointers.Length != rows + 1 || rowPointers[0] != 0 || columnIndices.Length != values.Length
            || rowPointers[rows] != values.Length)
        {
            throw new ArgumentException("row pointers, column indices and values do not agree");
        }

        for (var r = 0; r < rows; r++)
        {
            if (rowPointers[r + 1] < rowPointers[r])
            {
                throw new ArgumentException($"row pointers decrease at row {r}");
            }

            for (var k = rowPointers[r]; k < rowPointers[r + 1]; k++)
            {
                var c = columnIndices[k];
                if ((uint)c >= (uint)columns || (k > rowPointers[r] && c <= columnIndices[k - 1]))
                {
                    throw new ArgumentException($"column indices of row {r} are out of range or not increasing");
                }
            }
        }

        Rows = rows;
        Columns = columns;
        RowPointers = rowPointers;
        ColumnIndices = columnIndices;
        Values = values;
    }

    /// <summary>Number of rows (documents for a TF-IDF matrix).</summary>
    public int Rows { get; }

    /// <summary>Number of columns (terms for a TF-IDF matrix).</summary>
    public int Columns { get; }

    /// <summary>Start of each row in <see cref="ColumnIndices"/>/<see cref="Values"/>; length Rows + 1.</summary>
    public int[] RowPointers { get; }

    /// <summary>Column of each stored entry.</summary>
    public int[] ColumnIndices { get; }

    /// <summary>Value of each stored entry.</summary>
    public double[] Values { get; }

    /// <summary>Number of stored entries.</summary>
    public int NonZeros => Values.Length;
}
