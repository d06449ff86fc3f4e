namespace GpuSpectral.Reports.Plots;

/// <summary>
/// The Marchenko–Pastur law in WeightWatcher's parametrisation (weightwatcher-spec.md §b.5): eigenvalues x of
/// X = WᵀW rescaled to mean 1, aspect ratio Q = N/M, bulk scale σ. Bulk edges a = (σ(1 − 1/√Q))², b = (σ(1 + 1/√Q))².
/// </summary>
public static class MarchenkoPastur
{
    /// <summary>
    /// The lower and upper bulk edges (λ⁻, λ⁺) = ((σ(1 − 1/√Q))², (σ(1 + 1/√Q))²) in rescaled eigenvalue units.
    /// (NaN, NaN) when σ or Q is not a finite number &gt; 0.
    /// </summary>
    public static (double Lower, double Upper) BulkEdges(double sigma, double q)
    {
        if (!Valid(sigma, q))
        {
            return (double.NaN, double.NaN);
        }

        var r = 1 / Math.Sqrt(q);
        return (Sq(sigma * (1 - r)), Sq(sigma * (1 + r)));
    }

    /// <summary>
    /// MP density of the rescaled eigenvalue <paramref name="x"/>: Q/(2πσ²x)·√((λ⁺ − x)(x − λ⁻)) for λ⁻ &lt; x &lt; λ⁺,
    /// 0 elsewhere. It integrates to 1 over the bulk when Q ≥ 1 and to Q when Q &lt; 1 (the rest of the mass is an atom
    /// at 0 that a density cannot show). NaN when x is NaN or σ, Q are not finite numbers &gt; 0.
    /// </summary>
    public static double Density(double x, double sigma, double q)
    {
        if (!Valid(sigma, q) || double.IsNaN(x))
        {
            return double.NaN;
        }

        var (a, b) = BulkEdges(sigma, q);
        if (!(x > a && x < b) || x <= 0)
        {
            return 0;
        }

        return q / (2 * Math.PI * sigma * sigma * x) * Math.Sqrt((b - x) * (x - a));
    }

    /// <summary>
    /// Quarter-circle density of the singular value s = √x of a square layer (Q = 1): (1/(πσ²))·√(4σ² − s²) on
    /// 0 ≤ s ≤ 2σ, 0 elsewhere; it integrates to 1 and is the Q = 1 MP density carried to s. WeightWatcher's
    /// <c>quarter_circle_pdf</c> writes √(4 − s²), which equals this only at σ = 1 (its curve does not integrate to 1
    /// otherwise). NaN when s is NaN or σ is not a finite number &gt; 0.
    /// </summary>
    public static double QuarterCircleDensity(double s, double sigma)
    {
        if (!Valid(sigma, 1) || double.IsNaN(s))
        {
            return double.NaN;
        }

        var r = 2 * sigma;
        return s < 0 || s > r ? 0 : Math.Sqrt((r - s) * (r + s)) / (Math.PI * sigma * sigma);
    }

    /// <summary>
    /// WeightWatcher's rescaling: x = λ·n/Σλ (mean 1) over the finite eigenvalues; returns x (same order, non-finite
    /// inputs dropped) and the factor n/Σλ (= W_scale²). Factor NaN and x empty when nothing finite with Σλ &gt; 0 remains.
    /// </summary>
    public static (double[] Rescaled, double Factor) Rescale(IReadOnlyList<double> evals)
    {
        ArgumentNullException.ThrowIfNull(evals);
        var finite = evals.Where(double.IsFinite).ToArray();
        var sum = finite.Sum();
        if (finite.Length == 0 || !(sum > 0))
        {
            return ([], double.NaN);
        }

        var f = finite.Length / sum;
        return (finite.Select(v => v * f).ToArray(), f);
    }

    /// <summary>
    /// WeightWatcher's <c>calc_sigma</c>: σ₀ = √(x_max/(1 + 1/√Q)²), the σ that puts λ⁺ on the largest rescaled
    /// eigenvalue (the start of its σ search; a fallback when no MP fit was run). NaN for invalid inputs.
    /// </summary>
    public static double SigmaFromLargest(double largestRescaled, double q) =>
        largestRescaled > 0 && double.IsFinite(largestRescaled) && Valid(1, q)
            ? Math.Sqrt(largestRescaled / Sq(1 + (1 / Math.Sqrt(q))))
            : double.NaN;

    private static bool Valid(double sigma, double q) =>
        sigma > 0 && double.IsFinite(sigma) && q > 0 && double.IsFinite(q);

    private static double Sq(double v) => v * v;
}
