using System.Globalization;
using GpuSpectral.Compute.Cpu;
using GpuSpectral.Compute.Interop;
using ILGPU;
using ILGPU.Runtime;
using ILGPU.Runtime.Cuda;

namespace GpuSpectral.Compute.Gpu;

/// <summary>
/// A HOST symmetric matrix solved on the first CUDA GPU by cuSOLVER <c>cusolverDnDsyevd</c> in float64: the matrix is
/// uploaded once, JOBZ='V' gives every eigenvalue and every eigenvector on the device, and only the eigenvalues and
/// the top-k eigenvectors are copied back (JOBZ='N' when no vector is wanted). Device memory: 8·(n² + n + lwork)
/// bytes (lwork ≈ 2n² doubles with vectors), released after each call. Create with <see cref="Create"/> or
/// <see cref="TryCreate"/>; dispose to release the device. Not thread-safe.
/// </summary>
public sealed class CusolverSymmetricEigenSolver : ISymmetricEigenSolver, IDisposable
{
    private readonly GpuDevice device;
    private readonly CudaSolverNative native;

    private CusolverSymmetricEigenSolver(GpuDevice device, CudaSolverNative native)
    {
        this.device = device;
        this.native = native;
    }

    /// <summary><c>cusolver</c>.</summary>
    public string Name => "cusolver";

    /// <summary>"cuSOLVER syevd (libcusolver.so.N) on NVIDIA …": library and device, for method texts.</summary>
    public string Description => $"cuSOLVER syevd ({native.LibraryName}) on {device.Name}";

    /// <summary>Opens the first CUDA device and binds cuSOLVER; never throws.</summary>
    /// <param name="solver">The solver (owns the device), or null.</param>
    /// <param name="reason">Empty on success; otherwise why not (driver, device or library missing).</param>
    /// <returns>True when both the device and cuSOLVER are usable.</returns>
    public static bool TryCreate(out CusolverSymmetricEigenSolver? solver, out string reason)
    {
        solver = null;
        if (!GpuDevice.TryOpen(GpuDeviceKind.Cuda, out var device, out var why))
        {
            reason = $"no usable CUDA device: {why}";
            return false;
        }

        if (!CudaSolverNative.TryLoad(out var native, out reason))
        {
            device!.Dispose();
            return false;
        }

        solver = new CusolverSymmetricEigenSolver(device!, native!);
        return true;
    }

    /// <summary>As <see cref="TryCreate"/>, throwing when CUDA or cuSOLVER is missing.</summary>
    /// <param name="order">Order of the matrices it will solve (only for the message: the device memory needed).</param>
    /// <exception cref="InvalidOperationException">No CUDA device or no cuSOLVER; the message gives the order, the
    /// device memory it needs and why the backend is unavailable.</exception>
    public static CusolverSymmetricEigenSolver Create(int order) =>
        TryCreate(out var solver, out var reason)
            ? solver!
            : throw new InvalidOperationException(string.Create(CultureInfo.InvariantCulture,
                $"The cuda backend (cuSOLVER syevd; order {order}, ≈ {DeviceBytes(order, true) / 1e9:0.##} GB of " +
                $"device memory) is unavailable: {reason}."));

    /// <summary>Device bytes of one solve of order <paramref name="n"/> by the documented workspace sizes (JOBZ='V':
    /// 1 + 6n + 2n² doubles; 'N': 2n + 1): 8·(n² + n + workspace). cuSOLVER's own query may ask somewhat more.</summary>
    public static long DeviceBytes(int n, bool vectors) => 8 * (((long)n * n) + n + DocumentedWorkspace(n, vectors));

    private static long DocumentedWorkspace(int n, bool vectors) =>
        vectors ? 1 + (6L * n) + (2L * n * n) : (2L * n) + 1;

    /// <inheritdoc />
    /// <exception cref="InvalidOperationException">A CUDA/cuSOLVER call failed or device memory ran out; the message
    /// names the order and the bytes needed.</exception>
    public double[] Eigenvalues(double[] a, int n) => Solve(a, n, 0, false).AllAscending;

    /// <inheritdoc />
    /// <exception cref="InvalidOperationException">As <see cref="Eigenvalues"/>.</exception>
    public (double[] Values, double[] Vectors) TopEigenpairs(double[] a, int n, int k)
    {
        var (_, values, vectors) = Solve(a, n, k, k > 0);
        return (values, vectors);
    }

    /// <inheritdoc />
    /// <exception cref="InvalidOperationException">As <see cref="Eigenvalues"/>.</exception>
    public (double[] AllAscending, double[] TopValues, double[] TopVectors) EigenvaluesAndTopEigenpairs(
        double[] a, int n, int k) => Solve(a, n, k, k > 0);

    /// <inheritdoc />
    public void Dispose() => device.Dispose();

    private static IntPtr Ptr<T>(ArrayView<T> view)
        where T : unmanaged => view.LoadEffectiveAddressAsPtr();

