using GpuSpectral.Compute.Cpu;
using GpuSpectral.Compute.Gpu;
using GpuSpectral.Compute.Interop;
using ILGPU.Runtime;
using ILGPU.Runtime.Cuda;

namespace GpuSpectral.GpuBench;

/// <summary>
/// What every case needs: the device, the float64 CPU reference, the vendor libraries when they load, the timing
/// settings and the peaks measured by the peaks case.
/// </summary>
internal sealed class BenchContext : IDisposable
{
    public BenchContext(GpuDevice device, BenchOptions options)
    {
        Device = device;
        Quick = options.Quick;
        Warmup = options.Warmup ?? (options.Quick ? 1 : 2);
        Reps = options.Reps ?? (options.Quick ? 3 : 5);
        MaxN = options.MaxN ?? int.MaxValue;
        Reference = LapackEigenBackend.TryCreate(out var lapack, out var why)
            ? lapack!
            : new ManagedEigenBackend();
        ReferenceNote = lapack is not null ? "LAPACK dsyevd (float64)" : $"managed float64 solver ({why})";
        if (device.Accelerator is CudaAccelerator)
        {
            Cusolver = CudaSolverNative.TryLoad(out var solver, out why) ? solver : null;
            CusolverNote = Cusolver is null ? why : Cusolver.LibraryName;
            Cublas = CudaBlasNative.TryLoad(out var blas, out why) ? blas : null;
            CublasNote = Cublas is null ? why : Cublas.LibraryName;
        }
        else
        {
            CusolverNote = CublasNote = "not a CUDA accelerator";
        }
    }

    public GpuDevice Device { get; }

    public Accelerator Accelerator => Device.Accelerator;

    public bool Quick { get; }

    public int Warmup { get; }

    public int Reps { get; }

    /// <summary>Largest dense/jacobi order to run (--max-n).</summary>
    public int MaxN { get; }

    /// <summary>Float64 CPU eigen-solver used as the correctness reference.</summary>
    public ISymmetricEigenSolver Reference { get; }

    public string ReferenceNote { get; }

    public CudaSolverNative? Cusolver { get; }

    public string CusolverNote { get; }

    public CudaBlasNative? Cublas { get; }

    public string CublasNote { get; }

    /// <summary>Measured device-to-device copy bandwidth in bytes/s (read + write counted), or NaN before peaks.</summary>
    public double CopyPeak { get; set; } = double.NaN;

    /// <summary>Best measured fp64 matrix-product rate in FLOP/s, or NaN before peaks.</summary>
    public double Fp64Peak { get; set; } = double.NaN;

    /// <summary>Best measured fp32 matrix-product rate in FLOP/s, or NaN before peaks.</summary>
    public double Fp32Peak { get; set; } = double.NaN;

    /// <summary>Timing with this run's warm-up and repetitions (fewer for the very large sizes).</summary>
    public BenchTiming Time(Action? setup, Action body, bool large = false) =>
        BenchTiming.Measure(Accelerator, large ? 1 : Warmup, large ? Math.Min(Reps, 3) : Reps, setup, body);

    /// <summary>"x% of peak" for a measured rate, or a note when the peak is unknown.</summary>
    public static string OfPeak(double rate, double peak) =>
        double.IsNaN(peak) ? "— (run peaks)" : BenchFormat.Percent(rate / peak);

    public void Dispose() => Device.Dispose();
}
