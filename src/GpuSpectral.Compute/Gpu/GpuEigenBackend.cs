using GpuSpectral.Compute.Cpu;
using GpuSpectral.Kernels;
using GpuSpectral.Kernels.Convert;
using GpuSpectral.Kernels.Dense;
using GpuSpectral.Kernels.Jacobi;

namespace GpuSpectral.Compute.Gpu;

/// <summary>
/// Eigenvalues of the smaller-side Gram matrix on an ILGPU device: the weights are uploaded (as float64, float32, or
/// raw bf16/f16/fp8/int8 bytes decoded on the device), the Gram is formed by the tiled kernel
/// (<see cref="GpuPrecision"/>), checked for NaN/∞ by a device reduction, and solved by the device eigen solver that
/// <see cref="BackendChoice"/> picks. Out-of-memory on the device halves the batch, then sends single matrices to the
/// CPU backend, with a warning each time; no matrix is lost. <c>ilgpu-cpu</c> runs the very same kernels on ILGPU's
/// CPU emulator. Not thread-safe: one call at a time per instance.
/// </summary>
public sealed partial class GpuEigenBackend : IEigenBackend, IDisposable
{
    private readonly GpuDevice device;
    private readonly bool ownsDevice;
    private readonly IDeviceSymmetricEigenSolver? dense;
    private readonly IDeviceSymmetricEigenSolver? jacobi;
    private readonly CusolverDeviceSolver? cusolver;
    private readonly CublasGram? cublasGram;
    private readonly HostLapackFallbackSolver hostFallback;
    private readonly Lazy<IEigenBackend> cpu;
    private readonly Action<string>? warn;
    private long launches;
    private long matricesOnDevice;

    /// <summary>A backend on an open device.</summary>
    /// <param name="device">The device; disposed with this backend only when <paramref name="ownsDevice"/>.</param>
    /// <param name="precision">Gram arithmetic (default float64).</param>
    /// <param name="dense">Device dense solver (Householder + bisection), or null until one is plugged in.</param>
    /// <param name="jacobi">Device batched Jacobi solver, or null.</param>
    /// <param name="warn">Receives one-line warnings (out-of-memory retries, CPU fallback); may be null.</param>
    /// <param name="cpuFallback">CPU backend for matrices the device cannot hold; default
    /// <see cref="EigenBackends.Create"/>(Auto).</param>
    /// <param name="ownsDevice">Dispose <paramref name="device"/> with this backend.</param>
    public GpuEigenBackend(
        GpuDevice device,
        GpuPrecision precision = GpuPrecision.Fp64,
        IDeviceSymmetricEigenSolver? dense = null,
        IDeviceSymmetricEigenSolver? jacobi = null,
        Action<string>? warn = null,
        IEigenBackend? cpuFallback = null,
        bool ownsDevice = false)
    {
        ArgumentNullException.ThrowIfNull(device);
        if (!Enum.IsDefined(precision))
        {
            throw new ArgumentOutOfRangeException(nameof(precision), precision, "Unknown precision.");
        }

        this.device = device;
        this.ownsDevice = ownsDevice;
        this.dense = dense;
        this.jacobi = jacobi;
        this.warn = warn;
        Precision = precision;
        maxDeviceMemory = DefaultDeviceMemory(device);
        var cusolverText = "n/a (not CUDA)";
        if (device.Kind == GpuDeviceKind.Cuda)
        {
            cusolverText = CusolverDeviceSolver.TryCreate(out cusolver, out var why)
                ? cusolver!.Name
                : $"unavailable ({why})";
            cublasGram = CublasGram.TryCreate(device.Accelerator, out _);
        }

        hostFallback = new HostLapackFallbackSolver();
        cpu = new Lazy<IEigenBackend>(() => cpuFallback ?? EigenBackends.Create(EigenBackendKind.Auto, warn));
        Name = device.Kind switch
        {
            GpuDeviceKind.Cuda => "cuda",
            GpuDeviceKind.OpenCl => "opencl",
            _ => "ilgpu-cpu",
        };
        Description = $"{DeviceCatalog.Label(device.Kind)} {device.Name}; precision {(precision == GpuPrecision.Fp32 ? "fp32" : "fp64")}: " +
                      $"{BackendChoice.GramKernel(precision)} on the device" +
                      (cublasGram is not null && precision == GpuPrecision.Fp64 ? $" by {cublasGram.Name}" : "") +
                      "; eigenvalues in float64 by " +
                      $"BackendChoice over: dense={Named(dense)}, jacobi={Named(jacobi)}, cusolver={cusolverText}, " +
                      $"fallback={hostFallback.Name}";
    }

    /// <summary><c>cuda</c>, <c>opencl</c> or <c>ilgpu-cpu</c>.</summary>
    public string Name { get; }

    /// <summary>One line: device, precision (fp64|fp32), Gram kernel and the solvers available.</summary>
    public string Description { get; }

    /// <summary>Gram arithmetic.</summary>
    public GpuPrecision Precision { get; }

    /// <summary>The device.</summary>
    public GpuDevice Device => device;

