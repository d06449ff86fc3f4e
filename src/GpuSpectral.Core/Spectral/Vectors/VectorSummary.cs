namespace GpuSpectral.Core.Spectral.Vectors;

/// <summary>
/// WeightWatcher's 12 eigenvector columns (weightwatcher-spec.md §b.7): the mean and the POPULATION variance
/// (numpy <c>np.var</c>, ddof = 0) of each per-vector metric over the bulk (λ &lt; xmin) and over the tail (λ ≥ xmin).
/// </summary>
/// <remarks>
/// An empty side (for example no eigenvalue below xmin) gives NaN for its mean and variance, as numpy's mean and var of
/// an empty array do (with a RuntimeWarning). WeightWatcher passes its xmin as is, which is −1 after a failed power-law
/// fit: then every pair is in the tail and the bulk columns are NaN. A NaN xmin puts every pair in the bulk (no
/// comparison λ ≥ NaN is true).
/// </remarks>
public sealed record VectorSummary
{
    /// <summary>Mean discrete entropy of the bulk eigenvectors (nats); NaN when the bulk is empty.</summary>
    public double BulkMeanEntropy { get; init; }

    /// <summary>Population variance of the bulk entropies (nats²); NaN when the bulk is empty.</summary>
    public double BulkVarEntropy { get; init; }

    /// <summary>Mean bulk localization ratio; NaN when the bulk is empty.</summary>
    public double BulkMeanLocalization { get; init; }

    /// <summary>Population variance of the bulk localization ratios; NaN when the bulk is empty.</summary>
    public double BulkVarLocalization { get; init; }

    /// <summary>Mean bulk participation ratio; NaN when the bulk is empty.</summary>
    public double BulkMeanParticipation { get; init; }

    /// <summary>Population variance of the bulk participation ratios; NaN when the bulk is empty.</summary>
    public double BulkVarParticipation { get; init; }

    /// <summary>Mean discrete entropy of the tail eigenvectors (nats); NaN when the tail is empty.</summary>
    public double TailMeanEntropy { get; init; }

    /// <summary>Population variance of the tail entropies (nats²); NaN when the tail is empty.</summary>
    public double TailVarEntropy { get; init; }

    /// <summary>Mean tail localization ratio; NaN when the tail is empty.</summary>
    public double TailMeanLocalization { get; init; }

    /// <summary>Population variance of the tail localization ratios; NaN when the tail is empty.</summary>
    public double TailVarLocalization { get; init; }

    /// <summary>Mean tail participation ratio; NaN when the tail is empty.</summary>
    public double TailMeanParticipation { get; init; }

    /// <summary>Population variance of the tail participation ratios; NaN when the tail is empty.</summary>
    public double TailVarParticipation { get; init; }

    /// <summary>Splits <paramref name="spectrum"/> at <paramref name="xmin"/> and summarises each side.</summary>
    /// <param name="spectrum">The per-vector metrics of the layer.</param>
    /// <param name="xmin">The power-law xmin in the units of the eigenvalues (WeightWatcher: −1 after a failed fit).</param>
    /// <remarks>xmin is itself one of the eigenvalues (WeightWatcher's, from its SVD). Eigenvalues recomputed by
    /// another solver differ from it by round-off, so the pair AT xmin can land on either side; prefer
    /// <see cref="SummarizeByTailCount"/> with <c>num_pl_spikes</c> when the eigenvalues were not the ones fitted.</remarks>
    public static VectorSummary Summarize(EigenvectorSpectrum spectrum, double xmin) =>
        Split(spectrum, [.. spectrum.Eigenvalues.Select(l => l >= xmin)]);

    /// <summary>
    /// Splits with the tail = the <paramref name="tailCount"/> largest eigenvalues (WeightWatcher's
    /// <c>num_pl_spikes</c> = #{λ ≥ xmin}), which is the xmin split made immune to round-off in the eigenvalue at
    /// xmin. Ties at the cut go to the pair listed first.
    /// </summary>
    /// <param name="spectrum">The per-vector metrics of the layer.</param>
    /// <param name="tailCount">Number of tail pairs, 0…Count (after a failed fit WeightWatcher puts every pair in the
    /// tail: pass Count).</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="tailCount"/> is outside 0…Count.</exception>
    public static VectorSummary SummarizeByTailCount(EigenvectorSpectrum spectrum, int tailCount)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(tailCount);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(tailCount, spectrum.Count);
        var order = Enumerable.Range(0, spectrum.Count).OrderByDescending(i => spectrum.Eigenvalues[i]).ToArray();
        var tail = new bool[spectrum.Count];
        foreach (var i in order.Take(tailCount))
        {
            tail[i] = true;
        }

        return Split(spectrum, tail);
    }

    private static VectorSummary Split(EigenvectorSpectrum spectrum, bool[] tail)
    {
        (double Mean, double Var) Side(double[] values, bool inTail) =>
            MeanVariance(values.Where((_, i) => tail[i] == inTail).ToArray());

        var (bme, bve) = Side(spectrum.Entropies, false);
        var (bml, bvl) = Side(spectrum.LocalizationRatios, false);
        var (bmp, bvp) = Side(spectrum.ParticipationRatios, false);
        var (tme, tve) = Side(spectrum.Entropies, true);
        var (tml, tvl) = Side(spectrum.LocalizationRatios, true);
        var (tmp, tvp) = Side(spectrum.ParticipationRatios, true);
        return new VectorSummary
        {
            BulkMeanEntropy = bme, BulkVarEntropy = bve,
            BulkMeanLocalization = bml, BulkVarLocalization = bvl,
            BulkMeanParticipation = bmp, BulkVarParticipation = bvp,
            TailMeanEntropy = tme, TailVarEntropy = tve,
            TailMeanLocalization = tml, TailVarLocalization = tvl,
            TailMeanParticipation = tmp, TailVarParticipation = tvp,
        };
    }

    /// <summary>The 12 values under WeightWatcher's column names, in a fixed order (bulk then tail; mean then var;
    /// entropy, localization, participation).</summary>
    public IReadOnlyList<(string Name, double Value)> Columns() =>
    [
        ("bulk_mean_vec_entropy", BulkMeanEntropy),
        ("bulk_var_vec_entropy", BulkVarEntropy),
        ("bulk_mean_loc_ratio", BulkMeanLocalization),
        ("bulk_var_loc_ratio", BulkVarLocalization),
        ("bulk_mean_part_ratio", BulkMeanParticipation),
        ("bulk_var_part_ratio", BulkVarParticipation),
        ("tail_mean_vec_entropy", TailMeanEntropy),
        ("tail_var_vec_entropy", TailVarEntropy),
        ("tail_mean_loc_ratio", TailMeanLocalization),
        ("tail_var_loc_ratio", TailVarLocalization),
        ("tail_mean_part_ratio", TailMeanParticipation),
        ("tail_var_part_ratio", TailVarParticipation),
    ];

    /// <summary>Mean and population variance (numpy: mean of squared deviations from the mean); NaN for none.</summary>
    internal static (double Mean, double Var) MeanVariance(double[] values)
    {
        if (values.Length == 0)
        {
            return (double.NaN, double.NaN);
        }

        var mean = values.Sum() / values.Length;
        var ss = values.Sum(v => (v - mean) * (v - mean));
        return (mean, ss / values.Length);
    }
}
