using GpuSpectral.Engine.Sharding;

namespace GpuSpectral.Engine;

/// <summary>How a run is executed; nothing here changes the numbers of a row.</summary>
public sealed record RunOptions
{
    /// <summary>Analyse only this shard's layers (<see cref="ShardAssignment"/>), or null for all.</summary>
    public ShardSpec? Shard { get; init; }

    /// <summary>Layer ids already done (a resumed run): neither analysed nor reported as skipped.</summary>
    public IReadOnlySet<int> Done { get; init; } = new HashSet<int>();

    /// <summary>
    /// Bytes of decoded (float64) tensors that may be in flight between the reader and the solver. A tensor
    /// larger than this still runs, alone. Null: <see cref="DefaultHostMemory"/>.
    /// </summary>
    public long? MaxHostMemory { get; init; }

    /// <summary>The default in-flight budget: 1/32 of the memory available to the process, clamped to
    /// [256 MiB, 2 GiB] (768 MiB on a 24 GiB machine), so that a 7B checkpoint (largest tensor: a 1 GiB float64
    /// embedding, which runs alone) stays under 2 GB resident.</summary>
    public static long DefaultHostMemory
    {
        get
        {
            var total = GC.GetGCMemoryInfo().TotalAvailableMemoryBytes;
            return Math.Clamp(total / 32, 256L << 20, 2L << 30);
        }
    }
}
