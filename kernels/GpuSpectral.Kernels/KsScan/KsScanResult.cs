namespace GpuSpectral.Kernels.KsScan;

/// <summary>The chosen xmin candidate of one array of a device KS scan.</summary>
/// <param name="CandidateIndex">Index of the chosen candidate, which is also the xmin position in the sorted array
/// (WeightWatcher candidates are positions 0..N−2); −1 when N &lt; 2.</param>
/// <param name="Alpha">Its exponent α = 1 + n/S (dimensionless); NaN when there is no candidate; +∞ for a tied tail.</param>
/// <param name="Distance">Its KS distance D in [0, 1]; NaN when there is no candidate.</param>
public readonly record struct KsScanResult(int CandidateIndex, double Alpha, double Distance);
