namespace GpuSpectral.Core.Metrics;

/// <summary>
/// The alpha-free metrics of one layer's ESD (weightwatcher-spec.md §b.2 and §b.4), from the eigenvalues of each
/// of the layer's matrices. All eigenvalues must be ≥ 0 (clamp round-off first). NaN eigenvalues propagate.
/// </summary>
public sealed record SpectrumMetrics
{
    /// <summary>float64 machine epsilon, numpy's <c>finfo(float64).eps</c>.</summary>
    public const double Eps = 2.220446049250313e-16;

    /// <summary>WeightWatcher's EPSILON added to probabilities and to the rank in the entropy (CPU value).</summary>
    public const double EntropyEpsilon = 1e-10;

    /// <summary>Σλ.</summary>
    public double Norm { get; init; }

    /// <summary>λmax.</summary>
    public double LambdaMax { get; init; }

    /// <summary>Largest singular value.</summary>
    public double SvMax { get; init; }

    /// <summary>Smallest singular value (see <see cref="Compute"/> for the WeightWatcher variant).</summary>
    public double SvMin { get; init; }

    /// <summary>#{σ &gt; σmax·N·eps} over all eigenvalues.</summary>
    public int MatrixRank { get; init; }

    /// <summary>Σ over matrices of #{σ ≤ σmax(matrix)·N·eps}.</summary>
    public int RankLoss { get; init; }

    /// <summary>#{λ &lt; tolerance}.</summary>
    public int WeakRankLoss { get; init; }

    /// <summary>−Σ p ln p / ln(rank + 1e-10) with p = λ/Σλ + 1e-10.</summary>
    public double Entropy { get; init; }

    /// <summary>Computes the metrics.</summary>
    /// <param name="sliceEvals">Eigenvalues of each matrix of the layer (any order, all ≥ 0).</param>
    /// <param name="layerN">The layer's reported N (the rank threshold is σmax·N·eps, as WeightWatcher uses).</param>
    /// <param name="tolerance">Threshold of <c>weak_rank_loss</c> (WeightWatcher default 1e-6).</param>
    /// <param name="svMinMaxOverSlices">WeightWatcher's sv_min: the max over matrices of each matrix's smallest
    /// singular value (WW:2826). False gives the true smallest singular value of the layer.</param>
    public static SpectrumMetrics Compute(
        IReadOnlyList<double[]> sliceEvals, int layerN, double tolerance, bool svMinMaxOverSlices)
    {
        ArgumentOutOfRangeException.ThrowIfZero(sliceEvals.Count);
        double norm = 0, lambdaMax = double.NegativeInfinity, svMax = double.NegativeInfinity;
        var svMin = svMinMaxOverSlices ? double.NegativeInfinity : double.PositiveInfinity;
        int rankLoss = 0, weak = 0, total = 0;
        foreach (var evals in sliceEvals)
        {
            var sliceMax = evals.Max();
            var sliceMin = evals.Min();
            var sliceSvMax = Math.Sqrt(sliceMax);
            var cut = sliceSvMax * layerN * Eps;
            foreach (var l in evals)
            {
                norm += l;
                if (!(Math.Sqrt(l) > cut))
                {
                    rankLoss++;
                }

                if (l < tolerance)
                {
                    weak++;
                }
            }

            total += evals.Length;
            lambdaMax = Math.Max(lambdaMax, sliceMax);
            svMax = Math.Max(svMax, sliceSvMax);
            svMin = svMinMaxOverSlices ? Math.Max(svMin, Math.Sqrt(sliceMin)) : Math.Min(svMin, Math.Sqrt(sliceMin));
        }

        var rankCut = svMax * layerN * Eps;
        var rank = 0;
        double plogp = 0;
        foreach (var evals in sliceEvals)
        {
            foreach (var l in evals)
            {
                if (Math.Sqrt(l) > rankCut)
                {
                    rank++;
                }

                var p = (l / norm) + EntropyEpsilon;
                plogp += p * Math.Log(p);
            }
        }

        return new SpectrumMetrics
        {
            Norm = norm, LambdaMax = lambdaMax, SvMax = svMax, SvMin = svMin, MatrixRank = rank,
            RankLoss = rankLoss, WeakRankLoss = weak,
            Entropy = -plogp / Math.Log(rank + EntropyEpsilon),
        };
    }
}
