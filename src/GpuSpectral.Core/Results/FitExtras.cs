using GpuSpectral.Core.Fitting.Compare;

namespace GpuSpectral.Core.Results;

/// <summary>
/// Columns of the fit variants: <c>num_fingers</c>/<c>raw_alpha</c> of clip_xmax, <c>Lambda</c> of the truncated
/// power law, and the likelihood-ratio tests of the power law against other tails (powerlaw's
/// <c>distribution_compare</c>, normalised R and p). Null members were not computed.
/// </summary>
public sealed record FitExtras
{
    /// <summary>Which fit produced alpha (pl, tpl, e-tpl).</summary>
    public required string FitName { get; init; }

    /// <summary><c>num_fingers</c> of clip_xmax.</summary>
    public int? NumFingers { get; init; }

    /// <summary><c>raw_alpha</c>: alpha before clip_xmax.</summary>
    public double? RawAlpha { get; init; }

    /// <summary><c>Lambda</c>: exponential cutoff rate of the truncated power law (1/eigenvalue units).</summary>
    public double? Lambda { get; init; }

    /// <summary>Power law vs lognormal on the tail.</summary>
    public LikelihoodRatio? VsLognormal { get; init; }

    /// <summary>Power law vs exponential on the tail.</summary>
    public LikelihoodRatio? VsExponential { get; init; }

    /// <summary>Power law vs truncated power law on the tail (nested: p from χ²₁).</summary>
    public LikelihoodRatio? VsTruncatedPowerLaw { get; init; }
}
