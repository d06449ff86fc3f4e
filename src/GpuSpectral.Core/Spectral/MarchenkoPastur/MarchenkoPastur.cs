namespace GpuSpectral.Core.Spectral;

/// <summary>
/// WeightWatcher 0.7.5.5's automatic Marchenko–Pastur fit (<c>mp_fit=True</c>; spec §b.5): rescale to mean 1, fit
/// σ by brute force over arange(0.05·s0, 2·s0, 0.01·s0) plus a Nelder–Mead polish against a triangular KDE, then
/// count the eigenvalues beyond the Tracy–Widom-widened bulk edge.
/// </summary>
public static class MarchenkoPastur
{
    /// <summary>Lower end of the σ grid, as a multiple of s0.</summary>
    public const double GridStartFactor = 0.05;

    /// <summary>Upper end (exclusive) of the σ grid, as a multiple of s0.</summary>
    public const double GridStopFactor = 2.0;

    /// <summary>Grid step, as a multiple of s0.</summary>
    public const double GridStepFactor = 0.01;

    /// <summary>
    /// Fits the MP law to <paramref name="evals"/>: ALL eigenvalues of the layer (no 1e-5 cut), in any order
    /// (they are sorted ascending first, as WW's are, so the result does not depend on the order).
    /// </summary>
    /// <param name="evals">Eigenvalues λ of WᵀW (raw units), pooled over the layer's matrices.</param>
    /// <param name="q">Aspect ratio Q = N/M exactly as WW reports it (including its conv N/M swap). Q == 1 exactly
    /// selects the quarter-circle fit of sqrt(x).</param>
    /// <param name="m">The layer's M (not M·rf); it only enters the Tracy–Widom scale.</param>
    /// <returns>The fit, or <see cref="MarchenkoPasturFit.Failed"/> where WW raises and reports −1: no eigenvalues,
    /// M ≤ 0 (WW divides N/M), a non-finite rescaled eigenvalue (NaN/∞ input, or Σλ = 0 which makes W_scale
    /// infinite: scikit-learn rejects the data), an empty or non-finite σ grid, or (Q ≠ 1) no density point above 0.01
    /// (the maximum of an empty array).</returns>
    public static MarchenkoPasturFit Fit(ReadOnlySpan<double> evals, double q, int m)
    {
        if (evals.Length == 0 || m <= 0)
        {
            return MarchenkoPasturFit.Failed;
        }

        // WW's eigenvalues arrive sorted ascending; Σλ is summed in that order (it sets the last bits of W_scale).
        var x = evals.ToArray();
        Array.Sort(x);
        var n = x.Length;
        var wScale = Math.Sqrt(n) / Math.Sqrt(NumpyArithmetic.Sum(x));
        var factor = wScale * wScale;
        for (var i = 0; i < n; i++)
        {
            x[i] = factor * x[i];
        }

        if (!double.IsFinite(x[0]) || !double.IsFinite(x[^1]))
        {
            return MarchenkoPasturFit.Failed;
        }

        var lambdaMax = x[^1];
        var invSqrtQ = 1.0 / Math.Sqrt(q);
        var s0 = Math.Sqrt(lambdaMax / ((1 + invSqrtQ) * (1 + invSqrtQ)));
        var y = q == 1.0 ? Array.ConvertAll(x, Math.Sqrt) : x;
        var density = TriangularDensity.Estimate(y);
        if (q != 1.0 && density.Grid.Length == 0)
        {
            return MarchenkoPasturFit.Failed;
        }

        var objective = new MarchenkoPasturObjective(density, q);
        var sigma = BruteForceMinimizer.Minimize(
            objective.Evaluate, GridStartFactor * s0, GridStopFactor * s0, GridStepFactor * s0);
        if (!double.IsFinite(sigma))
        {
            return MarchenkoPasturFit.Failed;
        }

        return Finish(x, sigma, q, m, wScale);
    }

    private static MarchenkoPasturFit Finish(double[] x, double sigma, double q, int m, double wScale)
    {
        var upper = sigma * (1 + (1 / Math.Sqrt(q)));
        var lower = sigma * (1 - (1 / Math.Sqrt(q)));
        var bulkMax = upper * upper;
        var bulkMin = lower * lower;
        var tw = 1 / Math.Sqrt(q) * Math.Pow(bulkMax, 2.0 / 3.0) * Math.Pow(m, -2.0 / 3.0);
        var edge = bulkMax + Math.Sqrt(tw);
        var spikes = 0;
        foreach (var v in x)
        {
            if (v > edge)
            {
                spikes++;
            }
        }

        var lambdaMax = x[^1];
        var factor = wScale * wScale;
        return new MarchenkoPasturFit(
            true, sigma, spikes, bulkMax / lambdaMax, wScale, bulkMax / factor, bulkMin / factor,
            bulkMax, bulkMin, tw, edge, lambdaMax);
    }
}
