namespace GpuSpectral.Core.Spectral;

/// <summary>
/// WeightWatcher's <c>jensen_shannon_distance</c> (RMT_Util): two non-negative vectors are used directly as
/// (unnormalised) probability vectors, not as histograms. With m = (p + q)/2 it returns
/// sqrt((KL(p‖m) + KL(q‖m))/2) in natural-log units, each KL being <c>scipy.stats.entropy</c>, which first divides
/// each vector by its sum.
/// </summary>
public static class JensenShannon
{
    /// <summary>The Jensen–Shannon distance between <paramref name="p"/> and <paramref name="q"/>, in [0, sqrt(ln 2)].</summary>
    /// <param name="p">Non-negative weights (e.g. ascending eigenvalues of the layer).</param>
    /// <param name="q">Non-negative weights of the same length (e.g. ascending eigenvalues of a shuffled copy).</param>
    /// <returns>The distance. A negative entry gives +∞ (SciPy's <c>rel_entr</c>); an all-zero vector gives NaN.</returns>
    /// <exception cref="ArgumentException">The lengths differ (NumPy cannot broadcast them).</exception>
    public static double Distance(ReadOnlySpan<double> p, ReadOnlySpan<double> q)
    {
        if (p.Length != q.Length)
        {
            throw new ArgumentException($"lengths differ: {p.Length} vs {q.Length}", nameof(q));
        }

        var m = new double[p.Length];
        for (var i = 0; i < m.Length; i++)
        {
            m[i] = (p[i] + q[i]) / 2;
        }

        var divergence = (Entropy(p, m) + Entropy(q, m)) / 2;
        return Math.Sqrt(divergence);
    }

    /// <summary><c>scipy.stats.entropy(pk, qk)</c>: Σ rel_entr(pk/Σpk, qk/Σqk), natural log.</summary>
    private static double Entropy(ReadOnlySpan<double> pk, ReadOnlySpan<double> qk)
    {
        var pSum = NumpyArithmetic.Sum(pk);
        var qSum = NumpyArithmetic.Sum(qk);
        var terms = new double[pk.Length];
        for (var i = 0; i < terms.Length; i++)
        {
            terms[i] = RelativeEntropy(1.0 * pk[i] / pSum, 1.0 * qk[i] / qSum);
        }

        return NumpyArithmetic.Sum(terms);
    }

    /// <summary><c>scipy.special.rel_entr</c>: x·ln(x/y) for x, y &gt; 0; 0 for x = 0, y ≥ 0; +∞ otherwise.</summary>
    private static double RelativeEntropy(double x, double y)
    {
        if (double.IsNaN(x) || double.IsNaN(y))
        {
            return double.NaN;
        }

        if (x > 0 && y > 0)
        {
            return x * Math.Log(x / y);
        }

        return x == 0 && y >= 0 ? 0 : double.PositiveInfinity;
    }
}
