namespace GpuSpectral.Core.Fitting.Fingers;

/// <summary>The xmin search range of <c>fix_fingers='xmin_peak'</c>, in the units of the values.</summary>
/// <param name="Peak">p = 10^(left edge of the fullest bin of a 100-bin histogram of log10 x).</param>
/// <param name="Lower">Inclusive lower end: 0.95·p (fixed), or log10(0.95·p) with WeightWatcher's bug.</param>
/// <param name="Upper">Inclusive upper end: the caller's xmin_max, or 1.5·p by default.</param>
public sealed record XminPeakRange(double Peak, double Lower, double Upper);
