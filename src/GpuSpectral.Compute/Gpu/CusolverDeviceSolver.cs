using GpuSpectral.Compute.Interop;
using GpuSpectral.Kernels;
using ILGPU;
using ILGPU.Runtime;
using ILGPU.Runtime.Cuda;

namespace GpuSpectral.Compute.Gpu;

/// <summary>
/// cuSOLVER on Gram matrices already in CUDA device memory: <c>cusolverDnDsyevjBatched</c> for batches of order ≤ 32,
/// else <c>cusolverDnDsyevd</c> per matrix (values only, workspace from the query). Only for a
/// <see cref="CudaAccelerator"/>; create with <see cref="TryCreate"/>.
/// </summary>
public sealed class CusolverDeviceSolver : IDeviceSymmetricEigenSolver
{
    private readonly CudaSolverNative native;

    private CusolverDeviceSolver(CudaSolverNative native) => this.native = native;

    private static IntPtr Ptr(ArrayView<double> view) => view.LoadEffectiveAddressAsPtr();

    private static IntPtr Ptr(ArrayView<int> view) => view.LoadEffectiveAddressAsPtr();

    /// <summary>"cusolver (libcusolver.so.N)".</summary>
    public string Name => $"cusolver ({native.LibraryName})";

    /// <summary>Binds cuSOLVER; never throws.</summary>
    /// <param name="solver">The solver, or null.</param>
    /// <param name="reason">Empty on success, otherwise why not (library names tried).</param>
    /// <returns>True when cuSOLVER loaded.</returns>
    public static bool TryCreate(out CusolverDeviceSolver? solver, out string reason)
    {
        solver = CudaSolverNative.TryLoad(out var native, out reason) ? new CusolverDeviceSolver(native!) : null;
        return solver is not null;
    }

    /// <inheritdoc />
    /// <exception cref="ArgumentException"><paramref name="accelerator"/> is not a CUDA accelerator, or sizes do not
    /// match.</exception>
    /// <exception cref="ArithmeticException">cuSOLVER reported a failure (info ≠ 0), e.g. NaN input.</exception>
    public double[][] Eigenvalues(
        Accelerator accelerator, ArrayView1D<double, Stride1D.Dense> matrices, int n, int count)
    {
        if (accelerator is not CudaAccelerator cuda)
        {
            throw new ArgumentException("cuSOLVER needs a CUDA accelerator.", nameof(accelerator));
        }

        ArgumentOutOfRangeException.ThrowIfLessThan(n, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        var size = (long)n * n;
        if (matrices.Length != size * count)
        {
            throw new ArgumentException(
                $"{count} matrices of order {n} need {size * count} values, the view holds {matrices.Length}.",
                nameof(matrices));
        }

        cuda.Bind(); // cuSOLVER works in the calling thread's current CUDA context: make it ILGPU's
        var stream = ((CudaStream)cuda.DefaultStream).StreamPtr;
        var handle = native.CreateHandle(stream);
        try
        {
            using var w = cuda.Allocate1D<double>(n * (long)count);
            using var info = cuda.Allocate1D<int>(count);
            var a = Ptr(matrices);
            if (count > 1 && n <= CudaSolverNative.MaxJacobiBatchedOrder)
            {
                var parameters = native.CreateJacobiInfo();
                try
                {
                    var lwork = native.DsyevjBatchedWorkspace(handle, n, a, Ptr(w.View),
                        parameters, count);
                    using var work = cuda.Allocate1D<double>(Math.Max(lwork, 1));
                    native.DsyevjBatched(handle, n, a, Ptr(w.View),
                        Ptr(work.View), lwork, Ptr(info.View),
                        parameters, count);
                    cuda.Synchronize();
                }
                finally
                {
                    native.DestroyJacobiInfo(parameters);
                }
            }
            else
            {
                var lwork = native.DsyevdWorkspace(handle, n, a, Ptr(w.View));
                using var work = cuda.Allocate1D<double>(Math.Max(lwork, 1));
                for (var b = 0; b < count; b++)
                {
                    native.Dsyevd(handle, n, Ptr(matrices.SubView(b * size, size)),
                        Ptr(w.View.SubView(b * (long)n, n)),
                        Ptr(work.View), lwork,
                        Ptr(info.View.SubView(b, 1)));
                }

                cuda.Synchronize();
            }

            var infos = info.GetAsArray1D();
            var bad = Array.FindIndex(infos, i => i != 0);
            if (bad >= 0)
            {
                throw new ArithmeticException($"cuSOLVER failed on matrix {bad} (info = {infos[bad]}).");
            }

            var values = w.GetAsArray1D();
            var result = new double[count][];
            for (var b = 0; b < count; b++)
            {
                result[b] = values.AsSpan(b * n, n).ToArray();
            }

            return result;
        }
        finally
        {
            native.DestroyHandle(handle);
        }
    }
}
