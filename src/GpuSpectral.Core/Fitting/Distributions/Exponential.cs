namespace GpuSpectral.Core.Fitting.Distributions;

/// <summary>powerlaw's <c>exponential</c> on x ≥ xmin: p(x) = λ·e^(−λ(x − xmin)).</summary>
/// <remarks>The MLE is closed-form, λ = n/Σ(x − xmin). powerlaw runs Nelder–Mead from 1/mean(x) instead and stops
/// ~1e-4 relative away (powerlaw-algorithm.md §7, which recommends the closed form).</remarks>
public static class Exponential
{
    /// <summary>ln p(x) (natural log, 1/x units); −∞ below xmin.</summary>
    /// <param name="x">Point.</param>
    /// <param name="lambda">Rate λ &gt; 0 (1/x units).</param>
    /// <param name="xmin">Lower cutoff.</param>
    /// <returns>ln p(x).</returns>
    public static double LogPdf(double x, double lambda, double xmin) =>
        x < xmin ? double.NegativeInfinity : Math.Log(lambda) - (lambda * (x - xmin));

    /// <summary>The maximum-likelihood rate on the values ≥ xmin.</summary>
    /// <param name="values">Data, any order; values below xmin ignored.</param>
    /// <param name="xmin">Lower cutoff.</param>
    /// <returns>λ = n/Σ(x − xmin); +∞ when every tail value equals xmin; NaN with no tail.</returns>
    public static double FitRate(ReadOnlySpan<double> values, double xmin)
    {
        var n = 0;
        var s = 0.0;
        foreach (var v in values)
        {
            if (v >= xmin)
            {
                s += v - xmin;
                n++;
            }
        }

        return n == 0 ? double.NaN : n / s;
    }
}
