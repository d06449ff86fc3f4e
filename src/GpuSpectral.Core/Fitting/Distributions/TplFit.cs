namespace GpuSpectral.Core.Fitting.Distributions;

/// <summary>A truncated power-law fit p(x) = λ^(1−α)/Γ(1−α, λ·xmin) · x^(−α) e^(−λx) on x ≥ xmin.</summary>
/// <remarks>On <see cref="FitStatus.Failed"/> every floating field is NaN and the counts are 0 (NumPlSpikes −1).</remarks>
public sealed record TplFit
{
    /// <summary>Whether the fit succeeded.</summary>
    public required FitStatus Status { get; init; }

    /// <summary>Why the fit failed; null on success.</summary>
    public string? FailureReason { get; init; }

    /// <summary>Exponent α ≥ 1 (dimensionless); WeightWatcher's <c>alpha</c> for <c>fit='TPL'</c>.</summary>
    public double Alpha { get; init; } = double.NaN;

    /// <summary>Truncation rate λ ≥ 0 (units of 1/x); WeightWatcher's <c>Lambda</c>. 0 means the power law itself
    /// is the maximum-likelihood TPL (powerlaw would report a tiny positive λ there).</summary>
    public double Lambda { get; init; } = double.NaN;

    /// <summary>Lower cutoff, a data value (units of x).</summary>
    public double Xmin { get; init; } = double.NaN;

    /// <summary>Largest fitted value (units of x).</summary>
    public double Xmax { get; init; } = double.NaN;

    /// <summary>Left-limit KS distance of the TPL at xmin (powerlaw's <c>D</c>, in [0, 1]).</summary>
    public double D { get; init; } = double.NaN;

    /// <summary>Σ ln p(x) over the tail (natural log; density in units of 1/x).</summary>
    public double LogLikelihood { get; init; } = double.NaN;

    /// <summary>Number of fitted values ≥ xmin.</summary>
    public int TailCount { get; init; }

    /// <summary>Number of values that entered the fit (after the threshold and XmaxDrop).</summary>
    public int FittedCount { get; init; }

    /// <summary>Input values ≥ xmin (WeightWatcher's <c>num_pl_spikes</c>), −1 on failure.</summary>
    public int NumPlSpikes { get; init; } = -1;

    /// <summary>Per-candidate xmins, or null unless <see cref="PowerLawFitOptions.KeepLandscape"/>.</summary>
    public double[]? Xmins { get; init; }

    /// <summary>Per-candidate α, or null unless <see cref="PowerLawFitOptions.KeepLandscape"/>.</summary>
    public double[]? Alphas { get; init; }

    /// <summary>Per-candidate λ, or null unless <see cref="PowerLawFitOptions.KeepLandscape"/>.</summary>
    public double[]? Lambdas { get; init; }

    /// <summary>Per-candidate D, or null unless <see cref="PowerLawFitOptions.KeepLandscape"/>.</summary>
    public double[]? Ds { get; init; }

    /// <summary>A failed fit.</summary>
    public static TplFit Failed(string reason, int fittedCount = 0) =>
        new() { Status = FitStatus.Failed, FailureReason = reason, FittedCount = fittedCount };
}
