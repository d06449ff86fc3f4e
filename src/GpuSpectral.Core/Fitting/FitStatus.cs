namespace GpuSpectral.Core.Fitting;

/// <summary>Outcome of a power-law fit.</summary>
public enum FitStatus
{
    /// <summary>A candidate xmin was chosen and its exponent is a number (possibly +∞ on an all-tied tail).</summary>
    Success = 0,

    /// <summary>
    /// No fit was possible (too few values above the threshold, an XmaxDrop larger than half the data, NaN/∞ input,
    /// or a NaN exponent); <see cref="PowerLawFit.FailureReason"/> says which. WeightWatcher reports
    /// <c>status='failed'</c> in these cases (weightwatcher-spec.md §b.3).
    /// </summary>
    Failed = 1,
}
