using ILGPU;
using ILGPU.Runtime;

namespace GpuSpectral.Compute.Gpu;

/// <summary>A device buffer rented from a <see cref="DeviceBufferPool"/>; dispose to give it back.</summary>
/// <typeparam name="T">Element type.</typeparam>
public sealed class PooledBuffer<T> : IDisposable
    where T : unmanaged
{
    private readonly DeviceBufferPool pool;
    private MemoryBuffer1D<T, Stride1D.Dense>? buffer;

    internal PooledBuffer(DeviceBufferPool pool, MemoryBuffer1D<T, Stride1D.Dense> buffer, long length)
    {
        this.pool = pool;
        this.buffer = buffer;
        View = buffer.View.SubView(0, length);
    }

    /// <summary>The first Length elements of the pooled buffer (exactly the length asked for).</summary>
    public ArrayView<T> View { get; }

    /// <summary>Elements in the underlying size-class buffer (≥ the view's length).</summary>
    public long Capacity => buffer?.Length ?? 0;

    /// <inheritdoc />
    public void Dispose()
    {
        var b = Interlocked.Exchange(ref buffer, null);
        if (b is not null)
        {
            pool.Return(b);
        }
    }
}
