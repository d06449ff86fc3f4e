using GpuSpectral.Core.Fitting;
using GpuSpectral.Lsa.Results;

namespace GpuSpectral.Reports.Tests;

/// <summary>Hand-built LSA results over a synthetic Pareto-tailed spectrum.</summary>
internal static class LsaFixtures
{
    /// <summary>700 bulk eigenvalues uniform in [0.01, 1) and 300 Pareto(α = 2.5, xmin = 1) tail values, ascending.</summary>
    public static double[] ParetoSpectrum(int seed = 7)
    {
        var rng = new Random(seed);
        var bulk = Enumerable.Range(0, 700).Select(_ => 0.01 + 0.99 * rng.NextDouble());
        var tail = Enumerable.Range(0, 300).Select(_ => Math.Pow(1 - rng.NextDouble(), -1 / 1.5));
        return bulk.Concat(tail).Order().ToArray();
    }

    public static LsaResult Result(bool exact = true, bool keepLandscape = true)
    {
        var all = ParetoSpectrum();
        var evals = exact ? all : all[^400..];
        var fit = PowerLawFitter.Fit(evals, new PowerLawFitOptions { KeepLandscape = keepLandscape });
        var trace = all.Sum();
        var kpl = evals.Count(v => v >= fit.Xmin);
        var rng = new Random(3);
        var ratios = Enumerable.Range(1, 200).Select(i => 5 + 300 * (1 - Math.Exp(-i / 20.0)) + rng.NextDouble())
            .ToArray();
        var ev = evals.Reverse().Take(500).Select(v => v / trace).ToArray();
        return new LsaResult
        {
            Shape = (1000, 5000, 123_456, 3),
            Spectrum = new LsaSpectrum
            {
                Eigenvalues = evals,
                Exact = exact,
                Method = exact ? "dense Gram XXᵀ 1000² + dsyevd" : "randomized top-400 sketch",
                Dimension = 1000,
                Trace = trace,
            },
            Fit = fit,
            KPowerLaw = kpl,
            LocalizationRatios = ratios,
            KLocalization = 37,
            ExplainedVariance = ev,
            KExplainedVariance = 23,
            Seconds = new Dictionary<string, double> { ["tfidf"] = 0.125, ["gram"] = 1.0 / 3, ["eigen"] = 2.5, ["fit"] = 0.01 },
        };
    }
}
