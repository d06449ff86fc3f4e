namespace GpuSpectral.Core.Spectral;

/// <summary>
/// SciPy 1.10's <c>optimize.brute</c> for one variable with the default <c>finish=fmin</c>: evaluate the grid
/// <c>np.arange(start, stop, step)</c>, take the first minimum, then polish it with Nelder–Mead and return the polish
/// result unconditionally (brute only warns when the polish reports no success).
/// </summary>
internal static class BruteForceMinimizer
{
    /// <summary>Minimises <paramref name="f"/> over the grid and polishes; NaN when the grid is empty.</summary>
    public static double Minimize(Func<double, double> f, double start, double stop, double step)
    {
        var grid = NumpyArithmetic.Arange(start, stop, step);
        if (grid.Length == 0)
        {
            return double.NaN;
        }

        var best = 0;
        var bestValue = f(grid[0]);
        for (var i = 1; i < grid.Length; i++)
        {
            var value = f(grid[i]);
            if (value < bestValue || (double.IsNaN(value) && !double.IsNaN(bestValue)))
            {
                best = i;
                bestValue = value;
            }
        }

        return NelderMead1D.Minimize(f, grid[best]).X;
    }
}
