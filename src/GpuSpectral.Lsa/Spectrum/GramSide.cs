namespace GpuSpectral.Lsa.Spectrum;

/// <summary>Which Gram matrix of a documents × terms matrix X was formed (the smaller one).</summary>
public enum GramSide
{
    /// <summary>G = XXᵀ (documents × documents); its eigenvectors are the left singular vectors U.</summary>
    Documents,

    /// <summary>G = XᵀX (terms × terms); its eigenvectors are the right singular vectors V.</summary>
    Terms,
}
