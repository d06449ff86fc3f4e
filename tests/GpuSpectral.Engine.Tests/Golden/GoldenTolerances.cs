namespace GpuSpectral.Engine.Tests.Golden;

/// <summary>Tolerances of the comparisons with WeightWatcher's float64 results, each with its reason.</summary>
internal static class GoldenTolerances
{
    /// <summary>
    /// Float columns that depend on the large eigenvalues (alpha, D, xmin, norms…): the float64 bound.
    /// Our Gram + dsyevd (or MathNet) eigenvalues differ from gesdd's squares by a few ulps times the condition of
    /// the top of the spectrum; an independent float64 re-derivation agrees to ≤ 6e-13 (fixtures README).
    /// </summary>
    public const double Relative = 1e-9;

    /// <summary>
    /// Absolute error of an eigenvalue from the float64 Gram matrix, in units of λmax: the Gram squares the
    /// condition number, so small eigenvalues carry ~n·eps·λmax of round-off (n ≤ 1000 here, eps = 2.2e-16).
    /// </summary>
    public const double GramAbsoluteOfLambdaMax = 1e-12;

    /// <summary>
    /// A spectrum is "resolved" by a Gram solver when its smallest eigenvalue is at least this fraction of λmax:
    /// 100× above the Gram round-off. Rank-type columns (matrix_rank, rank_loss, entropy through ln rank) and
    /// Σλ^−1 of failed fits are compared only then; below it the smallest eigenvalues are round-off for any
    /// Gram-based solver and only an SVD-grade solver can reproduce them (fixtures README, "Tolerances").
    /// </summary>
    public const double ResolvedSmallestOfLambdaMax = 1e-10;
}
