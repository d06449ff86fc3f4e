using System.Numerics;
using ILGPU;
using ILGPU.Runtime;

namespace GpuSpectral.Compute.Gpu;

/// <summary>
/// Reuses device buffers by size class: a request for L elements of T is served by an idle buffer of
/// 2^⌈log₂ max(L, 256)⌉ elements of T, or a new one; disposing the rented handle returns it. Thread-safe.
/// <see cref="Trim"/> frees every idle buffer (done before retrying after an out-of-memory error).
/// </summary>
public sealed class DeviceBufferPool : IDisposable
{
    private const long SmallestClass = 256;

    private readonly Accelerator accelerator;
    private readonly Dictionary<(Type, long), Stack<MemoryBuffer>> idle = [];
    private readonly Lock gate = new();
    private bool disposed;

    /// <summary>A pool for buffers of <paramref name="accelerator"/>.</summary>
    public DeviceBufferPool(Accelerator accelerator)
    {
        ArgumentNullException.ThrowIfNull(accelerator);
        this.accelerator = accelerator;
    }

    /// <summary>Rents served from an idle buffer.</summary>
    public int Hits { get; private set; }

    /// <summary>Rents that allocated a new buffer.</summary>
    public int Misses { get; private set; }

    /// <summary>Bytes held by idle buffers.</summary>
    public long IdleBytes { get; private set; }

    /// <summary>Size class (in elements) that serves a request of <paramref name="length"/> elements.</summary>
    public static long SizeClass(long length) =>
        (long)BitOperations.RoundUpToPowerOf2((ulong)Math.Max(length, SmallestClass));

    /// <summary>A buffer whose <see cref="PooledBuffer{T}.View"/> has exactly <paramref name="length"/> elements
    /// (contents undefined).</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="length"/> &lt; 0.</exception>
    /// <exception cref="ObjectDisposedException">The pool was disposed.</exception>
    public PooledBuffer<T> Rent<T>(long length)
        where T : unmanaged
    {
        ArgumentOutOfRangeException.ThrowIfNegative(length);
        var size = SizeClass(length);
        lock (gate)
        {
            ObjectDisposedException.ThrowIf(disposed, this);
            if (idle.TryGetValue((typeof(T), size), out var stack) && stack.Count > 0)
            {
                var buffer = (MemoryBuffer1D<T, Stride1D.Dense>)stack.Pop();
                IdleBytes -= buffer.LengthInBytes;
                Hits++;
                return new PooledBuffer<T>(this, buffer, length);
            }

            Misses++;
        }

        return new PooledBuffer<T>(this, accelerator.Allocate1D<T>(size), length);
    }

    /// <summary>Frees every idle buffer.</summary>
    public void Trim()
    {
        lock (gate)
        {
            foreach (var stack in idle.Values)
            {
                while (stack.Count > 0)
                {
                    stack.Pop().Dispose();
                }
            }

            idle.Clear();
            IdleBytes = 0;
        }
    }

    /// <inheritdoc />
    public void Dispose()
    {
        Trim();
        lock (gate)
        {
            disposed = true;
        }
    }

    internal void Return<T>(MemoryBuffer1D<T, Stride1D.Dense> buffer)
        where T : unmanaged
    {
        lock (gate)
        {
            if (disposed)
            {
                buffer.Dispose();
                return;
            }

            var key = (typeof(T), buffer.Length);
            if (!idle.TryGetValue(key, out var stack))
            {
                idle[key] = stack = new Stack<MemoryBuffer>();
            }

            stack.Push(buffer);
            IdleBytes += buffer.LengthInBytes;
        }
    }
}
