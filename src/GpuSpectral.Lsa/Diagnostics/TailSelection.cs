using GpuSpectral.Core.Fitting;
using GpuSpectral.Lsa.Results;

namespace GpuSpectral.Lsa.Diagnostics;

/// <summary>K by the power-law tail: the number of eigenvalues ≥ xmin of the WeightWatcher-style fit.</summary>
/// <param name="Fit">The fit (landscape kept); <see cref="FitStatus.Failed"/> with NaN numbers when it failed.</param>
/// <param name="K">#{λ ≥ xmin} over the fitted eigenvalues; 0 when the fit failed.</param>
/// <param name="Partial">True when the spectrum was a top-k sketch, so the fit saw only the computed top values.</param>
/// <param name="Note">One line for the output, e.g. why the fit is partial or why it failed; empty otherwise.</param>
public sealed record TailSelection(PowerLawFit Fit, int K, bool Partial, string Note)
{
    /// <summary>Fits <paramref name="spectrum"/>'s eigenvalues with <see cref="PowerLawFitter.Fit"/> (WeightWatcher
    /// semantics: values ≤ 1e-5 dropped, KS scan over every xmin, <see cref="PowerLawFitOptions.KeepLandscape"/>).
    /// For a sketch the fit is restricted to the computed top-k values, which biases xmin upward when the true
    /// tail is longer than k; <see cref="Partial"/> and <see cref="Note"/> say so.</summary>
    public static TailSelection Select(LsaSpectrum spectrum)
    {
        var evals = spectrum.Eigenvalues;
        var fit = PowerLawFitter.Fit(evals, new PowerLawFitOptions { KeepLandscape = true });
        var k = 0;
        if (fit.Status != FitStatus.Failed)
        {
            foreach (var v in evals)
            {
                k += v >= fit.Xmin ? 1 : 0;
            }
        }

        var partial = !spectrum.Exact;
        var note = fit.Status == FitStatus.Failed
            ? $"power-law fit failed: {fit.FailureReason}"
            : partial
                ? $"fit restricted to the computed top {evals.Length} of {spectrum.Dimension} eigenvalues (sketch)"
                : "";
        return new TailSelection(fit, k, partial, note);
    }
}
