namespace GpuSpectral.Core.Fitting.Compare;

/// <summary>Result of <see cref="DistributionCompare.Compare"/>: power law (dist1) against an alternative (dist2).</summary>
/// <param name="R">Σ_i [ln p_PL(x_i) − ln p_alt(x_i)] over the tail (natural log). Positive favours the power law.</param>
/// <param name="NormalizedR">R/√(n·σ²), σ² the population variance of the per-point differences: what
/// <c>distribution_compare(..., normalized_ratio=True)</c> returns as R. NaN when σ² = 0.</param>
/// <param name="P">Significance: Vuong's erfc(|R|/√(2nσ²)) for non-nested pairs, 1 − χ²₁.cdf(2|R|) = erfc(√|R|) for
/// nested pairs (computed from the unnormalised R, as powerlaw does). NaN when σ² = 0 and R = 0 (non-nested).</param>
/// <param name="Nested">True for the power law against the truncated power law.</param>
/// <param name="TailCount">n, the number of tail points compared.</param>
/// <param name="Parameters">The alternative's fitted parameters: lognormal (μ, σ), exponential (λ), TPL (α, λ).</param>
public sealed record LikelihoodRatio(
    double R, double NormalizedR, double P, bool Nested, int TailCount, IReadOnlyList<double> Parameters);
