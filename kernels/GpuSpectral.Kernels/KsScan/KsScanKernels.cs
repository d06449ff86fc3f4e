using ILGPU;

namespace GpuSpectral.Kernels.KsScan;

/// <summary>
/// The exhaustive KS scan of WeightWatcher's power-law fit for a batch of sorted arrays in three launches (each over
/// the whole batch): per array the logarithms and the suffix-sum exponents; per candidate its KS distance D; per array
/// the first minimum. Array b occupies values[offsets[b] .. offsets[b+1]); its candidates are positions 0..N_b−2,
/// stored at candidateOffsets[b] + k (candidateOffsets[b] = Σ_{a&lt;b} max(N_a − 1, 0)).
/// </summary>
internal static class KsScanKernels
{
    /// <summary>One thread per array: y = ln x, and α_k = 1 + (N−k)/S_k with S_k the suffix sum
    /// Σ_{i=k}^{N−2} (N−1−i)·log1p((x_{i+1}−x_i)/x_i), accumulated from the top.</summary>
    public static void Prepare(
        Index1D b, ArrayView<double> values, ArrayView<int> offsets, ArrayView<int> candidateOffsets,
        ArrayView<double> logs, ArrayView<double> alphas)
    {
        var start = offsets[b];
        var n = offsets[b + 1] - start;
        var firstCandidate = candidateOffsets[b];
        for (var i = 0; i < n; i++)
        {
            logs[start + i] = Math.Log(values[start + i]);
        }

        var acc = 0.0;
        for (var i = n - 2; i >= 0; i--)
        {
            var xi = values[start + i];
            var g = DeviceKsMath.Log1p((values[start + i + 1] - xi) / xi);
            acc += (n - 1 - i) * g;
            double nk = n - i;
            alphas[firstCandidate + i] = 1.0 + (nk / acc);
        }
    }

    /// <summary>One thread per candidate: D = max over tail points j ≥ k of |T_j − E_j| with
    /// T_j = −expm1((1−α)(y_j − y_k)) (0 where y_j ≤ y_k) and E_j = (j − k)/(N − k); D = 1 where α ≤ 1 or NaN
    /// (WeightWatcher, WW_powerlaw.py:76).</summary>
    public static void Distances(
        Index1D t, ArrayView<int> offsets, ArrayView<int> candidateOffsets, ArrayView<double> logs,
        ArrayView<double> alphas, ArrayView<double> distances, int arrays)
    {
        // The array holding candidate t: the last b with candidateOffsets[b] ≤ t (binary search).
        int lo = 0, hi = arrays - 1;
        while (lo < hi)
        {
            var mid = (lo + hi + 1) / 2;
            if (candidateOffsets[mid] <= t)
            {
                lo = mid;
            }
            else
            {
                hi = mid - 1;
            }
        }

        var k = t - candidateOffsets[lo];
        var start = offsets[lo];
        var n = offsets[lo + 1] - start;
        var alpha = alphas[t];
        if (!(alpha > 1.0))
        {
            distances[t] = 1.0;
            return;
        }

        var y0 = logs[start + k];
        var oneMinusAlpha = 1.0 - alpha;
        double tail = n - k;
        var max = 0.0;
        for (var j = k; j < n; j++)
        {
            var dy = logs[start + j] - y0;
            var fitted = dy > 0 ? -DeviceKsMath.Expm1(oneMinusAlpha * dy) : 0.0;
            var diff = Math.Abs(fitted - ((j - k) / tail));
            if (diff > max)
            {
                max = diff;
            }
        }

        distances[t] = max;
    }

    /// <summary>One thread per array: the first minimum of its D (numpy.argmin: a NaN wins, ties go to the smaller
    /// index); −1 and NaN when the array has no candidate.</summary>
    public static void ArgMin(
        Index1D b, ArrayView<int> candidateOffsets, ArrayView<double> alphas, ArrayView<double> distances,
        ArrayView<int> bestIndex, ArrayView<double> bestAlpha, ArrayView<double> bestDistance)
    {
        var first = candidateOffsets[b];
        var count = candidateOffsets[b + 1] - first;
        var best = -1;
        var bestD = double.NaN;
        for (var c = 0; c < count; c++)
        {
            var d = distances[first + c];
            if (best < 0 || (!double.IsNaN(bestD) && (double.IsNaN(d) || d < bestD)))
            {
                best = c;
                bestD = d;
            }
        }

        bestIndex[b] = best;
        bestDistance[b] = bestD;
        bestAlpha[b] = best >= 0 ? alphas[first + best] : double.NaN;
    }
}
