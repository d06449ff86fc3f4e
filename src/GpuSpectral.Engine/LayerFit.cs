using GpuSpectral.Core.Fitting;
using GpuSpectral.Core.Fitting.Compare;
using GpuSpectral.Core.Fitting.Distributions;
using GpuSpectral.Core.Fitting.Fingers;
using GpuSpectral.Core.Planning;
using GpuSpectral.Core.Results;

namespace GpuSpectral.Engine;

/// <summary>The tail fit of one row as the options ask: PL, TPL or E_TPL, finger fixes, xmin bounds, LR tests.</summary>
internal static class LayerFit
{
    public static (PowerLawFit Fit, FitExtras? Extras) Run(double[] evals, AnalysisOptions o)
    {
        var fitOptions = new PowerLawFitOptions
        {
            XmaxDrop = o.XmaxDrop, KeepLandscape = o.KeepLandscape, XminMax = o.XminMax,
        };
        var wwBug = o.Compat == CompatMode.WeightWatcher;
        PowerLawFit fit;
        FitExtras? extras = null;
        switch (o.Fit)
        {
            case FitKind.TruncatedPowerLaw or FitKind.ExponentialTruncatedPowerLaw:
                var tpl = o.Fit == FitKind.TruncatedPowerLaw
                    ? TruncatedPowerLaw.Fit(evals, fitOptions with { KeepLandscape = false })
                    : TruncatedPowerLaw.FitXminPeak(evals, fitOptions with { KeepLandscape = false }, wwBug).Fit;
                fit = FromTpl(tpl);
                extras = new FitExtras { FitName = o.Fit == FitKind.TruncatedPowerLaw ? "tpl" : "e-tpl", Lambda = tpl.Lambda };
                break;
            case FitKind.PowerLaw when o.FixFingers == FingerFixMode.ClipXmax:
                var clipped = FingerFix.ClipXmax(evals, fitOptions, o.FingerThreshold);
                fit = clipped.Fit;
                extras = new FitExtras { FitName = "pl", NumFingers = clipped.NumFingers, RawAlpha = clipped.RawAlpha };
                break;
            case FitKind.PowerLaw when o.FixFingers == FingerFixMode.XminPeak:
                fit = XminPeak.Fit(evals, fitOptions, wwBug).Fit;
                extras = new FitExtras { FitName = "pl" };
                break;
            default:
                fit = PowerLawFitter.Fit(evals, fitOptions);
                break;
        }

        if (o.CompareFits && fit.Status == FitStatus.Success)
        {
            // The likelihood-ratio tests compare the power law fitted at this xmin with the alternatives.
            var pl = o.Fit == FitKind.PowerLaw ? fit : PowerLawAt(evals, fit.Xmin, fitOptions);
            if (pl.Status == FitStatus.Success)
            {
                extras = (extras ?? new FitExtras { FitName = "pl" }) with
                {
                    VsLognormal = DistributionCompare.Compare(evals, pl.Alpha, pl.Xmin, Alternative.Lognormal),
                    VsExponential = DistributionCompare.Compare(evals, pl.Alpha, pl.Xmin, Alternative.Exponential),
                    VsTruncatedPowerLaw = DistributionCompare.Compare(evals, pl.Alpha, pl.Xmin, Alternative.TruncatedPowerLaw),
                };
            }
        }

        return (fit, extras);
    }

    private static PowerLawFit PowerLawAt(double[] evals, double xmin, PowerLawFitOptions o) =>
        PowerLawFitter.Fit(evals, o with { XminMin = xmin, XminMax = xmin, KeepLandscape = false });

    private static PowerLawFit FromTpl(TplFit t) => t.Status != FitStatus.Success
        ? PowerLawFit.Failed(t.FailureReason ?? "truncated power-law fit failed")
        : new PowerLawFit
        {
            Status = FitStatus.Success,
            Alpha = t.Alpha,
            Xmin = t.Xmin,
            Xmax = t.Xmax,
            D = t.D,
            Sigma = double.NaN, // WeightWatcher's sigma here is the power law's; the TPL has no such closed form
            NumPlSpikes = t.NumPlSpikes,
            TailCount = t.TailCount,
            FittedCount = t.FittedCount,
        };
}
