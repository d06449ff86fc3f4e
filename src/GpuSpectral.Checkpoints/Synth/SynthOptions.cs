using GpuSpectral.Core.Tensors;

namespace GpuSpectral.Checkpoints.Synth;

/// <summary>What <see cref="SynthCheckpointWriter"/> writes.</summary>
public sealed record SynthOptions
{
    /// <summary>Hugging Face's default maximum shard size, 5 GB (decimal).</summary>
    public const long DefaultShardSizeBytes = 5_000_000_000;

    /// <summary>Architecture whose names and shapes are reproduced.</summary>
    public SynthArchitecture Architecture { get; init; } = SynthArchitecture.Llama7B;

    /// <summary>Shrink factor, 0 &lt; S ≤ 1 (see <see cref="SynthModelConfig.Scaled"/>).</summary>
    public double Scale { get; init; } = 1.0;

    /// <summary>Layer count override, or null for the architecture's own.</summary>
    public int? Layers { get; init; }

    /// <summary>Stored element type: <see cref="DType.BF16"/>, <see cref="DType.F16"/> or <see cref="DType.F32"/>.</summary>
    public DType DType { get; init; } = DType.BF16;

    /// <summary>Seed: the same seed and options give byte-identical files.</summary>
    public ulong Seed { get; init; } = 1;

    /// <summary>Largest sum of tensor data bytes per shard file (Hugging Face's <c>max_shard_size</c> rule: a
    /// tensor is never split, and a tensor larger than this gets a shard of its own). Headers are not
    /// counted.</summary>
    public long ShardSizeBytes { get; init; } = DefaultShardSizeBytes;

    /// <summary>Write into a non-empty folder, replacing the files this writer owns there.</summary>
    public bool Overwrite { get; init; }
}
