using GpuSpectral.Kernels.Gram;
using ILGPU.Runtime.Cuda;

namespace GpuSpectral.Compute.Gpu;

public sealed partial class GpuEigenBackend
{
    /// <summary>Share of the device's free memory (CUDA) or total memory (others) used when no limit is given.</summary>
    public const double DefaultDeviceMemoryShare = 0.9;

    private long maxDeviceMemory;

    /// <summary>
    /// Bytes of device memory one launch may use (weights, Gram matrices, solver workspace, as
    /// <see cref="DeviceNeed"/> computes them). A matrix whose need is larger goes to the CPU fallback with a warning;
    /// batches are sized to fit; idle pooled buffers are freed when they and the next launch would exceed it.
    /// Default: <see cref="DefaultDeviceMemoryShare"/> of the device's free memory as reported when the backend was
    /// created (CUDA), else of its memory size.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">Set to a value &lt; 1.</exception>
    public long MaxDeviceMemory
    {
        get => maxDeviceMemory;
        set
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(value, 1);
            maxDeviceMemory = value;
        }
    }

    /// <summary>
    /// When true, a matrix's eigenvalues do not depend on how it is batched (alone, or with any others): every order
    /// ≤ <see cref="BackendChoice.DeviceJacobiMaxOrder"/> goes to the device batched Jacobi solver when there is one,
    /// even alone, instead of <see cref="BackendChoice"/>'s batch-size rule (dense or cuSOLVER syevd for a single
    /// matrix, syevjBatched for small batches). The analysis session sets it so that its rows are the same whatever
    /// the batching, the timing of the reader, or the number of devices. Default false.
    /// </summary>
    public bool BatchInvariant { get; set; }

    /// <summary>The CPU backend used for matrices the device cannot hold.</summary>
    public IEigenBackend CpuFallback => cpu.Value;

    /// <summary>Device launches (Gram + solve of one batch) made so far.</summary>
    public long Launches => Interlocked.Read(ref launches);

    /// <summary>Matrices solved on the device so far (not counting CPU fallbacks).</summary>
    public long MatricesOnDevice => Interlocked.Read(ref matricesOnDevice);

    /// <summary>The default of <see cref="MaxDeviceMemory"/> for <paramref name="device"/>, in bytes.</summary>
    public static long DefaultDeviceMemory(GpuDevice device)
    {
        ArgumentNullException.ThrowIfNull(device);
        var available = device.Accelerator is CudaAccelerator cuda ? cuda.GetFreeMemory() : device.MemoryBytes;
        return Math.Max(1, (long)(available * DefaultDeviceMemoryShare));
    }

    /// <summary>
    /// Device bytes that one launch of <paramref name="count"/> rows×cols matrices allocates at this backend's
    /// precision, counting the buffer pool's power-of-two size classes: the n×n Gram matrices (float64), one matrix's
    /// weights (float64, or float32 plus its float64 staging chunk), and the solver's workspace (cuSOLVER: 2n²+6n+1
    /// doubles; the ILGPU solvers: ~6n doubles per matrix). Weights are uploaded one matrix at a time, so only one
    /// matrix's weights count; raw-byte uploads (<c>GramEigenvalues(ReadOnlySpan&lt;byte&gt;, …)</c>) add their bytes,
    /// not counted here.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">A size &lt; 1.</exception>
    public long DeviceNeed(int rows, int cols, int count = 1)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(rows, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(cols, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        var n = (long)GramLauncher.Order(rows, cols);
        var size = (long)rows * cols;
        var grams = DeviceBufferPool.SizeClass(n * n * count) * sizeof(double);
        var weights = Precision == GpuPrecision.Fp64
            ? DeviceBufferPool.SizeClass(size) * sizeof(double)
            : (DeviceBufferPool.SizeClass(size) * sizeof(float))
              + (DeviceBufferPool.SizeClass(Math.Min(size, NarrowChunkElements)) * sizeof(double));
        var solver = SolverFor((int)n, count);
        var perSolve = solver == cusolver ? (2 * n * n) + (6 * n) + 1 : (6 * n) + 1;
        var solves = solver == cusolver && (count == 1 || n > BackendChoice.CusolverJacobiMaxOrder) ? 1 : count;
        return grams + weights + (perSolve * solves * sizeof(double));
    }

    /// <summary>True when one rows×cols matrix fits <see cref="MaxDeviceMemory"/>; <paramref name="need"/> is its
    /// <see cref="DeviceNeed"/>.</summary>
    public bool FitsDevice(int rows, int cols, out long need)
    {
        need = DeviceNeed(rows, cols);
        return need <= MaxDeviceMemory;
    }

    /// <summary>This backend when a <paramref name="rows"/>×<paramref name="cols"/> matrix fits the device limit;
    /// otherwise <see cref="CpuFallback"/>, after a warning that names <paramref name="layer"/> and the bytes.</summary>
    public IEigenBackend BackendFor(string layer, int rows, int cols)
    {
        if (FitsDevice(rows, cols, out var need))
        {
            return this;
        }

        warn?.Invoke($"warning: layer '{layer}' ({rows}×{cols}) needs {need} bytes on the device, more than the " +
                     $"device memory limit of {MaxDeviceMemory} bytes; computing it on the CPU ({cpu.Value.Name}).");
        return cpu.Value;
    }

    /// <summary>The largest batch of at most <paramref name="count"/> (and <see cref="BackendChoice.MaxBatch"/>)
    /// matrices whose <see cref="DeviceNeed"/> fits <see cref="MaxDeviceMemory"/>; at least 1.</summary>
    internal int BatchToFit(int rows, int cols, int count)
    {
        int lo = 1, hi = Math.Min(count, BackendChoice.MaxBatch);
        while (lo < hi)
        {
            var mid = lo + ((hi - lo + 1) / 2);
            if (DeviceNeed(rows, cols, mid) <= MaxDeviceMemory)
            {
                lo = mid;
            }
            else
            {
                hi = mid - 1;
            }
        }

        return lo;
    }

    /// <summary>Frees the pool's idle buffers when they and a launch of <paramref name="need"/> bytes would exceed
    /// <see cref="MaxDeviceMemory"/>.</summary>
    private void MakeRoom(long need)
    {
        if (device.Pool.IdleBytes + need > MaxDeviceMemory)
        {
            device.Pool.Trim();
        }
    }
}
