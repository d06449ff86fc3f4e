namespace GpuSpectral.Engine;

/// <summary>Which distribution is fitted to the tail (<c>--fit</c>).</summary>
public enum FitKind
{
    /// <summary>Power law (WeightWatcher's default <c>PL</c>).</summary>
    PowerLaw,

    /// <summary>Truncated power law x^(−α)·e^(−λx), xmin by its own KS distance (WeightWatcher's <c>TPL</c>).</summary>
    TruncatedPowerLaw,

    /// <summary>Truncated power law with xmin in the ESD-peak window (WeightWatcher's <c>E_TPL</c>).</summary>
    ExponentialTruncatedPowerLaw,
}

/// <summary>Finger fixes of the power-law fit (<c>--fix-fingers</c>, weightwatcher-spec.md §b.3).</summary>
public enum FingerFixMode
{
    /// <summary>No fix.</summary>
    None,

    /// <summary>Drop up to 9 of the largest eigenvalues while that lowers alpha by more than the threshold.</summary>
    ClipXmax,

    /// <summary>Restrict xmin to a window around the peak of the ESD (log/linear bug fixed unless --compat ww).</summary>
    XminPeak,
}
