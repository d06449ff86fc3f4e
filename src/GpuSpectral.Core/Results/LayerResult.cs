using GpuSpectral.Core.Fitting;
using GpuSpectral.Core.Phases;
using GpuSpectral.Core.Spectral;

namespace GpuSpectral.Core.Results;

/// <summary>
/// Every column of one analysed layer, named as WeightWatcher names them (weightwatcher-spec.md §b.2–§b.4,
/// §b.10). Eigenvalues are those of X = WᵀW of the normalised matrix (dimensionless squares of the weights'
/// units). NaN marks a value that does not exist (for example alpha of a failed fit in our default mode).
/// </summary>
public sealed record LayerResult
{
    /// <summary><c>layer_id</c>.</summary>
    public required int LayerId { get; init; }

    /// <summary><c>name</c>: tensor name without <c>.weight</c>.</summary>
    public required string Name { get; init; }

    /// <summary><c>slice_id</c>: the kh·kw slice of a Conv2D kernel with pool=False (i·kw + j); null when pooled.</summary>
    public int? SliceId { get; init; }

    /// <summary><c>longname</c>: same as name for state-dict-like checkpoints.</summary>
    public required string LongName { get; init; }

    /// <summary><c>layer_type</c>: dense or conv2d.</summary>
    public required string LayerType { get; init; }

    /// <summary>Stored dtype of the tensor (for example F32, BF16).</summary>
    public required string DType { get; init; }

    /// <summary><c>N</c>: larger dimension.</summary>
    public required int N { get; init; }

    /// <summary><c>M</c>: smaller dimension.</summary>
    public required int M { get; init; }

    /// <summary><c>rf</c>: receptive field (kh·kw for conv).</summary>
    public required int Rf { get; init; }

    /// <summary><c>Q</c> = N/M.</summary>
    public required double Q { get; init; }

    /// <summary><c>num_evals</c>: number of eigenvalues (M·rf).</summary>
    public required int NumEvals { get; init; }

    /// <summary><c>status</c>: <c>success</c> or <c>failed</c> (the power-law fit).</summary>
    public required string Status { get; init; }

    /// <summary><c>status_reason</c>: why the fit failed; empty on success.</summary>
    public required string StatusReason { get; init; }

    /// <summary><c>warning</c>: <c>over-trained</c> (alpha &lt; 2), <c>under-trained</c> (alpha &gt; 6) or empty.</summary>
    public required string Warning { get; init; }

    /// <summary><c>alpha</c>: power-law exponent of the ESD tail.</summary>
    public required double Alpha { get; init; }

    /// <summary><c>alpha_weighted</c> = alpha·log10 λmax.</summary>
    public required double AlphaWeighted { get; init; }

    /// <summary><c>log_alpha_norm</c> = log10 Σ λᵢ^alpha over all eigenvalues.</summary>
    public required double LogAlphaNorm { get; init; }

    /// <summary><c>norm</c> = Σ λ = ‖W‖²_F.</summary>
    public required double Norm { get; init; }

    /// <summary><c>log_norm</c> = log10 Σ λ.</summary>
    public required double LogNorm { get; init; }

    /// <summary><c>spectral_norm</c> = λmax.</summary>
    public required double SpectralNorm { get; init; }

    /// <summary><c>log_spectral_norm</c> = log10 λmax.</summary>
    public required double LogSpectralNorm { get; init; }

    /// <summary><c>stable_rank</c> = Σ λ / λmax.</summary>
    public required double StableRank { get; init; }

    /// <summary><c>matrix_rank</c> = #{σ &gt; σmax·N·eps}.</summary>
    public required int MatrixRank { get; init; }

    /// <summary><c>entropy</c>: spectral entropy normalised by ln(rank).</summary>
    public required double Entropy { get; init; }

    /// <summary><c>lambda_max</c>: largest eigenvalue.</summary>
    public required double LambdaMax { get; init; }

    /// <summary><c>sv_max</c>: largest singular value.</summary>
    public required double SvMax { get; init; }

    /// <summary><c>sv_min</c>: smallest singular value (WeightWatcher mode: max over slices of each slice's min).</summary>
    public required double SvMin { get; init; }

    /// <summary><c>rank_loss</c>: Σ over slices of #{σ ≤ σmax·N·eps}.</summary>
    public required int RankLoss { get; init; }

    /// <summary><c>weak_rank_loss</c> = #{λ &lt; tolerance}.</summary>
    public required int WeakRankLoss { get; init; }

    /// <summary><c>D</c>: Kolmogorov–Smirnov distance of the fit.</summary>
    public required double D { get; init; }

    /// <summary><c>xmin</c>: start of the power-law tail.</summary>
    public required double Xmin { get; init; }

    /// <summary><c>xmax</c>: largest fitted eigenvalue (NaN for a failed fit).</summary>
    public required double Xmax { get; init; }

    /// <summary><c>sigma</c> = (alpha − 1)/sqrt(n_tail).</summary>
    public required double Sigma { get; init; }

    /// <summary><c>num_pl_spikes</c>: eigenvalues ≥ xmin (−1 for a failed fit in WeightWatcher mode; null in ours).</summary>
    public required int? NumPlSpikes { get; init; }

    /// <summary>The layer's eigenvalues, ascending (not written to CSV/JSON unless asked).</summary>
    public double[] Evals { get; init; } = [];

    /// <summary>The power-law fit behind the fit columns, with its D-versus-xmin landscape (for plots; not written to
    /// CSV/JSON). Null for rows not made by the analyzer.</summary>
    public PowerLawFit? Fit { get; init; }

    /// <summary>The Marchenko–Pastur fit (§b.5) when <c>--mp-fit</c> asked for its columns; null otherwise.</summary>
    public MarchenkoPasturFit? MarchenkoPastur { get; init; }

    /// <summary>The randomized spectrum (§b.6) with <c>--randomize</c>; null otherwise.</summary>
    public RandomizationResult? Randomization { get; init; }

    /// <summary>Seed of the shuffles of <see cref="Randomization"/>.</summary>
    public int? RandomSeed { get; init; }

    /// <summary>Eigenvector metrics split bulk/tail (§b.7) with <c>--vectors</c>; null otherwise.</summary>
    public Spectral.Vectors.VectorSummary? Vectors { get; init; }

    /// <summary>Per-eigenvector ratios behind <see cref="Vectors"/> (for plots; not written).</summary>
    public Spectral.Vectors.EigenvectorSpectrum? VectorSpectrum { get; init; }

    /// <summary>The detX tail (§b.9) with <c>--detx</c>; null otherwise.</summary>
    public DetX? DetX { get; init; }

    /// <summary>Write detX under WeightWatcher's swapped column names (<c>--compat ww</c>).</summary>
    public bool DetXWeightWatcherNames { get; init; }

    /// <summary>The phase of training (phases-of-training.md), or null when it was not classified.</summary>
    public PhaseResult? Phase { get; init; }

    /// <summary>Columns of the fit variants (fingers, TPL, likelihood-ratio tests), or null for a plain PL fit.</summary>
    public FitExtras? FitExtras { get; init; }
}
