namespace GpuSpectral.Core.Spectral.Vectors;

/// <summary>
/// numpy's <c>np.histogram(x, bins=n, density=True)</c> for float64 data: n equal-width bins over [min, max]
/// (widened to [min − 0.5, max + 0.5] when min = max), every bin half-open [e_i, e_{i+1}) except the last, which is
/// closed, and density = count / (total · bin width).
/// </summary>
public static class DensityHistogram
{
    /// <summary>The bin densities of <paramref name="values"/> (numpy semantics, see the type remarks).</summary>
    /// <param name="values">Finite data (at least one value). Units are arbitrary; the densities are in 1/units.</param>
    /// <param name="bins">Number of bins (≥ 1).</param>
    /// <returns><paramref name="bins"/> densities; they integrate to 1 over the bin edges.</returns>
    /// <exception cref="ArgumentException">No data, bins &lt; 1, or a non-finite value (numpy raises too).</exception>
    public static double[] Density(ReadOnlySpan<double> values, int bins)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(bins, 1);
        if (values.IsEmpty)
        {
            throw new ArgumentException("A histogram needs at least one value.", nameof(values));
        }

        var first = double.PositiveInfinity;
        var last = double.NegativeInfinity;
        foreach (var v in values)
        {
            if (!double.IsFinite(v))
            {
                throw new ArgumentException($"A histogram value is not finite ({v}).", nameof(values));
            }

            first = Math.Min(first, v);
            last = Math.Max(last, v);
        }

        if (first == last)
        {
            first -= 0.5;
            last += 0.5;
        }

        var edges = Edges(first, last, bins);
        var counts = new long[bins];
        var norm = bins / (last - first);
        foreach (var v in values)
        {
            counts[BinIndex(v, first, norm, edges, bins)]++;
        }

        var density = new double[bins];
        for (var i = 0; i < bins; i++)
        {
            // numpy: n / diff(edges) / n.sum(), in that order.
            density[i] = counts[i] / (edges[i + 1] - edges[i]) / values.Length;
        }

        return density;
    }

    /// <summary>numpy's <c>linspace(first, last, bins + 1)</c>: first + i·step with step = (last − first)/bins, and the
    /// final edge set to <paramref name="last"/> exactly.</summary>
    internal static double[] Edges(double first, double last, int bins)
    {
        var edges = new double[bins + 1];
        var step = (last - first) / bins;
        for (var i = 0; i <= bins; i++)
        {
            edges[i] = first + (i * step);
        }

        edges[bins] = last;
        return edges;
    }

    /// <summary>numpy's fast path for uniform bins: truncate (v − first)·norm, then correct by one bin against the
    /// actual edges so that the result agrees with a search over <paramref name="edges"/>.</summary>
    private static int BinIndex(double v, double first, double norm, double[] edges, int bins)
    {
        var index = (int)((v - first) * norm);
        if (index >= bins)
        {
            index = bins - 1;
        }

        if (v < edges[index])
        {
            index--;
        }
        else if (index != bins - 1 && v >= edges[index + 1])
        {
            index++;
        }

        return index;
    }
}
