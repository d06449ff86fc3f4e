namespace GpuSpectral.Engine.Pipeline;

/// <summary>
/// Returns the memory of released tensor buffers to the operating system. Each decoded tensor is a fresh
/// large-object-heap array; left to itself the GC lets gigabytes of them pile up before a full collection (it sees a
/// machine with plenty of memory), so resident memory would grow far past the in-flight budget. One aggressive full
/// collection decommits them: after every <see cref="Threshold"/> bytes released (solver side), and before a large
/// allocation when anything was released since the last collection (reader side), so that a 1 GiB embedding is never
/// allocated on top of the garbage of the layers before it. Tens of milliseconds against seconds of eigensolver
/// time per large layer. Both are skipped while the managed heap (live data and garbage, GC.GetTotalMemory) stays
/// within the host budget (<c>--max-host-memory</c>): on a machine with memory to spare (the GPU box: 4 GiB budget)
/// the GC's own pace is left alone, since there a full collection per layer costs more than the solver does; on the
/// 2-core CI machine (768 MiB budget) the heap is over the budget as soon as one layer's garbage lies about, so it
/// collects as before. Thread-safe (the reader and the solver call it from their own threads).
/// </summary>
internal sealed class LargeBufferCollector
{
    /// <summary>Bytes released between collections.</summary>
    public const long Threshold = 384L << 20;

    /// <summary>Allocations at least this large collect first when anything was released.</summary>
    public const long LargeAllocation = 128L << 20;

    private readonly long _budget;

    private long _released;

    /// <param name="budget">The host budget of decoded tensors in flight, bytes.</param>
    public LargeBufferCollector(long budget) => _budget = Math.Max(budget, Threshold);

    /// <summary>Records <paramref name="bytes"/> released (the buffer must already be unreachable); collects when the
    /// threshold is passed.</summary>
    public void Released(long bytes)
    {
        if (Interlocked.Add(ref _released, bytes) >= Threshold && HeapOver(0))
        {
            Collect();
        }
    }

    /// <summary>Called before allocating <paramref name="bytes"/>: collects first when the allocation is large and
    /// buffers were released since the last collection.</summary>
    public void BeforeAllocation(long bytes)
    {
        if (bytes >= LargeAllocation && Interlocked.Read(ref _released) > 0 && HeapOver(bytes))
        {
            Collect();
        }
    }

    private bool HeapOver(long extra) => GC.GetTotalMemory(forceFullCollection: false) + extra > _budget;

    private void Collect()
    {
        Interlocked.Exchange(ref _released, 0);
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Aggressive, blocking: true, compacting: true);
    }
}
