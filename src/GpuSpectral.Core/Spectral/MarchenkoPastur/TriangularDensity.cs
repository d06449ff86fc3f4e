using System.Runtime.CompilerServices;

namespace GpuSpectral.Core.Spectral;

/// <summary>
/// The empirical density WeightWatcher fits the MP law to: scikit-learn's <c>KernelDensity(kernel='linear',
/// bandwidth=0.1)</c>, a triangular kernel ρ(g) = (1/(n·h)) Σ max(0, 1 − |g − yᵢ|/h), on
/// <c>linspace(0, max(y) + 0.5, 1000)</c>, keeping only the points with ρ &gt; 0.01. It does not depend on σ, so it is
/// computed once per fit.
/// </summary>
internal sealed class TriangularDensity
{
    /// <summary>Kernel half-width h (units of the fitted data y).</summary>
    public const double Bandwidth = 0.1;

    /// <summary>Number of evaluation points.</summary>
    public const int GridSize = 1000;

    /// <summary>Points with a density at or below this value are dropped (they count as zero residual).</summary>
    public const double KeepThreshold = 0.01;

    private TriangularDensity(double[] grid, double[] density, int droppedBelow)
    {
        Grid = grid;
        Density = density;
        DroppedBelowThreshold = droppedBelow;
        var peak = 0;
        for (var i = 1; i < density.Length; i++)
        {
            if (density[i] > density[peak])
            {
                peak = i;
            }
        }

        Peak = grid.Length > 0 ? grid[peak] : double.NaN;
    }

    /// <summary>Kept grid points g (ascending).</summary>
    public double[] Grid { get; }

    /// <summary>Density ρ at the kept points.</summary>
    public double[] Density { get; }

    /// <summary>How many grid points had ρ &lt; 0.01 (WW appends that many zero residuals; ρ = 0.01 exactly is in
    /// neither set).</summary>
    public int DroppedBelowThreshold { get; }

    /// <summary>First kept g where ρ is largest (NaN when nothing is kept).</summary>
    public double Peak { get; }

    /// <summary>Estimates the density of the ascending, finite data <paramref name="y"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)] // hot loop: skip the slow first JIT tier
    public static TriangularDensity Estimate(ReadOnlySpan<double> y)
    {
        var n = y.Length;
        var grid = NumpyArithmetic.LinspaceFromZero(y[n - 1] + 0.5, GridSize);
        var logNorm = -Math.Log(Bandwidth) - Math.Log(n);
        var keptGrid = new List<double>(GridSize);
        var keptDensity = new List<double>(GridSize);
        var dropped = 0;
        var lo = 0;
        foreach (var g in grid)
        {
            while (lo < n && y[lo] <= g - Bandwidth)
            {
                lo++;
            }

            var sum = 0.0;
            for (var i = lo; i < n && y[i] < g + Bandwidth; i++)
            {
                var dist = Math.Abs(g - y[i]);
                if (dist < Bandwidth)
                {
                    sum += 1.0 - (dist / Bandwidth);
                }
            }

            // scikit-learn works in log space: exp(log Σ K + log(1/h) − log n).
            var rho = sum > 0 ? Math.Exp(Math.Log(sum) + logNorm) : 0.0;
            if (rho > KeepThreshold)
            {
                keptGrid.Add(g);
                keptDensity.Add(rho);
            }
            else if (rho < KeepThreshold)
            {
                dropped++;
            }
        }

        return new TriangularDensity([.. keptGrid], [.. keptDensity], dropped);
    }
}
