namespace GpuSpectral.Core.Spectral.Vectors;

/// <summary>
/// WeightWatcher's per-eigenvector localization metrics (weightwatcher-spec.md §b.7). Each is invariant to the sign
/// of the vector and, except <see cref="DiscreteEntropy"/>, to its scale.
/// </summary>
public static class EigenvectorMetrics
{
    /// <summary>Number of histogram bins WeightWatcher uses in <see cref="DiscreteEntropy"/>.</summary>
    public const int EntropyBins = 100;

    /// <summary>The constant WeightWatcher adds to every bin density before normalising.</summary>
    public const double EntropyEpsilon = 1e-10;

    /// <summary>‖v‖₁/‖v‖∞, between 1 (one non-zero entry) and n (all |vᵢ| equal). NaN for the zero vector or when
    /// an entry is NaN.</summary>
    /// <param name="v">One eigenvector (any length ≥ 1).</param>
    public static double LocalizationRatio(ReadOnlySpan<double> v)
    {
        double sum = 0, max = 0;
        foreach (var x in v)
        {
            var a = Math.Abs(x);
            sum += a;
            max = double.IsNaN(a) ? double.NaN : Math.Max(max, a);
        }

        return sum / max;
    }

    /// <summary>‖v‖₂/‖v‖₄, between 1 (one non-zero entry) and n^¼ (all |vᵢ| equal). NaN for the zero vector.</summary>
    /// <param name="v">One eigenvector (any length ≥ 1).</param>
    public static double ParticipationRatio(ReadOnlySpan<double> v)
    {
        // Scale by max|v| first so that v⁴ neither underflows nor overflows; the ratio is scale-free.
        double max = 0;
        foreach (var x in v)
        {
            max = Math.Max(max, Math.Abs(x));
        }

        double s2 = 0, s4 = 0;
        foreach (var x in v)
        {
            var y = x / max;
            var y2 = y * y;
            s2 += y2;
            s4 += y2 * y2;
        }

        return Math.Sqrt(s2) / Math.Sqrt(Math.Sqrt(s4));
    }

    /// <summary>
    /// WeightWatcher's <c>discrete_entropy</c> of |v| as the spec describes it: u = |v| − mean(|v|); h = the
    /// 100-bin density histogram of u (numpy semantics, <see cref="DensityHistogram"/>); p = (h + 1e-10)/√(2π),
    /// normalised to sum 1; result −Σ p ln p (nats). The √(2π) cancels in the normalisation and is kept only for
    /// fidelity. Range: ≈ 0 (all |vᵢ| equal: one full bin) up to ln 100 ≈ 4.605 (a flat histogram).
    /// </summary>
    /// <param name="v">One eigenvector (finite entries, length ≥ 1).</param>
    /// <param name="bins">Number of histogram bins (WeightWatcher: 100).</param>
    /// <exception cref="ArgumentException">v is empty or holds NaN/±∞.</exception>
    public static double DiscreteEntropy(ReadOnlySpan<double> v, int bins = EntropyBins)
    {
        if (v.IsEmpty)
        {
            throw new ArgumentException("The vector is empty.", nameof(v));
        }

        var u = new double[v.Length];
        double mean = 0;
        for (var i = 0; i < v.Length; i++)
        {
            u[i] = Math.Abs(v[i]);
            mean += u[i];
        }

        mean /= v.Length;
        for (var i = 0; i < u.Length; i++)
        {
            u[i] -= mean;
        }

        var h = DensityHistogram.Density(u, bins);
        var total = 0.0;
        var sqrtTwoPi = Math.Sqrt(2 * Math.PI);
        for (var i = 0; i < h.Length; i++)
        {
            h[i] = (h[i] + EntropyEpsilon) / sqrtTwoPi;
            total += h[i];
        }

        var entropy = 0.0;
        foreach (var x in h)
        {
            var p = x / total;
            entropy -= p * Math.Log(p);
        }

        return entropy;
    }
}
