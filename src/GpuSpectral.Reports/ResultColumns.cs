using System.Globalization;
using GpuSpectral.Core.Results;

namespace GpuSpectral.Reports;

/// <summary>A value of one output cell: a number (NaN = missing), an integer, a string or a boolean.</summary>
public readonly record struct Cell(double? Number, long? Integer, string? Text, bool? Flag)
{
    /// <summary>Formats the cell for CSV: floats round-trip exactly (shortest "R" form), NaN is an empty field,
    /// infinities are <c>inf</c>/<c>-inf</c> as pandas writes them, null integers are empty.</summary>
    public string ToCsv()
    {
        if (Number is double d)
        {
            return double.IsNaN(d) ? string.Empty
                : double.IsPositiveInfinity(d) ? "inf"
                : double.IsNegativeInfinity(d) ? "-inf"
                : d.ToString("R", CultureInfo.InvariantCulture);
        }

        if (Integer is long i)
        {
            return i.ToString(CultureInfo.InvariantCulture);
        }

        if (Flag is bool b)
        {
            return b ? "True" : "False";
        }

        return Text ?? string.Empty;
    }
}

/// <summary>The output columns of a layer row, with WeightWatcher's names, in output order.</summary>
public static class ResultColumns
{
    /// <summary>
    /// The columns every analysis writes (name and value getter), in the order written to CSV and JSON. Optional
    /// groups (slice_id, MP fit, randomization, …) follow them when <see cref="For"/> finds them in the rows.
    /// </summary>
    public static IReadOnlyList<(string Name, Func<LayerResult, Cell> Get)> All { get; } =
    [
        ("layer_id", r => I(r.LayerId)),
        ("name", r => T(r.Name)),
        ("longname", r => T(r.LongName)),
        ("layer_type", r => T(r.LayerType)),
        ("dtype", r => T(r.DType)),
        ("N", r => I(r.N)),
        ("M", r => I(r.M)),
        ("Q", r => F(r.Q)),
        ("rf", r => I(r.Rf)),
        ("num_evals", r => I(r.NumEvals)),
        ("has_esd", _ => new Cell(null, null, null, true)),
        ("alpha", r => F(r.Alpha)),
        ("alpha_weighted", r => F(r.AlphaWeighted)),
        ("log_alpha_norm", r => F(r.LogAlphaNorm)),
        ("log_norm", r => F(r.LogNorm)),
        ("log_spectral_norm", r => F(r.LogSpectralNorm)),
        ("norm", r => F(r.Norm)),
        ("spectral_norm", r => F(r.SpectralNorm)),
        ("stable_rank", r => F(r.StableRank)),
        ("matrix_rank", r => I(r.MatrixRank)),
        ("entropy", r => F(r.Entropy)),
        ("lambda_max", r => F(r.LambdaMax)),
        ("sv_max", r => F(r.SvMax)),
        ("sv_min", r => F(r.SvMin)),
        ("rank_loss", r => I(r.RankLoss)),
        ("weak_rank_loss", r => I(r.WeakRankLoss)),
        ("D", r => F(r.D)),
        ("xmin", r => F(r.Xmin)),
        ("xmax", r => F(r.Xmax)),
        ("sigma", r => F(r.Sigma)),
        ("num_pl_spikes", r => new Cell(null, r.NumPlSpikes, null, null)),
        ("status", r => T(r.Status)),
        ("status_reason", r => T(r.StatusReason)),
        ("warning", r => T(r.Warning)),
    ];

    private static readonly string[] VectorNames =
    [
        "bulk_mean_vec_entropy", "bulk_var_vec_entropy", "bulk_mean_loc_ratio", "bulk_var_loc_ratio",
        "bulk_mean_part_ratio", "bulk_var_part_ratio", "tail_mean_vec_entropy", "tail_var_vec_entropy",
        "tail_mean_loc_ratio", "tail_var_loc_ratio", "tail_mean_part_ratio", "tail_var_part_ratio",
    ];

    /// <summary>Optional column groups: written only when at least one row carries the group.</summary>
    private static readonly (Func<LayerResult, bool> Present, (string Name, Func<LayerResult, Cell> Get)[] Columns)[]
        Optional =
        [
            (r => r.SliceId is not null, [("slice_id", r => new Cell(null, r.SliceId, null, null))]),
            (r => r.FitExtras is not null, [("fit", r => T(r.FitExtras?.FitName ?? "pl"))]),
            (r => r.FitExtras?.NumFingers is not null,
            [
                ("num_fingers", r => new Cell(null, r.FitExtras?.NumFingers, null, null)),
                ("raw_alpha", r => F(r.FitExtras?.RawAlpha ?? double.NaN)),
            ]),
            (r => r.FitExtras?.Lambda is not null, [("Lambda", r => F(r.FitExtras?.Lambda ?? double.NaN))]),
            (r => r.FitExtras?.VsLognormal is not null,
            [
                ("pl_vs_lognormal_R", r => F(r.FitExtras?.VsLognormal?.NormalizedR ?? double.NaN)),
                ("pl_vs_lognormal_p", r => F(r.FitExtras?.VsLognormal?.P ?? double.NaN)),
                ("pl_vs_exponential_R", r => F(r.FitExtras?.VsExponential?.NormalizedR ?? double.NaN)),
                ("pl_vs_exponential_p", r => F(r.FitExtras?.VsExponential?.P ?? double.NaN)),
                ("pl_vs_tpl_R", r => F(r.FitExtras?.VsTruncatedPowerLaw?.NormalizedR ?? double.NaN)),
                ("pl_vs_tpl_p", r => F(r.FitExtras?.VsTruncatedPowerLaw?.P ?? double.NaN)),
            ]),
            (r => r.MarchenkoPastur is not null, MpColumns(r => r.MarchenkoPastur, string.Empty)),
            (r => r.Randomization is not null, RandomColumns()),
            (r => r.Vectors is not null, VectorColumns()),
            // WeightWatcher writes the rescaled λ̃[idx] under the name detX_val_unrescaled (§b.9); we name it for what
            // it is, except in --compat ww.
            (r => r.DetX is not null && !r.DetXWeightWatcherNames, DetXColumns("detX_val_rescaled")),
            (r => r.DetX is not null && r.DetXWeightWatcherNames, DetXColumns("detX_val_unrescaled")),
            (r => r.Phase is not null,
            [
                ("phase", r => T(r.Phase?.Label ?? string.Empty)),
                ("phase_reason", r => T(r.Phase?.Reason ?? string.Empty)),
                ("phase_flags", r => T(r.Phase?.FlagText ?? string.Empty)),
                ("phase_nonzero", r => T(r.Phase?.NonZeroPartPhase is { } p ? Core.Phases.PhaseLabels.Label(p) : string.Empty)),
            ]),
        ];

