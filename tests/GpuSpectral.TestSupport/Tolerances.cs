namespace GpuSpectral.TestSupport;

/// <summary>
/// Named tolerances for numerical tests. Each says why it is what it is. Compare scalars with
/// <see cref="Close(double, double, double, double)"/>: |a − b| ≤ max(abs, rel·|b|).
/// </summary>
public static class Tolerances
{
    /// <summary>
    /// float64 pipeline vs WeightWatcher's float64 gesdd: the bound. Measured agreement of an independent
    /// float64 re-derivation is ≤ 6e-13 (fixtures README); a Gram + dsyevd path loses at most a few ulps times the
    /// condition number on well-conditioned layers, far inside 1e-9.
    /// </summary>
    public const double Float64Relative = 1e-9;

    /// <summary>
    /// Eigenvalues from the float64 Gram matrix vs the reference SVD, absolute in units of λmax: the Gram solver
    /// squares the condition number, so the smallest eigenvalues are only known to ~n·eps·λmax (n ≤ 1000 here).
    /// </summary>
    public const double GramAbsoluteOfLambdaMax = 1e-12;

    /// <summary>Power-law fit against the float64 numpy reference (ks_scan_ref.py): ≤ 15 digits agree there
    /// (powerlaw-algorithm.md §9); a different summation order costs a few ulps per candidate.</summary>
    public const double FitRelative = 1e-12;

    /// <summary>True when |actual − expected| ≤ max(abs, rel·|expected|). NaN equals NaN; infinities must be equal.</summary>
    public static bool Close(double actual, double expected, double rel, double abs = 0)
    {
        if (double.IsNaN(expected) || double.IsNaN(actual))
        {
            return double.IsNaN(expected) && double.IsNaN(actual);
        }

        if (double.IsInfinity(expected) || double.IsInfinity(actual))
        {
            return actual == expected;
        }

        return Math.Abs(actual - expected) <= Math.Max(abs, rel * Math.Abs(expected));
    }
}
