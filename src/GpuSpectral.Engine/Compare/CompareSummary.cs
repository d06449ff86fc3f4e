using GpuSpectral.Core.Results;

namespace GpuSpectral.Engine.Compare;

/// <summary>
/// Means over the compared layers: WeightWatcher's <c>get_summary()</c> of the ΔW rows, plus the mean of each
/// distance (NaN skipped, as pandas does; NaN when no value is left).
/// </summary>
/// <param name="Delta">Summary of the ΔW metrics.</param>
/// <param name="DistanceRaw">Mean <c>distance_raw</c> (WeightWatcher's <c>avg_dW</c> for method='raw').</param>
/// <param name="DistanceEuclidean">Mean <c>distance_euclidean</c>.</param>
/// <param name="DistanceCka">Mean <c>distance_cka</c>.</param>
/// <param name="LayersCompared">Number of compared layers.</param>
/// <param name="LayersSkipped">Number of skipped layers.</param>
public sealed record CompareSummary(
    AnalysisSummary Delta, double DistanceRaw, double DistanceEuclidean, double DistanceCka, int LayersCompared,
    int LayersSkipped)
{
    /// <summary>Summarises <paramref name="rows"/>.</summary>
    public static CompareSummary Of(IReadOnlyList<CompareRow> rows, int skipped)
    {
        ArgumentNullException.ThrowIfNull(rows);
        return new CompareSummary(
            AnalysisSummary.Of([.. rows.Select(r => r.Delta)]),
            Mean(rows, r => r.Distances.Raw),
            Mean(rows, r => r.Distances.Euclidean),
            Mean(rows, r => r.Distances.Cka),
            rows.Count,
            skipped);
    }

    /// <summary>The summary as (name, value) pairs: the ΔW metrics, then the three distances.</summary>
    public IEnumerable<KeyValuePair<string, double>> Items()
    {
        foreach (var kv in Delta.Items())
        {
            yield return kv;
        }

        yield return new("distance_raw", DistanceRaw);
        yield return new("distance_euclidean", DistanceEuclidean);
        yield return new("distance_cka", DistanceCka);
    }

    private static double Mean(IEnumerable<CompareRow> rows, Func<CompareRow, double> f)
    {
        var values = rows.Select(f).Where(v => !double.IsNaN(v)).ToList();
        return values.Count == 0 ? double.NaN : values.Average();
    }
}
