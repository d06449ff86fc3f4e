namespace GpuSpectral.Core.Results;

/// <summary>
/// <c>get_summary()</c>: the mean over analysed rows of each metric, skipping NaN as pandas does, plus counts of
/// warnings (and of phases where rows carry one). In our default mode failed fits have NaN alphas and so do not
/// enter the alpha means; in WeightWatcher mode they enter with alpha = −1, as WeightWatcher does.
/// <c>mp_softrank</c> is averaged only when the rows carry an MP fit (<c>--mp-fit</c>), as WeightWatcher does.
/// </summary>
public sealed class AnalysisSummary
{
    /// <summary>The averaged metrics, in WeightWatcher's order.</summary>
    public static IReadOnlyList<string> MeanColumns { get; } =
        ["log_norm", "alpha", "alpha_weighted", "log_alpha_norm", "log_spectral_norm", "stable_rank", "mp_softrank"];

    private readonly List<KeyValuePair<string, double>> _means;

    private AnalysisSummary(
        List<KeyValuePair<string, double>> means, IReadOnlyDictionary<string, int> warnings,
        IReadOnlyDictionary<string, int> phases)
    {
        _means = means;
        Warnings = warnings;
        Phases = phases;
    }

    /// <summary>Mean <c>log_norm</c>.</summary>
    public double LogNorm => Mean("log_norm");

    /// <summary>Mean <c>alpha</c>.</summary>
    public double Alpha => Mean("alpha");

    /// <summary>Mean <c>alpha_weighted</c>.</summary>
    public double AlphaWeighted => Mean("alpha_weighted");

    /// <summary>Mean <c>log_alpha_norm</c>.</summary>
    public double LogAlphaNorm => Mean("log_alpha_norm");

    /// <summary>Mean <c>log_spectral_norm</c>.</summary>
    public double LogSpectralNorm => Mean("log_spectral_norm");

    /// <summary>Mean <c>stable_rank</c>.</summary>
    public double StableRank => Mean("stable_rank");

    /// <summary>Rows per non-empty <c>warning</c> value (for example over-trained → 3).</summary>
    public IReadOnlyDictionary<string, int> Warnings { get; }

    /// <summary>Rows per <c>phase</c> value; empty when the rows carry no phase.</summary>
    public IReadOnlyDictionary<string, int> Phases { get; }

    /// <summary>Computes the summary of <paramref name="layers"/>. All NaN (or no layers) gives NaN.</summary>
    /// <param name="layers">The rows.</param>
    /// <param name="metric">Value of a metric column of a row, or null when the row lacks the column (for example
    /// <c>mp_softrank</c> without an MP fit). Null: only the six core metrics.</param>
    /// <param name="phase">The phase of a row, or null. Null: no phase counts.</param>
    public static AnalysisSummary Of(
        IReadOnlyCollection<LayerResult> layers, Func<LayerResult, string, double?>? metric = null,
        Func<LayerResult, string?>? phase = null)
    {
        ArgumentNullException.ThrowIfNull(layers);
        return FromTable(
            name => Core(name) is { } get
                ? layers.Select(r => (double?)get(r))
                : layers.Select(r => metric?.Invoke(r, name)),
            layers.Select(r => r.Warning),
            phase is null ? [] : layers.Select(phase));
    }

    /// <summary>Computes the summary from columns of a table (the <c>merge</c> command).</summary>
    /// <param name="column">The values of a metric column, null where a row lacks it; all null → not averaged.</param>
    /// <param name="warnings">The <c>warning</c> column.</param>
    /// <param name="phases">The <c>phase</c> column (empty when absent).</param>
    public static AnalysisSummary FromTable(
        Func<string, IEnumerable<double?>> column, IEnumerable<string?> warnings, IEnumerable<string?> phases)
    {
        ArgumentNullException.ThrowIfNull(column);
        var means = new List<KeyValuePair<string, double>>();
        foreach (var name in MeanColumns)
        {
            var values = column(name).ToList();
            if (Core(name) is null && values.All(v => v is null))
            {
                continue;
            }

            means.Add(new(name, MeanOf(values)));
        }

        return new AnalysisSummary(means, Count(warnings), Count(phases));
    }

    /// <summary>The averaged metrics as (WeightWatcher metric name, value) pairs, in WeightWatcher's order.</summary>
    public IEnumerable<KeyValuePair<string, double>> Items() => _means;

    private double Mean(string name) => _means.FirstOrDefault(kv => kv.Key == name, new(name, double.NaN)).Value;

    private static Func<LayerResult, double>? Core(string name) => name switch
    {
        "log_norm" => r => r.LogNorm,
        "alpha" => r => r.Alpha,
        "alpha_weighted" => r => r.AlphaWeighted,
        "log_alpha_norm" => r => r.LogAlphaNorm,
        "log_spectral_norm" => r => r.LogSpectralNorm,
        "stable_rank" => r => r.StableRank,
        _ => null,
    };

    private static double MeanOf(IEnumerable<double?> values)
    {
        double sum = 0;
        var n = 0;
        foreach (var v in values)
        {
            if (v is double d && !double.IsNaN(d))
            {
                sum += d;
                n++;
            }
        }

        return n == 0 ? double.NaN : sum / n;
    }

    private static SortedDictionary<string, int> Count(IEnumerable<string?> values)
    {
        var counts = new SortedDictionary<string, int>(StringComparer.Ordinal);
        foreach (var v in values)
        {
            if (!string.IsNullOrEmpty(v))
            {
                counts[v] = counts.GetValueOrDefault(v) + 1;
            }
        }

        return counts;
    }
}
