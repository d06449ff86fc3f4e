namespace GpuSpectral.Engine.Pipeline;

/// <summary>
/// Bounds the bytes in flight between one producer and one consumer. A request larger than the capacity is
/// granted when nothing else is in flight, so one oversized tensor never deadlocks the pipeline.
/// </summary>
internal sealed class ByteBudget(long capacity) : IDisposable
{
    private readonly Lock _gate = new();
    private readonly SemaphoreSlim _released = new(0);
    private long _used;

    /// <summary>The bytes that may be in flight at once.</summary>
    public long Capacity => capacity;

    /// <summary>Waits until <paramref name="bytes"/> fit (or nothing else is in flight), then takes them.</summary>
    public async Task AcquireAsync(long bytes, CancellationToken cancellationToken)
    {
        while (true)
        {
            lock (_gate)
            {
                if (_used == 0 || _used + bytes <= capacity)
                {
                    _used += bytes;
                    return;
                }
            }

            await _released.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Gives back bytes taken by <see cref="AcquireAsync"/>.</summary>
    public void Release(long bytes)
    {
        lock (_gate)
        {
            _used -= bytes;
        }

        _released.Release();
    }

    public void Dispose() => _released.Dispose();
}
