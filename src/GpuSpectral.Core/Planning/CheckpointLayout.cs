namespace GpuSpectral.Core.Planning;

/// <summary>How a checkpoint is laid out on disk: what decides WeightWatcher's layer order and numbering.</summary>
/// <param name="IsFolder">A sharded folder (WeightWatcher numbers its layers from 0; files from 1).</param>
/// <param name="IsSingleSafetensors">One safetensors file (WeightWatcher walks its keys sorted).</param>
/// <param name="HasShardIndex">The folder has <c>model.safetensors.index.json</c> (WeightWatcher follows its
/// weight_map grouped by shard; without it, sorted shards with sorted keys).</param>
public sealed record CheckpointLayout(bool IsFolder, bool IsSingleSafetensors, bool HasShardIndex)
{
    /// <summary>A single file that is not safetensors (npy, npz): member order.</summary>
    public static CheckpointLayout PlainFile { get; } = new(false, false, false);
}
