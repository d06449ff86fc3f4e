namespace GpuSpectral.Core.Spectral;

/// <summary>
/// WeightWatcher's randomization columns for one layer (<c>randomize=True</c>; spec §b.6). Eigenvalues are in the
/// raw units of the layer's eigenvalues λ (those of WᵀW of the normalized matrices).
/// </summary>
/// <param name="Replicas">Shuffled copies pooled into <see cref="RandomEigenvalues"/>: 5 when n_comp &lt; 100, else 1.</param>
/// <param name="RandomEigenvalues">Eigenvalues of all replicas of all shuffled matrices, ascending.</param>
/// <param name="SingleReplicaEigenvalues">Eigenvalues of the second, independent single-replica shuffle (r1),
/// ascending; it feeds the distance, soft rank and max distance.</param>
/// <param name="MaxRandEval">max(<see cref="RandomEigenvalues"/>) (WW <c>max_rand_eval</c>).</param>
/// <param name="RandDistance">Jensen–Shannon distance between λ and r1 (WW <c>rand_distance</c>); NaN with no λ.</param>
/// <param name="WwSoftRank">max(r1)/max(λ) (WW <c>ww_softrank</c>); NaN with no λ.</param>
/// <param name="WwMaxDist">max(λ) − max(r1) (WW <c>ww_maxdist</c>); NaN with no λ.</param>
/// <param name="RandomFit">MP fit of <see cref="RandomEigenvalues"/> with the layer's Q and M (WW <c>rand_num_spikes</c>,
/// <c>rand_sigma_mp</c>, <c>rand_mp_softrank</c>, <c>rand_W_scale</c>, <c>rand_bulk_max</c>, <c>rand_bulk_min</c>).</param>
public sealed record RandomizationResult(
    int Replicas,
    double[] RandomEigenvalues,
    double[] SingleReplicaEigenvalues,
    double MaxRandEval,
    double RandDistance,
    double WwSoftRank,
    double WwMaxDist,
    MarchenkoPasturFit RandomFit)
{
    /// <summary>A "correlation trap": the shuffled spectrum still has spikes beyond the MP edge
    /// (<c>rand_num_spikes &gt; 0</c>), i.e. a few very large entries dominate the layer.</summary>
    public bool IsCorrelationTrap => RandomFit.NumSpikes > 0;
}
