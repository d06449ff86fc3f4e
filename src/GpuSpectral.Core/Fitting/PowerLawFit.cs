namespace GpuSpectral.Core.Fitting;

/// <summary>Result of the exhaustive continuous power-law fit (one per spectrum).</summary>
/// <remarks>
/// Field meanings follow WeightWatcher's <c>fit_powerlaw</c> (weightwatcher-spec.md §b.3) and the per-candidate arrays
/// of <c>ks_scan_ref.fit_power_law</c> (powerlaw-algorithm.md §8). On <see cref="FitStatus.Failed"/> every floating
/// field is NaN, the counts are 0 (NumPlSpikes −1 as WeightWatcher) and <see cref="CandidateIndex"/> is −1; the metrics
/// layer maps them to WeightWatcher's −1 / None.
/// </remarks>
public sealed record PowerLawFit
{
    /// <summary>Whether the fit succeeded.</summary>
    public required FitStatus Status { get; init; }

    /// <summary>Why the fit failed, in plain words; null on success.</summary>
    public string? FailureReason { get; init; }

    /// <summary>MLE exponent α = 1 + n/Σ ln(x/xmin) of the density at the chosen xmin (dimensionless); +∞ when the
    /// chosen tail is one tied value (WeightWatcher mode); NaN on failure.</summary>
    public double Alpha { get; init; } = double.NaN;

    /// <summary>Chosen lower cutoff, a data value (units of the input); NaN on failure.</summary>
    public double Xmin { get; init; } = double.NaN;

    /// <summary>Largest value that entered the fit (units of the input; after XmaxDrop); NaN on failure.</summary>
    public double Xmax { get; init; } = double.NaN;

    /// <summary>Left-limit KS distance at the chosen xmin (in [0, 1]); NaN on failure.</summary>
    public double D { get; init; } = double.NaN;

    /// <summary>Asymptotic standard error (α−1)/√n of α at the chosen xmin; NaN on failure.</summary>
    public double Sigma { get; init; } = double.NaN;

    /// <summary>
    /// WeightWatcher's <c>num_pl_spikes</c>: the number of input values ≥ xmin, counted over every input value
    /// (also those below the threshold) except the ones removed by <see cref="PowerLawFitOptions.XmaxDrop"/>
    /// (WeightWatcher counts on the clipped array, weightwatcher.py:4288). −1 on failure, as WeightWatcher.
    /// </summary>
    public int NumPlSpikes { get; init; } = -1;

    /// <summary>Number of fitted values ≥ xmin, n at the chosen candidate (0 on failure).</summary>
    public int TailCount { get; init; }

    /// <summary>Number of values that entered the fit: above the threshold, after XmaxDrop (0 when the fit failed
    /// before filtering).</summary>
    public int FittedCount { get; init; }

    /// <summary>Index of the chosen candidate in the candidate list (and in the landscape arrays); −1 on failure.
    /// Its position in the ascending fitted data is <c>FittedCount − TailCount</c>.</summary>
    public int CandidateIndex { get; init; } = -1;

    /// <summary>Per-candidate xmin values (ascending), or null unless <see cref="PowerLawFitOptions.KeepLandscape"/>.</summary>
    public double[]? Xmins { get; init; }

    /// <summary>Per-candidate α, or null unless <see cref="PowerLawFitOptions.KeepLandscape"/>.</summary>
    public double[]? Alphas { get; init; }

    /// <summary>Per-candidate KS distance (WeightWatcher mode: 1 where α ≤ 1), or null unless
    /// <see cref="PowerLawFitOptions.KeepLandscape"/>.</summary>
    public double[]? Ds { get; init; }

    /// <summary>Per-candidate σ, or null unless <see cref="PowerLawFitOptions.KeepLandscape"/>.</summary>
    public double[]? Sigmas { get; init; }

    /// <summary>A failed fit with the given reason and count of fitted values.</summary>
    public static PowerLawFit Failed(string reason, int fittedCount = 0) =>
        new() { Status = FitStatus.Failed, FailureReason = reason, FittedCount = fittedCount };
}
