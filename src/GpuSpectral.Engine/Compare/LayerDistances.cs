namespace GpuSpectral.Engine.Compare;

/// <summary>
/// The three WeightWatcher <c>distances(...)</c> of one layer between checkpoints A and B, computed on the stored
/// (un-normalised) weights: no conv2d_norm scaling.
/// </summary>
/// <param name="Raw"><c>distance_raw</c> = ‖W_A − W_B‖_F over the layer's matrices (the whole tensor for a full
/// layer; for a part of a fused weight, that part). Units of the weights.</param>
/// <param name="Euclidean"><c>distance_euclidean</c> = mean over slices of ‖ΔW_slice‖_F (equals
/// <see cref="Raw"/> for dense layers, which have one slice). Units of the weights.</param>
/// <param name="Cka"><c>distance_cka</c> = mean over slices of ‖W_AᵀW_B‖_F / sqrt(‖W_AᵀW_A‖_F·‖W_BW_Bᵀ‖_F)
/// (uncentered; a similarity in [0, 1], 1 for B = c·A). NaN when a slice of A or B is all zero.</param>
public readonly record struct LayerDistances(double Raw, double Euclidean, double Cka);
