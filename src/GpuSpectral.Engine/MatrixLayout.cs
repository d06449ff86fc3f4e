namespace GpuSpectral.Engine;

/// <summary>Layout helpers for row-major float64 matrices.</summary>
internal static class MatrixLayout
{
    /// <summary>The transpose of the row-major <paramref name="rows"/>×<paramref name="cols"/> matrix
    /// <paramref name="m"/>, as a new row-major cols×rows array.</summary>
    public static double[] Transpose(ReadOnlySpan<double> m, int rows, int cols)
    {
        var t = new double[m.Length];
        for (var r = 0; r < rows; r++)
        {
            for (var c = 0; c < cols; c++)
            {
                t[(c * rows) + r] = m[(r * cols) + c];
            }
        }

        return t;
    }
}