    private (double[] AllAscending, double[] TopValues, double[] TopVectors) Solve(
        double[] a, int n, int k, bool vectors)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentOutOfRangeException.ThrowIfLessThan(n, 1);
        ArgumentOutOfRangeException.ThrowIfNegative(k);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(k, n);
        if (a.LongLength != (long)n * n)
        {
            throw new ArgumentException($"An order-{n} matrix needs {(long)n * n} values, got {a.LongLength}.",
                nameof(a));
        }

        if (!Array.TrueForAll(a, double.IsFinite))
        {
            throw new ArithmeticException($"The order-{n} matrix holds NaN or ±∞; cuSOLVER syevd needs finite input.");
        }

        var cuda = (CudaAccelerator)device.Accelerator;
        long lwork = 0;
        try
        {
            cuda.Bind(); // cuSOLVER works in the calling thread's current CUDA context: make it ILGPU's
            var handle = native.CreateHandle(((CudaStream)cuda.DefaultStream).StreamPtr);
            try
            {
                using var matrix = cuda.Allocate1D<double>((long)n * n);
                using var w = cuda.Allocate1D<double>(n);
                using var info = cuda.Allocate1D<int>(1);
                matrix.View.CopyFromCPU(a);
                var (pa, pw) = (Ptr(matrix.View.BaseView), Ptr(w.View.BaseView));
                lwork = vectors ? native.DsyevdVectorsWorkspace(handle, n, pa, pw) : native.DsyevdWorkspace(handle, n, pa, pw);
                using var work = cuda.Allocate1D<double>(Math.Max(lwork, 1));
                var (pwork, pinfo) = (Ptr(work.View.BaseView), Ptr(info.View.BaseView));
                if (vectors)
                {
                    native.DsyevdVectors(handle, n, pa, pw, pwork, (int)lwork, pinfo);
                }
                else
                {
                    native.Dsyevd(handle, n, pa, pw, pwork, (int)lwork, pinfo);
                }

                cuda.Synchronize();
                var status = info.GetAsArray1D()[0];
                if (status != 0)
                {
                    throw new ArithmeticException(status > 0
                        ? $"cuSOLVER syevd did not converge on the order-{n} matrix (info = {status})."
                        : $"cuSOLVER syevd rejected argument {-status} (info = {status}).");
                }

                var all = w.GetAsArray1D();
                return (all, TopDescending(all, k), vectors ? CopyTopVectors(matrix.View, n, k) : []);
            }
            finally
            {
                native.DestroyHandle(handle);
            }
        }
        catch (Exception e) when (e is InvalidOperationException or AcceleratorException || GpuOutOfMemory.Is(e))
        {
            throw new InvalidOperationException(MemoryText(n, vectors, lwork, cuda) + $": {e.Message}", e);
        }
    }

    /// <summary>The last k of the ascending values, largest first.</summary>
    private static double[] TopDescending(double[] ascending, int k)
    {
        var top = ascending.AsSpan(ascending.Length - k, k).ToArray();
        Array.Reverse(top);
        return top;
    }

    /// <summary>Columns n−k … n−1 of the eigenvector matrix (ascending order, one contiguous block) in ONE copy,
    /// then reversed in place on the host so that column 0 belongs to the largest eigenvalue.</summary>
    private static double[] CopyTopVectors(ArrayView1D<double, Stride1D.Dense> matrix, int n, int k)
    {
        var block = new double[(long)n * k];
        if (k == 0)
        {
            return block;
        }

        matrix.SubView((long)(n - k) * n, (long)n * k).CopyToCPU(block);
        var swap = new double[n];
        for (int lo = 0, hi = k - 1; lo < hi; lo++, hi--)
        {
            block.AsSpan(lo * n, n).CopyTo(swap);
            block.AsSpan(hi * n, n).CopyTo(block.AsSpan(lo * n, n));
            swap.CopyTo(block.AsSpan(hi * n, n));
        }

        return block;
    }

    private static string MemoryText(int n, bool vectors, long lwork, CudaAccelerator cuda)
    {
        // before the workspace query the documented size stands in
        var work = lwork > 0 ? lwork : DocumentedWorkspace(n, vectors);
        var bytes = 8 * (((long)n * n) + n + work);
        string free;
        try
        {
            free = string.Create(CultureInfo.InvariantCulture, $"{cuda.GetFreeMemory() / 1e9:0.##} GB free");
        }
        catch (Exception e) when (e is AcceleratorException or InvalidOperationException)
        {
            free = "free memory unknown";
        }

        return string.Create(CultureInfo.InvariantCulture,
            $"cuSOLVER syevd (JOBZ='{(vectors ? 'V' : 'N')}', float64) on the order-{n} matrix failed; it needs " +
            $"{bytes / 1e9:0.##} GB of device memory ({8L * n * n / 1e9:0.##} GB matrix + {8 * work / 1e9:0.##} GB " +
            $"workspace) on {cuda.Name} ({cuda.MemorySize / 1e9:0.##} GB, {free})");
    }
}
