using GpuSpectral.Compute.Interop;
using ILGPU;
using ILGPU.Runtime;
using ILGPU.Runtime.Cuda;

namespace GpuSpectral.Compute.Gpu;

/// <summary>
/// The float64 Gram matrix by cuBLAS dgemm on a CUDA device, in the stream of ILGPU's accelerator. Measured on an
/// H100 (bench/RESULTS.md §12): dgemm 53.7 TFLOP/s against 4.1 TFLOP/s for the ILGPU tile kernel, i.e. a 4096×11008
/// Gram in ≈ 7 ms instead of 84 ms. The full n×n product is formed (both triangles, so the NaN/∞ reduction and the
/// solvers see a complete symmetric matrix); the tile kernel stays the path on OpenCL, the CPU emulator and at fp32.
/// </summary>
internal sealed class CublasGram : IDisposable
{
    private readonly CudaBlasNative native;
    private readonly CudaAccelerator accelerator;
    private readonly IntPtr handle;

    private CublasGram(CudaBlasNative native, CudaAccelerator accelerator)
    {
        this.native = native;
        this.accelerator = accelerator;
        accelerator.Bind();
        handle = native.CreateHandle(((CudaStream)accelerator.DefaultStream).StreamPtr);
    }

    /// <summary>cuBLAS library that loaded (its soname gives the CUDA major version).</summary>
    public string Name => $"cuBLAS dgemm ({native.LibraryName})";

    /// <summary>A dgemm Gram for <paramref name="accelerator"/>, or null with the reason (not CUDA, no cuBLAS).</summary>
    public static CublasGram? TryCreate(Accelerator accelerator, out string reason)
    {
        if (accelerator is not CudaAccelerator cuda)
        {
            reason = "not a CUDA device";
            return null;
        }

        if (!CudaBlasNative.TryLoad(out var native, out reason))
        {
            return null;
        }

        return new CublasGram(native!, cuda);
    }

    /// <summary>X = WᵀW (cols ≤ rows) or WWᵀ (cols &gt; rows) of the row-major rows×cols <paramref name="w"/>, into the
    /// n×n <paramref name="x"/> (n = min(rows, cols)); both views on this accelerator. Asynchronous on its stream.</summary>
    public void Float64(ArrayView<double> w, int rows, int cols, ArrayView<double> x)
    {
        var n = Math.Min(rows, cols);
        if (w.Length != (long)rows * cols || x.Length != (long)n * n)
        {
            throw new ArgumentException($"dgemm Gram: W {rows}×{cols} and X {n}×{n} do not match the views.");
        }

        accelerator.Bind();
        // Row-major W is column-major Wᶜ = Wᵀ (cols×rows, ld = cols): WᵀW = Wᶜ·Wᶜᵀ, WWᵀ = Wᶜᵀ·Wᶜ.
        var tall = cols <= rows;
        var pw = w.LoadEffectiveAddressAsPtr();
        native.Dgemm(handle, transA: !tall, transB: tall, n, n, tall ? rows : cols, pw, cols, pw, cols,
            x.LoadEffectiveAddressAsPtr(), n);
    }

    public void Dispose()
    {
        accelerator.Bind();
        native.DestroyHandle(handle);
    }
}
