using System.Globalization;
using GpuSpectral.Core.Tensors;

namespace GpuSpectral.Checkpoints.Synth;

/// <summary>One tensor placed in a shard.</summary>
/// <param name="Spec">The tensor.</param>
/// <param name="DataOffset">Byte offset of its data from the start of the shard's data section.</param>
/// <param name="ByteLength">Bytes of data.</param>
public sealed record SynthPlacedTensor(SynthTensorSpec Spec, long DataOffset, long ByteLength);

/// <summary>One shard file of the plan.</summary>
/// <param name="FileName">File name (<c>model-0000i-of-0000n.safetensors</c>).</param>
/// <param name="Tensors">Its tensors, in file order.</param>
/// <param name="HeaderLength">Bytes of the JSON header (a multiple of 8, space-padded).</param>
/// <param name="DataLength">Bytes of tensor data.</param>
public sealed record SynthShard(string FileName, IReadOnlyList<SynthPlacedTensor> Tensors, long HeaderLength,
    long DataLength)
{
    /// <summary>Total file size: 8-byte length prefix, header, data.</summary>
    public long FileLength => 8 + HeaderLength + DataLength;
}

/// <summary>
/// Everything about a synthetic checkpoint that is known before a byte of data is drawn: dimensions, tensors,
/// their shards and offsets, every header. Cheap to build for any size (no data).
/// </summary>
public sealed class SynthPlan
{
    private SynthPlan(SynthOptions options, SynthModelConfig config, IReadOnlyList<SynthTensorSpec> tensors,
        IReadOnlyList<SynthShard> shards)
    {
        Options = options;
        Config = config;
        Tensors = tensors;
        Shards = shards;
        TotalDataBytes = shards.Sum(s => s.DataLength);
        TotalFileBytes = shards.Sum(s => s.FileLength);
    }

    /// <summary>The options the plan was made from.</summary>
    public SynthOptions Options { get; }

    /// <summary>The (scaled) dimensions.</summary>
    public SynthModelConfig Config { get; }

    /// <summary>All tensors, in storage order.</summary>
    public IReadOnlyList<SynthTensorSpec> Tensors { get; }

    /// <summary>Shard files, in order.</summary>
    public IReadOnlyList<SynthShard> Shards { get; }

    /// <summary>Sum of tensor data bytes (the index's <c>metadata.total_size</c>).</summary>
    public long TotalDataBytes { get; }

    /// <summary>Sum of shard file sizes (data plus headers), bytes.</summary>
    public long TotalFileBytes { get; }

    /// <summary>Total parameter (element) count.</summary>
    public long ParameterCount => Tensors.Sum(t => t.ElementCount);

    /// <summary>Plans the checkpoint described by <paramref name="options"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException">Scale, layers, dtype or shard size out of range.</exception>
    public static SynthPlan Create(SynthOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.DType is not (DType.BF16 or DType.F16 or DType.F32))
        {
            throw new ArgumentOutOfRangeException(nameof(options), options.DType, "dtype must be BF16, F16 or F32");
        }

        if (options.ShardSizeBytes < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(options), options.ShardSizeBytes,
                "shard size must be at least 1 byte");
        }

        var config = SynthModelConfig.Scaled(options.Architecture, options.Scale, options.Layers);
        var tensors = ArchitectureLayouts.Tensors(config);
        var size = DTypeInfo.SizeInBytes(options.DType);

        // Hugging Face's rule: start a new shard when this tensor would push the current one past the limit.
        var groups = new List<List<SynthTensorSpec>>();
        var current = new List<SynthTensorSpec>();
        long currentBytes = 0;
        foreach (var t in tensors)
        {
            var bytes = t.ElementCount * size;
            if (current.Count > 0 && currentBytes + bytes > options.ShardSizeBytes)
            {
                groups.Add(current);
                current = [];
                currentBytes = 0;
            }

            current.Add(t);
            currentBytes += bytes;
        }

        groups.Add(current);
        var shards = new List<SynthShard>(groups.Count);
        for (var i = 0; i < groups.Count; i++)
        {
            var name = string.Create(CultureInfo.InvariantCulture, $"model-{i + 1:D5}-of-{groups.Count:D5}.safetensors");
            var placed = new List<SynthPlacedTensor>(groups[i].Count);
            long offset = 0;
            foreach (var t in groups[i])
            {
                var bytes = t.ElementCount * size;
                placed.Add(new SynthPlacedTensor(t, offset, bytes));
                offset += bytes;
            }

            var header = SynthSafeTensorsHeader.Build(placed, options.DType);
            shards.Add(new SynthShard(name, placed, header.Length, offset));
        }

        return new SynthPlan(options, config, tensors, shards);
    }
}