    /// <summary>Test hook: called with the batch size before each device attempt; an exception it returns is thrown
    /// there (to simulate out-of-memory without a GPU).</summary>
    internal Func<int, int, Exception?>? FaultInjector { get; set; }

    /// <summary>Opens a device of <paramref name="kind"/> and a backend that owns it, with the device dense
    /// (Householder + Sturm bisection) and batched Jacobi solvers of <c>kernels/</c>.</summary>
    /// <exception cref="InvalidOperationException">No usable device of that kind; the message says why.</exception>
    public static GpuEigenBackend Create(GpuDeviceKind kind, GpuPrecision precision, Action<string>? warn) =>
        Create(kind, precision, warn, deviceIndex: 0);

    /// <summary>As <see cref="Create(GpuDeviceKind, GpuPrecision, Action{string})"/> on device
    /// <paramref name="deviceIndex"/> of the family (<see cref="GpuDevice.Open"/>).</summary>
    /// <exception cref="InvalidOperationException">No usable device with that index; the message says why.</exception>
    public static GpuEigenBackend Create(GpuDeviceKind kind, GpuPrecision precision, Action<string>? warn, int deviceIndex) =>
        new(GpuDevice.Open(kind, deviceIndex), precision, dense: new DenseEigenSolver(), jacobi: new BatchedJacobiSolver(),
            warn: warn, ownsDevice: true);

    /// <inheritdoc />
    public double[] GramEigenvalues(ReadOnlySpan<double> w, int rows, int cols)
    {
        GramInput.Validate(w, rows, cols);
        return RunOne(new HostMatrix(w, default, default, 1.0), rows, cols);
    }

    /// <summary>As <see cref="GramEigenvalues(ReadOnlySpan{double}, int, int)"/> from raw storage bytes, decoded on
    /// the device (exactly; integer formats times <paramref name="scale"/>).</summary>
    /// <param name="raw">rows·cols elements of <paramref name="format"/>, little-endian, row-major.</param>
    /// <param name="format">Storage format.</param>
    /// <param name="scale">Scale of the integer formats; 1 for the float formats.</param>
    /// <param name="rows">Rows (≥ 1).</param>
    /// <param name="cols">Columns (≥ 1).</param>
    /// <returns>min(rows, cols) eigenvalues, ascending.</returns>
    /// <exception cref="ArgumentException">Sizes do not match.</exception>
    /// <exception cref="ArithmeticException">The weights hold NaN/∞ (or the Gram overflows).</exception>
    public double[] GramEigenvalues(ReadOnlySpan<byte> raw, RawElementFormat format, double scale, int rows, int cols)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(rows, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(cols, 1);
        var bytes = (long)rows * cols * RawElementFormats.BytesPerElement(format);
        if (raw.Length != bytes)
        {
            throw new ArgumentException(
                $"A {rows}×{cols} {format} matrix needs {bytes} bytes but the span holds {raw.Length}.", nameof(raw));
        }

        return RunOne(new HostMatrix(default, raw, format, scale), rows, cols);
    }

    /// <summary>Eigenvalues of several matrices of one shape, formed and solved in batches on the device (batches sized
    /// to <see cref="MaxDeviceMemory"/>; one launch per batch, see <see cref="Launches"/>).</summary>
    /// <param name="matrices">Row-major rows×cols float64 matrices; not modified, not copied.</param>
    /// <param name="rows">Rows of each (≥ 1).</param>
    /// <param name="cols">Columns of each (≥ 1).</param>
    /// <returns>Per matrix, min(rows, cols) eigenvalues ascending, in input order.</returns>
    /// <exception cref="ArgumentException">A matrix does not have rows·cols elements.</exception>
    /// <exception cref="ArithmeticException">A matrix holds NaN/∞.</exception>
    public IReadOnlyList<double[]> GramEigenvaluesBatch(IReadOnlyList<double[]> matrices, int rows, int cols)
    {
        ArgumentNullException.ThrowIfNull(matrices);
        return GramEigenvaluesBatch([.. matrices.Select(m => (ReadOnlyMemory<double>)m)], rows, cols);
    }

    /// <inheritdoc cref="GramEigenvaluesBatch(IReadOnlyList{double[]}, int, int)"/>
    public IReadOnlyList<double[]> GramEigenvaluesBatch(IReadOnlyList<ReadOnlyMemory<double>> matrices, int rows, int cols)
    {
        ArgumentNullException.ThrowIfNull(matrices);
        var inputs = new DeviceInput[matrices.Count];
        for (var i = 0; i < inputs.Length; i++)
        {
            GramInput.Validate(matrices[i].Span, rows, cols);
            inputs[i] = new DeviceInput(matrices[i], default, default, 1.0);
        }

        return Run(inputs, rows, cols);
    }

    /// <inheritdoc />
    public void Dispose()
    {
        cublasGram?.Dispose();
        if (ownsDevice)
        {
            device.Dispose();
        }
    }

    private static string Named(IDeviceSymmetricEigenSolver? solver) => solver?.GetType().Name ?? "none";
}
