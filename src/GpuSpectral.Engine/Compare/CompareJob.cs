using GpuSpectral.Core.Planning;
using GpuSpectral.Core.Tensors;

namespace GpuSpectral.Engine.Compare;

/// <summary>One layer to compare: the plan ΔW is analysed with, and where W_A and W_B come from.</summary>
/// <param name="Plan">The plan (checkpoint A's, or the base model's for an adapter).</param>
/// <param name="TensorA">A's tensor (plain comparison), or the base tensor (adapter).</param>
/// <param name="TensorB">B's tensor (plain comparison), or null (adapter).</param>
/// <param name="Source">How ΔW is formed.</param>
/// <param name="Lora">The adapter pair, or null.</param>
/// <param name="AdapterIsA">True when the adapter is checkpoint A (then ΔW = +scaling·B·A).</param>
internal sealed record CompareJob(
    LayerPlan Plan, TensorInfo TensorA, TensorInfo? TensorB, DeltaSource Source, LoraPair? Lora, bool AdapterIsA);
