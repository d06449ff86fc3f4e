namespace GpuSpectral.Core.Fitting;

/// <summary>
/// The KS evaluation points shared by all candidates: y = ln x of each point, the number of fitted values strictly
/// below it, and for every candidate its first tail point and tail size (ks_scan_ref.py <c>_ks_points</c>,
/// <c>_start_positions</c>).
/// </summary>
internal sealed class KsPoints
{
    private KsPoints(double[] y, int[] below, int[] start, double[] tailCount, bool monotone)
    {
        Y = y;
        Below = below;
        Start = start;
        TailCount = tailCount;
        LogMonotone = monotone;
    }

    /// <summary>ln of each evaluation point, ascending.</summary>
    public double[] Y { get; }

    /// <summary>Number of fitted values strictly below each point (WeightWatcher: the position itself).</summary>
    public int[] Below { get; }

    /// <summary>Index into <see cref="Y"/> of each candidate's first tail point.</summary>
    public int[] Start { get; }

    /// <summary>n_k = N − k for each candidate, as a double.</summary>
    public double[] TailCount { get; }

    /// <summary>True when the computed logarithms are non-decreasing (always, for a monotone <c>Math.Log</c>); the
    /// pruned scan relies on it and falls back to brute force otherwise.</summary>
    public bool LogMonotone { get; }

    public int Count => Y.Length;

    public static KsPoints Build(ReadOnlySpan<double> sorted, ReadOnlySpan<int> candidates, FitCompat compat)
    {
        var n = sorted.Length;
        int[] below;
        var start = new int[candidates.Length];
        if (compat == FitCompat.WeightWatcher)
        {
            below = new int[n];
            for (var i = 0; i < n; i++)
            {
                below[i] = i;
            }

            candidates.CopyTo(start);
        }
        else
        {
            below = KsScan.FirstOfEachDistinct(sorted);
            var p = 0;
            for (var c = 0; c < candidates.Length; c++)
            {
                var xc = sorted[candidates[c]];
                while (sorted[below[p]] < xc)
                {
                    p++;
                }

                start[c] = p;
            }
        }

        var y = new double[below.Length];
        var monotone = true;
        for (var j = 0; j < y.Length; j++)
        {
            y[j] = Math.Log(sorted[below[j]]);
            if (j > 0 && y[j] < y[j - 1])
            {
                monotone = false;
            }
        }

        var tail = new double[candidates.Length];
        for (var c = 0; c < candidates.Length; c++)
        {
            tail[c] = n - candidates[c];
        }

        return new KsPoints(y, below, start, tail, monotone);
    }
}
