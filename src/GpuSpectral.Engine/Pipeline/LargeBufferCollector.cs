namespace GpuSpectral.Engine.Pipeline;

/// <summary>
/// Returns the memory of released tensor buffers to the operating system. Each decoded tensor is a fresh
/// large-object-heap array; left to itself the GC lets gigabytes of them pile up before a full collection (it sees
/// a machine with plenty of memory), so resident memory would grow far past the in-flight budget. After every
/// <see cref="Threshold"/> bytes released, one aggressive full collection decommits them: tens of milliseconds
/// against seconds of eigensolver time per large layer.
/// </summary>
internal sealed class LargeBufferCollector
{
    /// <summary>Bytes released between collections.</summary>
    public const long Threshold = 384L << 20;

    private long _released;

    /// <summary>Records <paramref name="bytes"/> released; collects when the threshold is passed.</summary>
    public void Released(long bytes)
    {
        _released += bytes;
        if (_released < Threshold)
        {
            return;
        }

        _released = 0;
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Aggressive, blocking: true, compacting: true);
    }
}
