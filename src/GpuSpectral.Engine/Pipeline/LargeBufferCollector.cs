namespace GpuSpectral.Engine.Pipeline;

/// <summary>
/// Returns the memory of released tensor buffers to the operating system. Each decoded tensor is a fresh
/// large-object-heap array; left to itself the GC lets gigabytes of them pile up before a full collection (it sees a
/// machine with plenty of memory), so resident memory would grow far past the in-flight budget. One aggressive full
/// collection decommits them: after every <see cref="Threshold"/> bytes released (solver side), and before a large
/// allocation when anything was released since the last collection (reader side), so that a 1 GiB embedding is never
/// allocated on top of the garbage of the layers before it. Tens of milliseconds against seconds of eigensolver
/// time per large layer. Thread-safe (the reader and the solver call it from their own threads).
/// </summary>
internal sealed class LargeBufferCollector
{
    /// <summary>Bytes released between collections.</summary>
    public const long Threshold = 384L << 20;

    /// <summary>Allocations at least this large collect first when anything was released.</summary>
    public const long LargeAllocation = 128L << 20;

    private long _released;

    /// <summary>Records <paramref name="bytes"/> released (the buffer must already be unreachable); collects when the
    /// threshold is passed.</summary>
    public void Released(long bytes)
    {
        if (Interlocked.Add(ref _released, bytes) >= Threshold)
        {
            Collect();
        }
    }

    /// <summary>Called before allocating <paramref name="bytes"/>: collects first when the allocation is large and
    /// buffers were released since the last collection.</summary>
    public void BeforeAllocation(long bytes)
    {
        if (bytes >= LargeAllocation && Interlocked.Read(ref _released) > 0)
        {
            Collect();
        }
    }

    private void Collect()
    {
        Interlocked.Exchange(ref _released, 0);
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Aggressive, blocking: true, compacting: true);
    }
}
