using GpuSpectral.Compute.Interop;
using ILGPU;
using ILGPU.Runtime;
using ILGPU.Runtime.Cuda;

namespace GpuSpectral.GpuBench;

/// <summary>
/// cuSOLVER baselines with handle, workspace and output buffers made once, outside the timed region: dsyevd
/// (values only) looped over the matrices of a batch, and dsyevjBatched (n ≤ 32). fp64 only (ssyevd is not bound).
/// </summary>
internal sealed class CusolverSession : IDisposable
{
    private readonly CudaAccelerator cuda;
    private readonly CudaSolverNative native;
    private readonly IntPtr handle;
    private readonly MemoryBuffer1D<double, Stride1D.Dense> values;
    private readonly MemoryBuffer1D<int, Stride1D.Dense> info;
    private readonly int n;
    private readonly int count;
    private MemoryBuffer1D<double, Stride1D.Dense>? work;
    private IntPtr jacobiInfo;
    private int lwork;

    public CusolverSession(CudaAccelerator cuda, CudaSolverNative native, int n, int count)
    {
        this.cuda = cuda;
        this.native = native;
        this.n = n;
        this.count = count;
        cuda.Bind(); // cuSOLVER works in the calling thread's current CUDA context: make it ILGPU's
        handle = native.CreateHandle(((CudaStream)cuda.DefaultStream).StreamPtr);
        values = cuda.Allocate1D<double>((long)n * count);
        info = cuda.Allocate1D<int>(count);
    }

    private static IntPtr Ptr(ArrayView<double> v) => v.LoadEffectiveAddressAsPtr();

    private static IntPtr Ptr(ArrayView<int> v) => v.LoadEffectiveAddressAsPtr();

    /// <summary>dsyevd on each matrix in turn (one call per matrix), then the values downloaded.</summary>
    public double[][] SyevdLoop(ArrayView1D<double, Stride1D.Dense> matrices)
    {
        var size = (long)n * n;
        if (work is null)
        {
            lwork = native.DsyevdWorkspace(handle, n, Ptr(matrices), Ptr(values.View));
            work = cuda.Allocate1D<double>(Math.Max(lwork, 1));
        }

        for (var b = 0; b < count; b++)
        {
            native.Dsyevd(handle, n, Ptr(matrices.SubView(b * size, size)), Ptr(values.View.SubView(b * (long)n, n)),
                Ptr(work.View), lwork, Ptr(info.View.SubView(b, 1)));
        }

        return Download();
    }

    /// <summary>dsyevjBatched over the whole batch in one call (n ≤ 32), then the values downloaded.</summary>
    public double[][] SyevjBatched(ArrayView1D<double, Stride1D.Dense> matrices)
    {
        if (work is null)
        {
            jacobiInfo = native.CreateJacobiInfo();
            lwork = native.DsyevjBatchedWorkspace(handle, n, Ptr(matrices), Ptr(values.View), jacobiInfo, count);
            work = cuda.Allocate1D<double>(Math.Max(lwork, 1));
        }

        native.DsyevjBatched(handle, n, Ptr(matrices), Ptr(values.View), Ptr(work.View), lwork, Ptr(info.View),
            jacobiInfo, count);
        return Download();
    }

    private double[][] Download()
    {
        cuda.Synchronize();
        var infos = info.GetAsArray1D();
        var bad = Array.FindIndex(infos, i => i != 0);
        if (bad >= 0)
        {
            throw new ArithmeticException($"cuSOLVER failed on matrix {bad} (info = {infos[bad]}).");
        }

        var all = values.GetAsArray1D();
        var result = new double[count][];
        for (var b = 0; b < count; b++)
        {
            result[b] = all.AsSpan(b * n, n).ToArray();
        }

        return result;
    }

    public void Dispose()
    {
        if (jacobiInfo != IntPtr.Zero)
        {
            native.DestroyJacobiInfo(jacobiInfo);
        }

        native.DestroyHandle(handle);
        work?.Dispose();
        values.Dispose();
        info.Dispose();
    }
}
