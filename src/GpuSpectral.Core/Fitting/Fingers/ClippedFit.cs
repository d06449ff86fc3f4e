namespace GpuSpectral.Core.Fitting.Fingers;

/// <summary>Result of <see cref="FingerFix.ClipXmax"/>: WeightWatcher's <c>fix_fingers='clip_xmax'</c> columns.</summary>
/// <param name="Fit">The accepted fit (a clipped one, or the fit on all values when none qualified). Its
/// <see cref="PowerLawFit.NumPlSpikes"/> counts every input value ≥ its xmin, fingers included (weightwatcher-spec.md
/// §b.3 item 5); <see cref="PowerLawFit.Xmax"/> is the largest value that entered the accepted fit.</param>
/// <param name="NumFingers">WeightWatcher's <c>num_fingers</c>: idx − 1 for the accepted clipped fit (idx largest
/// values removed), 0 when the first fit is kept.</param>
/// <param name="RawAlpha">WeightWatcher's <c>raw_alpha</c>: α of the fit on all values (NaN if that fit failed).</param>
public sealed record ClippedFit(PowerLawFit Fit, int NumFingers, double RawAlpha);
