using System.Globalization;

namespace GpuSpectral.Core.Phases;

/// <summary>
/// Everything the phase rules read (phases-of-training.md §0), as pure numbers of one layer. Every field maps to a
/// WeightWatcher column or to the MP / power-law fit of this engine; see <see cref="FromWeightWatcherColumns"/>.
/// </summary>
public sealed record PhaseInputs
{
    /// <summary>M: the number of eigenvalues of the layer (WeightWatcher <c>num_evals</c> = M·rf for pooled conv
    /// slices). Sets K = max(3, ⌈0.01·M⌉), f₀ and the LOW_EVALS flag.</summary>
    public required int EigenvalueCount { get; init; }

    /// <summary>Q = N/M ≥ 1 (WeightWatcher <c>Q</c>); c = 1/Q enters λ_well.</summary>
    public required double Q { get; init; }

    /// <summary>True when W held NaN/±∞ (rule P0).</summary>
    public bool HasNonFiniteEntry { get; init; }

    /// <summary>Largest singular value s_max of W (WeightWatcher <c>sv_max</c>); 0 means W = 0 (rule P1).</summary>
    public required double SvMax { get; init; }

    /// <summary>Number of singular values ≤ τ·s_max (WeightWatcher <c>rank_loss</c>, τ = N·ε₆₄; the document's
    /// τ = max(max(N,M)·ε₆₄, ε_store) is <see cref="RankLossFraction.Count"/>). f₀ = this / M, M′ = M − this.</summary>
    public required int RankLossCount { get; init; }

    /// <summary>σ of the MP fit on the rescaled (mean-1) ESD (WeightWatcher <c>sigma_mp</c>; −1 or NaN: no fit).</summary>
    public required double SigmaMp { get; init; }

    /// <summary>n_s: rescaled eigenvalues above λ⁺ + √t_TW (WeightWatcher <c>num_spikes</c>).</summary>
    public required int NumSpikes { get; init; }

    /// <summary>λ⁺ in rescaled units = <c>bulk_max·W_scale²</c>. Used only to validate the MP fit.</summary>
    public required double LambdaPlusRescaled { get; init; }

    /// <summary>λ̃max, the largest rescaled eigenvalue = <c>lambda_max·W_scale²</c> (rule P6).</summary>
    public required double LambdaMaxRescaled { get; init; }

    /// <summary>R = λ⁺/λ̃max (WeightWatcher <c>mp_softrank</c>; rule P4).</summary>
    public required double MpSoftRank { get; init; }

    /// <summary>Whether the power-law fit succeeded (WeightWatcher <c>status == 'success'</c>). A failed fit counts
    /// as α = +∞: never HEAVY-TAILED, never OVER_TRAINED.</summary>
    public required bool PowerLawSucceeded { get; init; }

    /// <summary>α of the power-law fit (WeightWatcher <c>alpha</c>); ignored when the fit failed.</summary>
    public required double Alpha { get; init; }

    /// <summary>KS distance D of the fit (WeightWatcher <c>D</c>).</summary>
    public required double D { get; init; }

    /// <summary>n_tail: eigenvalues ≥ xmin (WeightWatcher <c>num_pl_spikes</c>).</summary>
    public required int NumTail { get; init; }

    /// <summary>r_trap: n_s of the element-shuffled W (WeightWatcher <c>rand_num_spikes</c>); null when not
    /// computed (no CORRELATION_TRAP / ELEMENTWISE_HT flags then).</summary>
    public int? RandNumSpikes { get; init; }

    /// <summary>detX_num (<see cref="Spectral.DetX.Num"/>); null when not computed.</summary>
    public int? DetXNum { get; init; }

    /// <summary>Δλ_min = x̃min − λ̃_detX in rescaled units (<see cref="Spectral.DetX.DeltaLambdaMin"/>); null when
    /// not computed.</summary>
    public double? DeltaLambdaMin { get; init; }

    /// <summary>f₀ = RankLossCount / M (NaN when M = 0).</summary>
    public double RankLossFractionValue => EigenvalueCount > 0 ? (double)RankLossCount / EigenvalueCount : double.NaN;

    /// <summary>M′ = M − RankLossCount, the number of non-zero eigenvalues.</summary>
    public int NonZeroCount => EigenvalueCount - RankLossCount;

    /// <summary>
    /// Inputs from WeightWatcher's column names (a <c>mp_fit=True</c> row): <c>num_evals</c> (or <c>M</c> when
    /// absent), <c>Q</c>, <c>sv_max</c>, <c>rank_loss</c>, <c>sigma_mp</c>, <c>num_spikes</c>, <c>bulk_max</c>,
    /// <c>W_scale</c>, <c>mp_softrank</c>, <c>lambda_max</c>, <c>alpha</c>, <c>D</c>, <c>num_pl_spikes</c> and,
    /// when present, <c>rand_num_spikes</c>. λ⁺ and λ̃max are rescaled with W_scale² (WeightWatcher's x = W_scale²·λ).
    /// </summary>
    /// <param name="row">Column name → value.</param>
    /// <param name="powerLawSucceeded">WeightWatcher's <c>status == 'success'</c>.</param>
    /// <exception cref="KeyNotFoundException">A required column is missing.</exception>
    public static PhaseInputs FromWeightWatcherColumns(IReadOnlyDictionary<string, double> row, bool powerLawSucceeded)
    {
        double Get(string name) => row.TryGetValue(name, out var v)
            ? v
            : throw new KeyNotFoundException(string.Create(CultureInfo.InvariantCulture, $"Column '{name}' is missing."));
        var scale2 = Get("W_scale") * Get("W_scale");
        return new PhaseInputs
        {
            EigenvalueCount = (int)(row.TryGetValue("num_evals", out var n) ? n : Get("M")),
            Q = Get("Q"),
            SvMax = Get("sv_max"),
            RankLossCount = (int)Get("rank_loss"),
            SigmaMp = Get("sigma_mp"),
            NumSpikes = (int)Get("num_spikes"),
            LambdaPlusRescaled = Get("bulk_max") * scale2,
            LambdaMaxRescaled = Get("lambda_max") * scale2,
            MpSoftRank = Get("mp_softrank"),
            PowerLawSucceeded = powerLawSucceeded,
            Alpha = Get("alpha"),
            D = Get("D"),
            NumTail = (int)Get("num_pl_spikes"),
            RandNumSpikes = row.TryGetValue("rand_num_spikes", out var r) && double.IsFinite(r) ? (int)r : null,
        };
    }
}
