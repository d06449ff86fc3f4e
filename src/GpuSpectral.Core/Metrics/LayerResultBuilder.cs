using GpuSpectral.Core.Fitting;
using GpuSpectral.Core.Planning;
using GpuSpectral.Core.Results;

namespace GpuSpectral.Core.Metrics;

/// <summary>Assembles the output row of one layer from its plan, spectrum metrics and power-law fit.</summary>
public static class LayerResultBuilder
{
    /// <summary>alpha below this is reported as <c>over-trained</c> (WeightWatcher constants.py:96).</summary>
    public const double OverTrainedAlpha = 2.0;

    /// <summary>alpha above this is reported as <c>under-trained</c> (constants.py:97).</summary>
    public const double UnderTrainedAlpha = 6.0;

    /// <summary>Builds the row.</summary>
    /// <param name="plan">The analysed layer.</param>
    /// <param name="evals">All eigenvalues of the layer, ascending, ≥ 0.</param>
    /// <param name="spectrum">Alpha-free metrics of those eigenvalues.</param>
    /// <param name="fit">The power-law fit of those eigenvalues.</param>
    /// <param name="compat">In WeightWatcher mode a failed fit becomes alpha = D = xmin = sigma = −1,
    /// num_pl_spikes = −1, warning <c>over-trained</c>, and the norm metrics use alpha = −1. In our default mode
    /// those are NaN / null and the warning is empty.</param>
    public static LayerResult Build(
        LayerPlan plan, double[] evals, SpectrumMetrics spectrum, PowerLawFit fit, CompatMode compat)
    {
        var ok = fit.Status == FitStatus.Success;
        var ww = compat == CompatMode.WeightWatcher;
        var failedValue = ww ? -1.0 : double.NaN;
        var alpha = ok ? fit.Alpha : failedValue;
        var warning = ok || ww
            ? alpha < OverTrainedAlpha ? "over-trained" : alpha > UnderTrainedAlpha ? "under-trained" : string.Empty
            : string.Empty;

        double alphaNormSum = 0;
        foreach (var l in evals)
        {
            alphaNormSum += Math.Pow(l, alpha);
        }

        return new LayerResult
        {
            LayerId = plan.LayerId,
            Name = plan.Name,
            LongName = plan.Name,
            LayerType = LayerTypeNames.Of(plan.Type),
            DType = plan.Tensor.DisplayDType,
            N = plan.N,
            M = plan.M,
            Rf = plan.Rf,
            Q = plan.Q,
            NumEvals = evals.Length,
            Status = ok ? "success" : "failed",
            StatusReason = ok ? string.Empty : fit.FailureReason ?? "fit failed",
            Warning = warning,
            Alpha = alpha,
            AlphaWeighted = alpha * Math.Log10(spectrum.LambdaMax),
            LogAlphaNorm = Math.Log10(alphaNormSum),
            Norm = spectrum.Norm,
            LogNorm = Math.Log10(spectrum.Norm),
            SpectralNorm = spectrum.LambdaMax,
            LogSpectralNorm = Math.Log10(spectrum.LambdaMax),
            StableRank = spectrum.Norm / spectrum.LambdaMax,
            MatrixRank = spectrum.MatrixRank,
            Entropy = spectrum.Entropy,
            LambdaMax = spectrum.LambdaMax,
            SvMax = spectrum.SvMax,
            SvMin = spectrum.SvMin,
            RankLoss = spectrum.RankLoss,
            WeakRankLoss = spectrum.WeakRankLoss,
            D = ok ? fit.D : failedValue,
            Xmin = ok ? fit.Xmin : failedValue,
            Xmax = ok ? fit.Xmax : double.NaN,
            Sigma = ok ? fit.Sigma : failedValue,
            NumPlSpikes = ok ? fit.NumPlSpikes : ww ? -1 : null,
            Evals = evals,
        };
    }
}
