namespace GpuSpectral.Compute.Interop;

/// <summary>
/// Run-time binding to cuSOLVER's dense symmetric eigensolvers, values only: <c>cusolverDnDsyevd</c> (with its
/// workspace query) and <c>cusolverDnDsyevjBatched</c> (Jacobi, n ≤ 32). All pointers are device pointers in the
/// current CUDA context (ILGPU's CUDA accelerator makes its context current). Bound once per process.
/// </summary>
internal sealed unsafe class CudaSolverNative
{
    private static readonly Lazy<(CudaSolverNative? Native, string Reason)> Loaded = new(Load);

    private readonly delegate* unmanaged<IntPtr*, int> create;
    private readonly delegate* unmanaged<IntPtr, int> destroy;
    private readonly delegate* unmanaged<IntPtr, IntPtr, int> setStream;
    private readonly delegate* unmanaged<IntPtr, int, int, int, double*, int, double*, int*, int> syevdBufferSize;
    private readonly delegate* unmanaged<IntPtr, int, int, int, double*, int, double*, double*, int, int*, int> syevd;
    private readonly delegate* unmanaged<IntPtr*, int> createSyevjInfo;
    private readonly delegate* unmanaged<IntPtr, int> destroySyevjInfo;
    private readonly delegate* unmanaged<IntPtr, int, int, int, double*, int, double*, int*, IntPtr, int, int>
        syevjBatchedBufferSize;

    private readonly delegate* unmanaged<IntPtr, int, int, int, double*, int, double*, double*, int, int*, IntPtr,
        int, int> syevjBatched;

    private CudaSolverNative(IntPtr lib, string name)
    {
        LibraryName = name;
        create = (delegate* unmanaged<IntPtr*, int>)CudaLibraryProbe.Export(lib, "cusolverDnCreate", name);
        destroy = (delegate* unmanaged<IntPtr, int>)CudaLibraryProbe.Export(lib, "cusolverDnDestroy", name);
        setStream = (delegate* unmanaged<IntPtr, IntPtr, int>)CudaLibraryProbe.Export(lib, "cusolverDnSetStream", name);
        syevdBufferSize = (delegate* unmanaged<IntPtr, int, int, int, double*, int, double*, int*, int>)
            CudaLibraryProbe.Export(lib, "cusolverDnDsyevd_bufferSize", name);
        syevd = (delegate* unmanaged<IntPtr, int, int, int, double*, int, double*, double*, int, int*, int>)
            CudaLibraryProbe.Export(lib, "cusolverDnDsyevd", name);
        createSyevjInfo = (delegate* unmanaged<IntPtr*, int>)CudaLibraryProbe.Export(lib, "cusolverDnCreateSyevjInfo", name);
        destroySyevjInfo = (delegate* unmanaged<IntPtr, int>)
            CudaLibraryProbe.Export(lib, "cusolverDnDestroySyevjInfo", name);
        syevjBatchedBufferSize = (delegate* unmanaged<IntPtr, int, int, int, double*, int, double*, int*, IntPtr, int,
            int>)CudaLibraryProbe.Export(lib, "cusolverDnDsyevjBatched_bufferSize", name);
        syevjBatched = (delegate* unmanaged<IntPtr, int, int, int, double*, int, double*, double*, int, int*, IntPtr,
            int, int>)CudaLibraryProbe.Export(lib, "cusolverDnDsyevjBatched", name);
    }

    /// <summary>Largest order cusolverDnDsyevjBatched accepts.</summary>
    public const int MaxJacobiBatchedOrder = 32;

    /// <summary>The soname that was loaded.</summary>
    public string LibraryName { get; }

    /// <summary>Binds cuSOLVER once per process; never throws.</summary>
    /// <param name="native">The binding, or null.</param>
    /// <param name="reason">Empty on success, otherwise why not.</param>
    /// <returns>True when bound.</returns>
    public static bool TryLoad(out CudaSolverNative? native, out string reason)
    {
        (native, reason) = Loaded.Value;
        return native is not null;
    }

    /// <summary>A cuSOLVER handle bound to <paramref name="stream"/> (0 = default stream).</summary>
    public IntPtr CreateHandle(IntPtr stream)
    {
        IntPtr handle;
        CudaStatus.Check(create(&handle), "cusolverDnCreate");
        CudaStatus.Check(setStream(handle, stream), "cusolverDnSetStream");
        return handle;
    }

    /// <summary>Releases a handle from <see cref="CreateHandle"/>.</summary>
    public void DestroyHandle(IntPtr handle) => _ = destroy(handle);

    /// <summary>Workspace size (in doubles) of <see cref="Dsyevd"/> for order n.</summary>
    public int DsyevdWorkspace(IntPtr handle, int n, IntPtr a, IntPtr w) =>
        SyevdWorkspace(handle, CudaStatus.EigModeNoVector, n, a, w);

