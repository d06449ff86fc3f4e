using GpuSpectral.Kernels.Gram;
using ILGPU;
using ILGPU.Runtime;
using ILGPU.Runtime.Cuda;

namespace GpuSpectral.GpuBench;

/// <summary>
/// Times one smaller-side Gram product of a random rows×cols W on the device (ILGPU Gram kernel fp64/fp32, or
/// cuBLAS dgemm WᵀW) and checks the result against the float64 host product (<see cref="HostReference.GramError"/>).
/// </summary>
internal static class GramBench
{
    /// <summary>Which implementation runs.</summary>
    public enum Kind
    {
        IlgpuFloat64,
        IlgpuFloat32,
        CublasDgemm,
    }

    public static string Label(Kind kind) => kind switch
    {
        Kind.IlgpuFloat64 => "ILGPU Gram fp64",
        Kind.IlgpuFloat32 => "ILGPU Gram fp32",
        _ => "cuBLAS dgemm fp64 (WᵀW)",
    };

    /// <summary>FLOP of one product: the Gram kernel forms the symmetric half, m·n² = 2·m·n²/2 (m = the longer
    /// side, n = the order of X); dgemm forms the full product, 2·m·n².</summary>
    public static double Flops(Kind kind, int rows, int cols)
    {
        double m = Math.Max(rows, cols), n = Math.Min(rows, cols);
        return kind == Kind.CublasDgemm ? 2 * m * n * n : m * n * n;
    }

    /// <summary>
    /// Relative tolerance of the sampled entries vs the float64 product: 4·m·u (a length-m dot product's
    /// worst-case rounding bound, relative to the largest entry, which for random W is a diagonal one).
    /// </summary>
    public static double Tolerance(Kind kind, int rows, int cols) =>
        4.0 * Math.Max(rows, cols) * (kind == Kind.IlgpuFloat32 ? HostReference.U32 : HostReference.U64);

    /// <summary>Timing (null when the check failed), the check's note and whether it passed.</summary>
    public static (BenchTiming? Time, string Note, bool Ok) Run(
        BenchContext ctx, Kind kind, int rows, int cols, bool large)
    {
        var acc = ctx.Accelerator;
        var rng = new Random((rows * 31) + cols);
        var w = HostReference.Uniform(rng, (long)rows * cols);
        if (kind == Kind.IlgpuFloat32)
        {
            w = Array.ConvertAll(w, x => (double)(float)x);
        }

        var n = Math.Min(rows, cols);
        using var x = acc.Allocate1D<double>((long)n * n);
        using var w64 = acc.Allocate1D<double>(kind == Kind.IlgpuFloat32 ? 0 : w.Length);
        using var w32 = acc.Allocate1D<float>(kind == Kind.IlgpuFloat32 ? w.Length : 0);
        Action body;
        IntPtr handle = IntPtr.Zero;
        switch (kind)
        {
            case Kind.IlgpuFloat64:
                w64.CopyFromCPU(w);
                body = () => GramLauncher.For(acc).Float64(w64.View, rows, cols, x.View);
                break;
            case Kind.IlgpuFloat32:
                w32.CopyFromCPU(Array.ConvertAll(w, v => (float)v));
                body = () => GramLauncher.For(acc).Float32(w32.View, rows, cols, x.View);
                break;
            default:
                if (rows != cols || ctx.Cublas is null || acc is not CudaAccelerator cuda)
                {
                    throw new InvalidOperationException("dgemm runs on square W with cuBLAS on CUDA only.");
                }

                w64.CopyFromCPU(w);
                cuda.Bind();
                handle = ctx.Cublas.CreateHandle(((CudaStream)cuda.DefaultStream).StreamPtr);
                var h = handle;
                var pw = ((ArrayView<double>)w64.View).LoadEffectiveAddressAsPtr();
                var px = ((ArrayView<double>)x.View).LoadEffectiveAddressAsPtr();

                // Column-major Wᶜ = Wᵀ; C = Wᶜ·Wᶜᵀ = WᵀW, symmetric, so its row-major reading is WᵀW too.
                body = () => ctx.Cublas.Dgemm(h, false, true, n, n, n, pw, n, pw, n, px, n);
                break;
        }

        try
        {
            var timing = ctx.Time(null, body, large);
            var error = HostReference.GramError(w, rows, cols, x.GetAsArray1D(), rng);
            var tol = Tolerance(kind, rows, cols);
            var ok = error <= tol;
            var note = BenchFormat.Inv(
                $"vs float64 host product ({(n <= 64 ? "all" : "80 sampled")} entries): {BenchFormat.Sci(error)} ≤ {BenchFormat.Sci(tol)}");
            return (ok ? timing : null, note, ok);
        }
        finally
        {
            if (handle != IntPtr.Zero)
            {
                ctx.Cublas!.DestroyHandle(handle);
            }
        }
    }
}
