using GpuSpectral.Core.Planning;

namespace GpuSpectral.Engine.Sharding;

/// <summary>
/// Deterministic, cost-balanced split of the analysed layers over shards. Every process computes the same split
/// from the same plan: layers sorted by decreasing cost (ties by layer id) go one by one to the shard with the
/// least cost so far (ties to the lowest index) — the longest-processing-time rule, within 4/3 of the optimum.
/// </summary>
public static class ShardAssignment
{
    /// <summary>
    /// Estimated cost of a layer: the Gram product (M²·N per slice) plus the dense eigensolver (M³ per slice),
    /// in floating-point operations up to a constant. M is the smaller side, so this is M·N²-like for wide layers
    /// after the transposition the solver does.
    /// </summary>
    public static double Cost(LayerPlan plan)
    {
        ArgumentNullException.ThrowIfNull(plan);
        double m = Math.Min(plan.SliceRows, plan.SliceCols), n = Math.Max(plan.SliceRows, plan.SliceCols);
        return plan.SliceCount * ((m * m * n) + (m * m * m));
    }

    /// <summary>Shard index of each analysed plan, keyed by layer id.</summary>
    /// <param name="analysed">The analysed plans of the whole run (not yet filtered by shard).</param>
    /// <param name="count">Number of shards, ≥ 1.</param>
    public static IReadOnlyDictionary<int, int> Assign(IReadOnlyList<LayerPlan> analysed, int count)
    {
        ArgumentNullException.ThrowIfNull(analysed);
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        var load = new double[count];
        var result = new Dictionary<int, int>(analysed.Count);
        foreach (var plan in analysed.OrderByDescending(Cost).ThenBy(p => p.LayerId))
        {
            var best = 0;
            for (var s = 1; s < count; s++)
            {
                if (load[s] < load[best])
                {
                    best = s;
                }
            }

            load[best] += Cost(plan);
            result[plan.LayerId] = best;
        }

        return result;
    }

    /// <summary>The plans of <paramref name="shard"/>, in their original order.</summary>
    public static IReadOnlyList<LayerPlan> Select(IReadOnlyList<LayerPlan> analysed, ShardSpec shard)
    {
        ArgumentNullException.ThrowIfNull(shard);
        var owner = Assign(analysed, shard.Count);
        return [.. analysed.Where(p => owner[p.LayerId] == shard.Index)];
    }
}