    /// <summary>Eigenvalues (ascending) of the n×n symmetric device matrix <paramref name="a"/> into
    /// <paramref name="w"/>; <paramref name="a"/> is destroyed; <paramref name="info"/> receives LAPACK's info.</summary>
    public void Dsyevd(IntPtr handle, int n, IntPtr a, IntPtr w, IntPtr work, int lwork, IntPtr info) =>
        Syevd(handle, CudaStatus.EigModeNoVector, n, a, w, work, lwork, info);

    /// <summary>Workspace size (in doubles) of <see cref="DsyevdVectors"/> for order n (JOBZ='V').</summary>
    public int DsyevdVectorsWorkspace(IntPtr handle, int n, IntPtr a, IntPtr w) =>
        SyevdWorkspace(handle, CudaStatus.EigModeVector, n, a, w);

    /// <summary>Eigenvalues (ascending) into <paramref name="w"/> AND eigenvectors of the n×n symmetric device matrix
    /// <paramref name="a"/> (JOBZ='V'): on return <paramref name="a"/> holds the orthonormal eigenvectors, column-major,
    /// column j belonging to w[j]; <paramref name="info"/> receives LAPACK's info.</summary>
    public void DsyevdVectors(IntPtr handle, int n, IntPtr a, IntPtr w, IntPtr work, int lwork, IntPtr info) =>
        Syevd(handle, CudaStatus.EigModeVector, n, a, w, work, lwork, info);

    private int SyevdWorkspace(IntPtr handle, int mode, int n, IntPtr a, IntPtr w)
    {
        int lwork;
        CudaStatus.Check(
            syevdBufferSize(handle, mode, CudaStatus.FillLower, n, (double*)a, n, (double*)w, &lwork),
            mode == CudaStatus.EigModeVector ? "cusolverDnDsyevd_bufferSize (JOBZ='V')" : "cusolverDnDsyevd_bufferSize");
        return lwork;
    }

    private void Syevd(IntPtr handle, int mode, int n, IntPtr a, IntPtr w, IntPtr work, int lwork, IntPtr info) =>
        CudaStatus.Check(
            syevd(handle, mode, CudaStatus.FillLower, n, (double*)a, n, (double*)w, (double*)work, lwork, (int*)info),
            mode == CudaStatus.EigModeVector ? "cusolverDnDsyevd (JOBZ='V')" : "cusolverDnDsyevd");

    /// <summary>Creates the Jacobi parameter object (default tolerance: machine precision, 100 sweeps).</summary>
    public IntPtr CreateJacobiInfo()
    {
        IntPtr info;
        CudaStatus.Check(createSyevjInfo(&info), "cusolverDnCreateSyevjInfo");
        return info;
    }

    /// <summary>Releases a parameter object from <see cref="CreateJacobiInfo"/>.</summary>
    public void DestroyJacobiInfo(IntPtr info) => _ = destroySyevjInfo(info);

    /// <summary>Workspace size (in doubles) of <see cref="DsyevjBatched"/>.</summary>
    public int DsyevjBatchedWorkspace(IntPtr handle, int n, IntPtr a, IntPtr w, IntPtr parameters, int batch)
    {
        int lwork;
        CudaStatus.Check(
            syevjBatchedBufferSize(handle, CudaStatus.EigModeNoVector, CudaStatus.FillLower, n, (double*)a, n,
                (double*)w, &lwork, parameters, batch),
            "cusolverDnDsyevjBatched_bufferSize");
        return lwork;
    }

    /// <summary>Eigenvalues of <paramref name="batch"/> n×n matrices (n ≤ 32, contiguous, column-major = row-major
    /// for symmetric input) into <paramref name="w"/> (batch·n, ascending per matrix); one info per matrix.</summary>
    public void DsyevjBatched(
        IntPtr handle, int n, IntPtr a, IntPtr w, IntPtr work, int lwork, IntPtr info, IntPtr parameters, int batch) =>
        CudaStatus.Check(
            syevjBatched(handle, CudaStatus.EigModeNoVector, CudaStatus.FillLower, n, (double*)a, n, (double*)w,
                (double*)work, lwork, (int*)info, parameters, batch),
            "cusolverDnDsyevjBatched");

    private static (CudaSolverNative?, string) Load()
    {
        if (!CudaLibraryProbe.TryLoad(CudaLibraryProbe.CusolverNames, "cuSOLVER", out var lib, out var name,
                out var reason))
        {
            return (null, $"{reason}: install the CUDA 11–13 runtime libraries or put them on the loader path");
        }

        try
        {
            return (new CudaSolverNative(lib, name!), "");
        }
        catch (EntryPointNotFoundException e)
        {
            return (null, e.Message);
        }
    }
}
