namespace GpuSpectral.Core.Spectral;

/// <summary>
/// Result of WeightWatcher's Marchenko–Pastur fit of one layer's eigenvalues (spec §b.5). "Rescaled" values are in
/// the units of x = W_scale²·λ (mean eigenvalue 1); "raw" values are in the units of the input eigenvalues λ.
/// </summary>
/// <param name="Succeeded">False when WeightWatcher would have raised; every number is then −1 (NaN for the extra
/// phase-classifier values).</param>
/// <param name="SigmaMp">σ of the fit (WW column <c>sigma_mp</c>), rescaled units of a singular value.</param>
/// <param name="NumSpikes">#{x &gt; <see cref="RescaledSpikeEdge"/>} (WW <c>num_spikes</c>).</param>
/// <param name="MpSoftRank"><see cref="RescaledBulkMax"/> / <see cref="RescaledLambdaMax"/> (WW <c>mp_softrank</c>).</param>
/// <param name="WScale">sqrt(n)/sqrt(Σλ) (WW <c>W_scale</c>), dimension 1/sqrt(λ).</param>
/// <param name="BulkMax">Raw MP upper edge (σ(1 + 1/√Q))²/W_scale² (WW <c>bulk_max</c>).</param>
/// <param name="BulkMin">Raw MP lower edge (σ(1 − 1/√Q))²/W_scale² (WW <c>bulk_min</c>).</param>
/// <param name="RescaledBulkMax">Rescaled MP upper edge λ⁺ = (σ(1 + 1/√Q))².</param>
/// <param name="RescaledBulkMin">Rescaled MP lower edge λ⁻ = (σ(1 − 1/√Q))².</param>
/// <param name="TracyWidomScale">TW = Q^(−1/2)·(λ⁺)^(2/3)·M^(−2/3), rescaled units.</param>
/// <param name="RescaledSpikeEdge">λ⁺ + sqrt(TW): eigenvalues above it count as spikes, rescaled units.</param>
/// <param name="RescaledLambdaMax">Largest rescaled eigenvalue max(x).</param>
public sealed record MarchenkoPasturFit(
    bool Succeeded,
    double SigmaMp,
    int NumSpikes,
    double MpSoftRank,
    double WScale,
    double BulkMax,
    double BulkMin,
    double RescaledBulkMax,
    double RescaledBulkMin,
    double TracyWidomScale,
    double RescaledSpikeEdge,
    double RescaledLambdaMax)
{
    /// <summary>The failed fit: the six WW columns are −1, the extra values NaN.</summary>
    public static MarchenkoPasturFit Failed { get; } =
        new(false, -1, -1, -1, -1, -1, -1, double.NaN, double.NaN, double.NaN, double.NaN, double.NaN);
}
