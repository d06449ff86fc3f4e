namespace GpuSpectral.Core.Results;

/// <summary>
/// <c>get_summary()</c>: the mean over analysed layers of each metric, skipping NaN as pandas does. In our default
/// mode failed fits have NaN alphas and so do not enter the alpha means; in WeightWatcher mode they enter with
/// alpha = −1, as WeightWatcher does.
/// </summary>
public sealed record AnalysisSummary(
    double LogNorm, double Alpha, double AlphaWeighted, double LogAlphaNorm, double LogSpectralNorm, double StableRank)
{
    /// <summary>Computes the summary of <paramref name="layers"/>. All NaN (or no layers) gives NaN.</summary>
    public static AnalysisSummary Of(IReadOnlyCollection<LayerResult> layers) => new(
        Mean(layers, r => r.LogNorm),
        Mean(layers, r => r.Alpha),
        Mean(layers, r => r.AlphaWeighted),
        Mean(layers, r => r.LogAlphaNorm),
        Mean(layers, r => r.LogSpectralNorm),
        Mean(layers, r => r.StableRank));

    /// <summary>The summary as (WeightWatcher metric name, value) pairs, in WeightWatcher's order.</summary>
    public IEnumerable<KeyValuePair<string, double>> Items()
    {
        yield return new("log_norm", LogNorm);
        yield return new("alpha", Alpha);
        yield return new("alpha_weighted", AlphaWeighted);
        yield return new("log_alpha_norm", LogAlphaNorm);
        yield return new("log_spectral_norm", LogSpectralNorm);
        yield return new("stable_rank", StableRank);
    }

    private static double Mean(IEnumerable<LayerResult> layers, Func<LayerResult, double> f)
    {
        double sum = 0;
        var n = 0;
        foreach (var v in layers.Select(f))
        {
            if (!double.IsNaN(v))
            {
                sum += v;
                n++;
            }
        }

        return n == 0 ? double.NaN : sum / n;
    }
}
