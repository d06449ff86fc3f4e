namespace GpuSpectral.Core.Fitting.Distributions;

/// <summary>
/// powerlaw's <c>lognormal</c> on x ≥ xmin: p(x) = (1/x)·exp(−(ln x − μ)²/(2σ²))·√(2/(πσ²)) / erfc((ln xmin − μ)/(√2σ))
/// (a normal in ln x, truncated at ln xmin; powerlaw-algorithm.md §7, powerlaw.py Lognormal).
/// </summary>
public static class Lognormal
{
    /// <summary>Simplex tolerance on (μ, ln σ) and on the mean negative log-likelihood. Much tighter than powerlaw's
    /// fmin (1e-4) so that the optimum, not the stopping point, is reported.</summary>
    public const double Tolerance = 1e-11;

    private const double HalfLogHalfPi = 0.22579135264472743; // ½ ln(π/2)

    /// <summary>ln p(x) (natural log, 1/x units); −∞ below xmin.</summary>
    /// <param name="x">Point.</param>
    /// <param name="mu">μ (units of ln x).</param>
    /// <param name="sigma">σ &gt; 0.</param>
    /// <param name="xmin">Lower cutoff &gt; 0.</param>
    /// <returns>ln p(x).</returns>
    public static double LogPdf(double x, double mu, double sigma, double xmin)
    {
        if (x < xmin)
        {
            return double.NegativeInfinity;
        }

        var y = Math.Log(x);
        var z = (y - mu) / sigma;
        return -y - (0.5 * z * z) - HalfLogHalfPi - Math.Log(sigma)
            - IncompleteGamma.LogErfc((Math.Log(xmin) - mu) / (Math.Sqrt(2.0) * sigma));
    }

    /// <summary>Maximum-likelihood (μ, σ) on the values ≥ xmin by a Nelder–Mead simplex on (μ, ln σ), started, as
    /// powerlaw does, from the mean and the standard deviation of ln x over the tail.</summary>
    /// <param name="values">Data, any order; values below xmin ignored; finite.</param>
    /// <param name="xmin">Lower cutoff &gt; 0.</param>
    /// <returns>μ, σ and Σ ln p over the tail; NaNs when fewer than 2 distinct tail values. When the likelihood
    /// keeps rising towards μ → −∞, σ → ∞ (the tail is closer to a power law), the simplex stops after its iteration
    /// limit at a point whose likelihood is within its tolerance of the supremum.</returns>
    public static (double Mu, double Sigma, double LogLikelihood) Fit(ReadOnlySpan<double> values, double xmin)
    {
        double sum = 0;
        var n = 0;
        foreach (var v in values)
        {
            if (v >= xmin)
            {
                sum += Math.Log(v);
                n++;
            }
        }

        if (n < 2)
        {
            return (double.NaN, double.NaN, double.NaN);
        }

        var mean = sum / n;
        var ss = 0.0;
        foreach (var v in values)
        {
            if (v >= xmin)
            {
                var d = Math.Log(v) - mean;
                ss += d * d;
            }
        }

        var variance = ss / n;
        if (!(variance > 0))
        {
            return (double.NaN, double.NaN, double.NaN);
        }

        var y0 = Math.Log(xmin);
        double Objective(double mu, double logSigma)
        {
            var sigma = Math.Exp(logSigma);
            var dm = mean - mu;
            return logSigma + ((variance + (dm * dm)) / (2.0 * sigma * sigma))
                + IncompleteGamma.LogErfc((y0 - mu) / (Math.Sqrt(2.0) * sigma));
        }

        var sd = Math.Sqrt(variance);
        var (best, _) = NelderMead.Minimize(
            Objective, [mean, Math.Log(sd)], [0.1 * sd, 0.1], Tolerance, Tolerance, 20000);
        var muHat = best[0];
        var sigmaHat = Math.Exp(best[1]);
        var ll = 0.0;
        foreach (var v in values)
        {
            if (v >= xmin)
            {
                ll += LogPdf(v, muHat, sigmaHat, xmin);
            }
        }

        return (muHat, sigmaHat, ll);
    }
}