    /// <summary>The columns for <paramref name="rows"/>: <see cref="All"/> plus each optional group that at least
    /// one row carries (a row without it gets empty cells there).</summary>
    public static IReadOnlyList<(string Name, Func<LayerResult, Cell> Get)> For(IReadOnlyCollection<LayerResult> rows)
    {
        var columns = new List<(string Name, Func<LayerResult, Cell> Get)>(All);
        foreach (var (present, group) in Optional)
        {
            if (rows.Any(present))
            {
                columns.AddRange(group);
            }
        }

        return columns;
    }

    /// <summary>Every column name that any analysis may write, in output order (merge orders columns by it).</summary>
    public static IReadOnlyList<string> CanonicalNames { get; } =
        [.. All.Select(c => c.Name), .. Optional.SelectMany(g => g.Columns.Select(c => c.Name))];

    /// <summary>Columns that hold text (so their values are never read as numbers).</summary>
    public static IReadOnlySet<string> TextNames { get; } = new HashSet<string>(StringComparer.Ordinal)
    {
        "name", "longname", "layer_type", "dtype", "status", "status_reason", "warning",
        "phase", "phase_reason", "phase_flags", "phase_nonzero", "fit",
    };

    private static (string Name, Func<LayerResult, Cell> Get)[] MpColumns(
        Func<LayerResult, Core.Spectral.MarchenkoPasturFit?> fit, string prefix) =>
    [
        (prefix + "sigma_mp", r => F(fit(r)?.SigmaMp ?? double.NaN)),
        // A failed fit is −1 in WeightWatcher mode and NaN (empty) in ours.
        (prefix + "num_spikes", r => new Cell(null, fit(r) is { } f && !double.IsNaN(f.SigmaMp) ? f.NumSpikes : null, null, null)),
        (prefix + "mp_softrank", r => F(fit(r)?.MpSoftRank ?? double.NaN)),
        (prefix + "W_scale", r => F(fit(r)?.WScale ?? double.NaN)),
        (prefix + "bulk_max", r => F(fit(r)?.BulkMax ?? double.NaN)),
        (prefix + "bulk_min", r => F(fit(r)?.BulkMin ?? double.NaN)),
    ];

    private static (string Name, Func<LayerResult, Cell> Get)[] RandomColumns() =>
    [
        .. MpColumns(r => r.Randomization?.RandomFit, "rand_"),
        ("max_rand_eval", r => F(r.Randomization?.MaxRandEval ?? double.NaN)),
        ("rand_distance", r => F(r.Randomization?.RandDistance ?? double.NaN)),
        ("ww_softrank", r => F(r.Randomization?.WwSoftRank ?? double.NaN)),
        ("ww_maxdist", r => F(r.Randomization?.WwMaxDist ?? double.NaN)),
        ("correlation_trap", r => new Cell(null, null, null, r.Randomization?.IsCorrelationTrap)),
        ("random_seed", r => new Cell(null, r.RandomSeed, null, null)),
    ];


    private static (string Name, Func<LayerResult, Cell> Get)[] VectorColumns() =>
    [
        .. VectorNames.Select(name => (name, (Func<LayerResult, Cell>)(r =>
            F(VectorValue(r, name))))),
    ];

    private static double VectorValue(LayerResult r, string name)
    {
        foreach (var (n, v) in r.Vectors?.Columns() ?? [])
        {
            if (n == name)
            {
                return v;
            }
        }

        return double.NaN;
    }

    private static (string Name, Func<LayerResult, Cell> Get)[] DetXColumns(string rescaledName) =>
    [
        ("detX_num", r => new Cell(null, r.DetX?.Num, null, null)),
        ("detX_val", r => F(r.DetX?.Value ?? double.NaN)),
        (rescaledName, r => F(r.DetX?.ValueRescaled ?? double.NaN)),
    ];

    private static Cell F(double v) => new(v, null, null, null);

    private static Cell I(long v) => new(null, v, null, null);

    private static Cell T(string v) => new(null, null, v, null);
}
