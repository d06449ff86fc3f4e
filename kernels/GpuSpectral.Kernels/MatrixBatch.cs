namespace GpuSpectral.Kernels;

/// <summary>Argument checks shared by the launchers that take a batch of n×n matrices stored back to back.</summary>
internal static class MatrixBatch
{
    /// <summary>Checks n ≥ 1, count ≥ 1 and that the view holds count·n² values; returns n².</summary>
    /// <param name="length">Length of the matrices' view.</param>
    /// <param name="n">Order of each matrix.</param>
    /// <param name="count">Number of matrices.</param>
    /// <param name="name">Name of the view's parameter, for the exception.</param>
    /// <exception cref="ArgumentOutOfRangeException">n or count &lt; 1.</exception>
    /// <exception cref="ArgumentException">The view is too short.</exception>
    public static long Validate(long length, int n, int count, string name)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(n, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        var nn = (long)n * n;
        if (length < nn * count)
        {
            throw new ArgumentException(
                $"{count} matrices of order {n} need {nn * count} values; the view holds {length}.", name);
        }

        return nn;
    }
}
