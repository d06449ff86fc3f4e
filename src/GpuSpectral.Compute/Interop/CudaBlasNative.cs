namespace GpuSpectral.Compute.Interop;

/// <summary>
/// Run-time binding to cuBLAS (CUDA 11–13; ILGPU.Algorithms' own wrapper stops at libcublas.so.12):
/// <c>cublasDsyrk_v2</c> and <c>cublasDgemm_v2</c>, host pointer mode, device matrices, column-major as cuBLAS
/// defines them. Bound once per process.
/// </summary>
internal sealed unsafe class CudaBlasNative
{
    private static readonly Lazy<(CudaBlasNative? Native, string Reason)> Loaded = new(Load);

    private readonly delegate* unmanaged<IntPtr*, int> create;
    private readonly delegate* unmanaged<IntPtr, int> destroy;
    private readonly delegate* unmanaged<IntPtr, IntPtr, int> setStream;
    private readonly delegate* unmanaged<IntPtr, int, int, int, int, double*, double*, int, double*, double*, int, int>
        dsyrk;

    private readonly delegate* unmanaged<IntPtr, int, int, int, int, int, double*, double*, int, double*, int, double*,
        double*, int, int> dgemm;

    private CudaBlasNative(IntPtr lib, string name)
    {
        LibraryName = name;
        create = (delegate* unmanaged<IntPtr*, int>)CudaLibraryProbe.Export(lib, "cublasCreate_v2", name);
        destroy = (delegate* unmanaged<IntPtr, int>)CudaLibraryProbe.Export(lib, "cublasDestroy_v2", name);
        setStream = (delegate* unmanaged<IntPtr, IntPtr, int>)CudaLibraryProbe.Export(lib, "cublasSetStream_v2", name);
        dsyrk = (delegate* unmanaged<IntPtr, int, int, int, int, double*, double*, int, double*, double*, int, int>)
            CudaLibraryProbe.Export(lib, "cublasDsyrk_v2", name);
        dgemm = (delegate* unmanaged<IntPtr, int, int, int, int, int, double*, double*, int, double*, int, double*,
            double*, int, int>)CudaLibraryProbe.Export(lib, "cublasDgemm_v2", name);
    }

    /// <summary>The soname that was loaded.</summary>
    public string LibraryName { get; }

    /// <summary>Binds cuBLAS once per process; never throws.</summary>
    /// <param name="native">The binding, or null.</param>
    /// <param name="reason">Empty on success, otherwise why not.</param>
    /// <returns>True when bound.</returns>
    public static bool TryLoad(out CudaBlasNative? native, out string reason)
    {
        (native, reason) = Loaded.Value;
        return native is not null;
    }

    /// <summary>A cuBLAS handle bound to <paramref name="stream"/> (0 = default stream).</summary>
    public IntPtr CreateHandle(IntPtr stream)
    {
        IntPtr handle;
        CudaStatus.Check(create(&handle), "cublasCreate_v2");
        CudaStatus.Check(setStream(handle, stream), "cublasSetStream_v2");
        return handle;
    }

    /// <summary>Releases a handle from <see cref="CreateHandle"/>.</summary>
    public void DestroyHandle(IntPtr handle) => _ = destroy(handle);

    /// <summary>
    /// The smaller-side Gram of a row-major rows×cols matrix W into the lower triangle (row-major view) of the n×n
    /// device matrix <paramref name="x"/>: in cuBLAS's column-major terms W is Wᶜ = Wᵀ (cols×rows, ld = cols), so
    /// X = WᵀW is Wᶜ·Wᶜᵀ (trans N, k = rows) and X = WWᵀ is Wᶜᵀ·Wᶜ (trans T, k = cols).
    /// </summary>
    public void GramDsyrk(IntPtr handle, IntPtr w, int rows, int cols, IntPtr x)
    {
        var n = Math.Min(rows, cols);
        double one = 1.0, zero = 0.0;
        var tall = cols <= rows;
        CudaStatus.Check(
            dsyrk(handle, CudaStatus.FillUpper, tall ? CudaStatus.OpN : CudaStatus.OpT, n, tall ? rows : cols, &one,
                (double*)w, cols, &zero, (double*)x, n),
            "cublasDsyrk_v2");
    }

    /// <summary>C = op(A)·op(B) (alpha 1, beta 0), column-major m×n result, as cublasDgemm.</summary>
    public void Dgemm(
        IntPtr handle, bool transA, bool transB, int m, int n, int k, IntPtr a, int lda, IntPtr b, int ldb, IntPtr c,
        int ldc)
    {
        double one = 1.0, zero = 0.0;
        CudaStatus.Check(
            dgemm(handle, transA ? CudaStatus.OpT : CudaStatus.OpN, transB ? CudaStatus.OpT : CudaStatus.OpN, m, n, k,
                &one, (double*)a, lda, (double*)b, ldb, &zero, (double*)c, ldc),
            "cublasDgemm_v2");
    }

    private static (CudaBlasNative?, string) Load()
    {
        if (!CudaLibraryProbe.TryLoad(CudaLibraryProbe.CublasNames, "cuBLAS", out var lib, out var name,
                out var reason))
        {
            return (null, $"{reason}: install the CUDA 11–13 runtime libraries or put them on the loader path");
        }

        try
        {
            return (new CudaBlasNative(lib, name!), "");
        }
        catch (EntryPointNotFoundException e)
        {
            return (null, e.Message);
        }
    }
}
