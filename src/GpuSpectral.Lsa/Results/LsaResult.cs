using GpuSpectral.Core.Fitting;

namespace GpuSpectral.Lsa.Results;

/// <summary>The latent dimension chosen three ways, with the diagnostics behind each.</summary>
public sealed record LsaResult
{
    /// <summary>The corpus shape: documents, terms, stored entries, empty documents.</summary>
    public required (int Documents, int Terms, int NonZeros, int EmptyDocuments) Shape { get; init; }

    /// <summary>The spectrum that was fitted.</summary>
    public required LsaSpectrum Spectrum { get; init; }

    /// <summary>Power-law fit of the eigenvalues (WeightWatcher semantics, landscape kept).</summary>
    public required PowerLawFit Fit { get; init; }

    /// <summary>K by the power-law tail: the number of eigenvalues ≥ xmin (0 when the fit failed).</summary>
    public required int KPowerLaw { get; init; }

    /// <summary>Localization ratios ‖v‖₁/‖v‖∞ of the top unit right singular vectors (term space), largest σ first.</summary>
    public required double[] LocalizationRatios { get; init; }

    /// <summary>K at the elbow of the localization ratios.</summary>
    public required int KLocalization { get; init; }

    /// <summary>Explained variance λᵢ/Σλ per component, largest first (for the computed components).</summary>
    public required double[] ExplainedVariance { get; init; }

    /// <summary>K at the elbow of the explained variance.</summary>
    public required int KExplainedVariance { get; init; }

    /// <summary>Wall-clock seconds per stage (tfidf, gram, eigen, fit, vectors, …).</summary>
    public required IReadOnlyDictionary<string, double> Seconds { get; init; }
}
