using System.Runtime.InteropServices;

namespace GpuSpectral.Compute.Interop;

/// <summary>LAPACK driver used for the eigenvalues-only (JOBZ='N') symmetric solve.</summary>
internal enum SyevDriver
{
    /// <summary><c>LAPACKE_dsyevd</c>: one-stage tridiagonalisation (dsytrd) + dsterf.</summary>
    Dsyevd,

    /// <summary><c>LAPACKE_dsyevd_2stage</c>: two-stage tridiagonalisation (dense → band → tridiagonal) + dsterf.</summary>
    Dsyevd2Stage,

    /// <summary><c>LAPACKE_dsyevr_2stage</c>: two-stage tridiagonalisation + MRRR/dsterf (LAPACK ≥ 3.7).</summary>
    Dsyevr2Stage,
}

/// <summary>
/// Run-time binding to a system CBLAS (for <c>dsyrk</c>) and LAPACKE (for the symmetric eigensolvers), found with
/// <see cref="NativeLibrary.TryLoad(string, out IntPtr)"/> over a list of candidate names. Nothing here throws when a
/// library is missing: <see cref="TryLoad"/> returns the reason instead. Libraries are never unloaded once bound.
/// LP64 ABI only (32-bit <c>lapack_int</c>), which is what Debian/Ubuntu, Homebrew and the OpenBLAS releases ship.
/// </summary>
internal sealed unsafe class LapackNative
{
    private const int CblasColMajor = 102;
    private const int CblasUpper = 121;
    private const int CblasNoTrans = 111;
    private const int CblasTrans = 112;
    private const int LapackColMajor = 102;

    private static readonly string[] LapackeCandidates =
    [
        "liblapacke.so.3", "liblapacke.so", "libopenblas.so.0", "libopenblas.so", "libopenblasp.so.0",
        "liblapacke.dylib", "libopenblas.dylib", "liblapacke.dll", "libopenblas.dll", "openblas.dll",
    ];

    private static readonly string[] BlasCandidates =
    [
        "libopenblas.so.0", "libopenblas.so", "libcblas.so.3", "libblas.so.3", "libblas.so",
        "libopenblas.dylib", "libcblas.dylib", "libblas.dylib", "libopenblas.dll", "openblas.dll", "libblas.dll",
    ];

    private static readonly Lazy<(LapackNative? Native, string Reason)> Loaded = new(Load);

    private readonly delegate* unmanaged<int, int, int, int, int, double, double*, int, double, double*, int, void>
        cblasDsyrk;

    private readonly delegate* unmanaged<byte*, byte*, int*, int*, double*, double*, int*, double*, double*, int*,
        nuint, nuint, void> fortranDsyrk;

    private readonly delegate* unmanaged<int, byte, byte, int, double*, int, double*, int> dsyevd;
    private readonly delegate* unmanaged<int, byte, byte, int, double*, int, double*, int> dsyevd2Stage;

    private readonly delegate* unmanaged<int, byte, byte, byte, int, double*, int, double, double, int, int, double,
        int*, double*, double*, int, int*, int> dsyevr2Stage;

    private readonly delegate* unmanaged<int, byte, byte, byte, int, double*, int, double, double, int, int, double,
        int*, double*, double*, int, int*, int> dsyevr;

    private readonly delegate* unmanaged<int, byte, int, double*, int, double*, double*, double*, int> dsytrd;
    private readonly delegate* unmanaged<int, double*, double*, int> dsterf;

    private readonly delegate* unmanaged<int, byte, byte, int, double*, double*, double, double, int, int, int*,
        double*, double*, int, int, int*, int*, int> dstemr;

    private readonly delegate* unmanaged<int, byte, byte, byte, int, int, double*, int, double*, double*, int, int>
        dormtr;

    private readonly delegate* unmanaged<nint> openblasGetConfig;
    private readonly delegate* unmanaged<int> openblasGetNumThreads;

    private LapackNative(nint lapacke, string lapackeName, nint blas, string blasName)
    {
        LapackePath = ResolvePath(lapackeName);
        BlasPath = ResolvePath(blasName);
        dsyevd = (delegate* unmanaged<int, byte, byte, int, double*, int, double*, int>)
            NativeLibrary.GetExport(lapacke, "LAPACKE_dsyevd");
        if (NativeLibrary.TryGetExport(lapacke, "LAPACKE_dsyevd_2stage", out var p))
        {
            dsyevd2Stage = (delegate* unmanaged<int, byte, byte, int, double*, int, double*, int>)p;
        }

        if (NativeLibrary.TryGetExport(lapacke, "LAPACKE_dsyevr_2stage", out p))
        {
            dsyevr2Stage = (delegate* unmanaged<int, byte, byte, byte, int, double*, int, double, double, int, int,
                double, int*, double*, double*, int, int*, int>)p;
        }

        if (NativeLibrary.TryGetExport(lapacke, "LAPACKE_dsyevr", out p))
        {
            dsyevr = (delegate* unmanaged<int, byte, byte, byte, int, double*, int, double, double, int, int, double,
                int*, double*, double*, int, int*, int>)p;
        }

        if (NativeLibrary.TryGetExport(lapacke, "LAPACKE_dsytrd", out var pTrd)
            && NativeLibrary.TryGetExport(lapacke, "LAPACKE_dsterf", out var pSterf)
            && NativeLibrary.TryGetExport(lapacke, "LAPACKE_dstemr", out var pStemr)
            && NativeLibrary.TryGetExport(lapacke, "LAPACKE_dormtr", out var pOrmtr))
        {
            dsytrd = (delegate* unmanaged<int, byte, int, double*, int, double*, double*, double*, int>)pTrd;
            dsterf = (delegate* unmanaged<int, double*, double*, int>)pSterf;
            dstemr = (delegate* unmanaged<int, byte, byte, int, double*, double*, double, double, int, int, int*,
                double*, double*, int, int, int*, int*, int>)pStemr;
            dormtr = (delegate* unmanaged<int, byte, byte, byte, int, int, double*, int, double*, double*, int, int>)
                pOrmtr;
        }

        if (NativeLibrary.TryGetExport(blas, "cblas_dsyrk", out p))
        {
            cblasDsyrk = (delegate* unmanaged<int, int, int, int, int, double, double*, int, double, double*, int,
                void>)p;
        }
        else
        {
            fortranDsyrk = (delegate* unmanaged<byte*, byte*, int*, int*, double*, double*, int*, double*, double*,
                int*, nuint, nuint, void>)NativeLibrary.GetExport(blas, "dsyrk_");
        }

        if (NativeLibrary.TryGetExport(blas, "openblas_get_config", out p))
        {
            openblasGetConfig = (delegate* unmanaged<nint>)p;
        }

        if (NativeLibrary.TryGetExport(blas, "openblas_get_num_threads", out p))
        {
            openblasGetNumThreads = (delegate* unmanaged<int>)p;
        }
    }

    /// <summary>Path (or, where it cannot be resolved, the name) of the library that provides LAPACKE.</summary>
    public string LapackePath { get; }

    /// <summary>Path (or name) of the library that provides <c>cblas_dsyrk</c>/<c>dsyrk_</c>.</summary>
    public string BlasPath { get; }

    /// <summary>Whether <c>dsyrk</c> is called through the CBLAS interface (else the Fortran <c>dsyrk_</c>).</summary>
    public bool UsesCblas => cblasDsyrk != null;

    /// <summary>OpenBLAS build configuration string and thread count, or null when the BLAS is not OpenBLAS.</summary>
    public string? BlasConfig
    {
        get
        {
            if (openblasGetConfig == null)
            {
                return null;
            }

            var config = Marshal.PtrToStringAnsi(openblasGetConfig())?.Trim();
            return openblasGetNumThreads == null ? config : $"{config}, {openblasGetNumThreads()} threads";
        }
    }

    /// <summary>Whether the library exports <c>LAPACKE_dsyevr</c> (needed by <see cref="TopEigenpairs"/>).</summary>
    public bool HasDsyevr => dsyevr != null;

    /// <summary>Whether the library exports <c>LAPACKE_dsytrd</c>, <c>LAPACKE_dsterf</c>, <c>LAPACKE_dstemr</c> and
    /// <c>LAPACKE_dormtr</c> (needed by <see cref="Tridiagonalize"/>, <see cref="TridiagonalEigenvalues"/>,
    /// <see cref="TridiagonalTopEigenpairs"/> and <see cref="ApplyReflectors"/>).</summary>
    public bool HasTridiagonalRoutines => dsytrd != null;

    /// <summary>Whether the library exports the given driver.</summary>
    public bool Has(SyevDriver driver) => driver switch
    {
        SyevDriver.Dsyevd => true,
        SyevDriver.Dsyevd2Stage => dsyevd2Stage != null,
        SyevDriver.Dsyevr2Stage => dsyevr2Stage != null,
        _ => false,
    };

    /// <summary>
    /// Binds the libraries once per process. Returns false with a one-line reason (which candidates were tried and
    /// what failed) when no usable LAPACKE + BLAS pair is found. Never throws.
    /// </summary>
    public static bool TryLoad(out LapackNative? native, out string reason)
    {
        (native, reason) = Loaded.Value;
        return native is not null;
    }

    /// <summary>LAPACK name of a driver, as used in messages.</summary>
    public static string RoutineName(SyevDriver driver) => driver switch
    {
        SyevDriver.Dsyevd => "LAPACKE_dsyevd",
        SyevDriver.Dsyevd2Stage => "LAPACKE_dsyevd_2stage",
        SyevDriver.Dsyevr2Stage => "LAPACKE_dsyevr_2stage",
        _ => driver.ToString(),
    };

    /// <summary>
    /// Fills the upper triangle of the n×n column-major <paramref name="gram"/> with the Gram matrix of the smaller
    /// side of the row-major <paramref name="rows"/>×<paramref name="cols"/> matrix at <paramref name="w"/>
    /// (n = min(rows, cols); WᵀW when rows ≥ cols, else WWᵀ). The strict lower triangle is not written.
    /// </summary>
    public void Gram(double* w, int rows, int cols, double* gram)
    {
        // Row-major W (rows×cols) is, read column-major, A = Wᵀ (cols×rows, lda = cols).
        // WᵀW = A·Aᵀ (NoTrans, n = cols, k = rows); WWᵀ = Aᵀ·A (Trans, n = rows, k = cols).
        var tall = rows >= cols;
        var n = tall ? cols : rows;
        var k = tall ? rows : cols;
        var lda = cols;
        if (cblasDsyrk != null)
        {
            cblasDsyrk(CblasColMajor, CblasUpper, tall ? CblasNoTrans : CblasTrans, n, k, 1.0, w, lda, 0.0, gram, n);
            return;
        }

        var uplo = (byte)'U';
        var trans = tall ? (byte)'N' : (byte)'T';
        var alpha = 1.0;
        var beta = 0.0;
        var ldc = n;
        fortranDsyrk(&uplo, &trans, &n, &k, &alpha, w, &lda, &beta, gram, &ldc, 1, 1);
    }

    /// <summary>
    /// Eigenvalues only of the symmetric n×n column-major matrix whose upper triangle is at <paramref name="a"/>
    /// (destroyed). Writes n ascending eigenvalues to <paramref name="eigenvalues"/> and returns LAPACK's info.
    /// </summary>
    public int Eigenvalues(SyevDriver driver, int n, double* a, double* eigenvalues)
    {
        const byte jobzN = (byte)'N';
        const byte uploU = (byte)'U';
        switch (driver)
        {
            case SyevDriver.Dsyevd:
                return dsyevd(LapackColMajor, jobzN, uploU, n, a, n, eigenvalues);
            case SyevDriver.Dsyevd2Stage when dsyevd2Stage != null:
                return dsyevd2Stage(LapackColMajor, jobzN, uploU, n, a, n, eigenvalues);
            case SyevDriver.Dsyevr2Stage when dsyevr2Stage != null:
            {
                // RANGE='A'; Z is not referenced for JOBZ='N' (LDZ = 1 is legal), ISUPPZ is sized as documented.
                var found = 0;
                double z = 0;
                var isuppz = new int[2 * Math.Max(1, n)];
                fixed (int* pIsuppz = isuppz)
                {
                    return dsyevr2Stage(LapackColMajor, jobzN, (byte)'A', uploU, n, a, n, 0.0, 0.0, 0, 0, 0.0,
                        &found, eigenvalues, &z, 1, pIsuppz);
                }
            }

            default:
                throw new InvalidOperationException($"{RoutineName(driver)} is not exported by {LapackePath}.");
        }
    }

    /// <summary>
    /// The <paramref name="k"/> largest eigenpairs of the symmetric n×n column-major matrix whose upper triangle is
    /// at <paramref name="a"/> (upper triangle and diagonal destroyed, strict lower triangle untouched), with
    /// <c>LAPACKE_dsyevr</c> (JOBZ='V', RANGE='I', IL = n−k+1, IU = n, ABSTOL = 0). Writes the eigenvalues ascending to
    /// <paramref name="w"/> (length ≥ n) and the matching orthonormal eigenvectors as the columns of the n×k
    /// column-major <paramref name="z"/> (LDZ = n); <paramref name="found"/> receives M (k on success). Returns info.
    /// </summary>
    /// <exception cref="InvalidOperationException">The library does not export <c>LAPACKE_dsyevr</c>.</exception>
    public int TopEigenpairs(int n, double* a, int k, double* w, double* z, out int found)
    {
        if (dsyevr == null)
        {
            throw new InvalidOperationException($"LAPACKE_dsyevr is not exported by {LapackePath}.");
        }

        var m = 0;
        var isuppz = new int[2 * Math.Max(1, k)];
        fixed (int* pIsuppz = isuppz)
        {
            var info = dsyevr(LapackColMajor, (byte)'V', (byte)'I', (byte)'U', n, a, n, 0.0, 0.0, n - k + 1, n, 0.0,
                &m, w, z, n, pIsuppz);
            found = m;
            return info;
        }
    }

    /// <summary>
    /// <c>LAPACKE_dsytrd</c> (UPLO='U', LDA = n): reduces the symmetric n×n column-major matrix whose upper triangle is
    /// at <paramref name="a"/> to tridiagonal form T = QᵀAQ. The diagonal and upper triangle are overwritten with the
    /// Householder reflectors (strict lower triangle untouched); <paramref name="d"/> (n) receives T's diagonal,
    /// <paramref name="e"/> (≥ n−1) its off-diagonal and <paramref name="tau"/> (≥ max(1, n−1)) the reflector scalars.
    /// Returns info.
    /// </summary>
    public int Tridiagonalize(int n, double* a, double* d, double* e, double* tau)
    {
        RequireTridiagonalRoutines();
        return dsytrd(LapackColMajor, (byte)'U', n, a, n, d, e, tau);
    }

    /// <summary>
    /// <c>LAPACKE_dsterf</c>: all eigenvalues of the symmetric tridiagonal matrix (diagonal <paramref name="d"/>,
    /// off-diagonal <paramref name="e"/>, both destroyed), written ascending into <paramref name="d"/>. Returns info.
    /// </summary>
    public int TridiagonalEigenvalues(int n, double* d, double* e)
    {
        RequireTridiagonalRoutines();
        return dsterf(n, d, e);
    }

    /// <summary>
    /// <c>LAPACKE_dstemr</c> (MRRR; JOBZ='V', RANGE='I', IL = n−k+1, IU = n, TRYRAC = true): the <paramref name="k"/>
    /// largest eigenpairs of the symmetric tridiagonal matrix (diagonal <paramref name="d"/>, length n; off-diagonal
    /// in <paramref name="e"/>[0..n−2], length ≥ n as workspace; both destroyed). Writes the eigenvalues ascending to
    /// <paramref name="w"/> (length ≥ n) and the eigenvectors of T as the columns of the n×k column-major
    /// <paramref name="z"/> (LDZ = n); <paramref name="found"/> receives M (k on success). Returns info.
    /// </summary>
    public int TridiagonalTopEigenpairs(int n, double* d, double* e, int k, double* w, double* z, out int found)
    {
        RequireTridiagonalRoutines();
        var m = 0;
        var tryrac = 1;
        var isuppz = new int[2 * Math.Max(1, k)];
        fixed (int* pIsuppz = isuppz)
        {
            var info = dstemr(LapackColMajor, (byte)'V', (byte)'I', n, d, e, 0.0, 0.0, n - k + 1, n, &m, w, z, n, k,
                pIsuppz, &tryrac);
            found = m;
            return info;
        }
    }

    /// <summary>
    /// <c>LAPACKE_dormtr</c> (SIDE='L', UPLO='U', TRANS='N'): overwrites the n×k column-major <paramref name="c"/>
    /// (LDC = n) with Q·C, where Q is the orthogonal matrix of a previous <see cref="Tridiagonalize"/> on
    /// <paramref name="a"/> (reflectors in its upper triangle, LDA = n) with scalars <paramref name="tau"/>. Turns
    /// eigenvectors of T into eigenvectors of A. Returns info.
    /// </summary>
    public int ApplyReflectors(int n, double* a, double* tau, int k, double* c)
    {
        RequireTridiagonalRoutines();
        return dormtr(LapackColMajor, (byte)'L', (byte)'U', (byte)'N', n, k, a, n, tau, c, n);
    }

    private void RequireTridiagonalRoutines()
    {
        if (dsytrd == null)
        {
            throw new InvalidOperationException(
                $"LAPACKE_dsytrd/dsterf/dstemr/dormtr are not all exported by {LapackePath}.");
        }
    }

    private static (LapackNative? Native, string Reason) Load()
    {
        var tried = new List<string>();
        nint lapacke = 0;
        string? lapackeName = null;
        foreach (var name in LapackeCandidates)
        {
            if (!NativeLibrary.TryLoad(name, out var handle))
            {
                continue;
            }

            if (NativeLibrary.TryGetExport(handle, "LAPACKE_dsyevd", out _))
            {
                lapacke = handle;
                lapackeName = name;
                break;
            }

            tried.Add($"{name} has no LAPACKE_dsyevd");
            NativeLibrary.Free(handle);
        }

        if (lapackeName is null)
        {
            var detail = tried.Count == 0 ? "" : $" ({string.Join("; ", tried)})";
            return (null, $"no LAPACKE library found; tried {string.Join(", ", LapackeCandidates)}{detail}");
        }

        // Look for the BLAS by name first, so that the description names the library that really provides dsyrk
        // (dlsym on the LAPACKE handle would also find it, but through LAPACKE's dependencies).
        foreach (var name in BlasCandidates)
        {
            if (!NativeLibrary.TryLoad(name, out var handle))
            {
                continue;
            }

            if (HasDsyrk(handle))
            {
                return (new LapackNative(lapacke, lapackeName, handle, name), "");
            }

            tried.Add($"{name} has neither cblas_dsyrk nor dsyrk_");
            NativeLibrary.Free(handle);
        }

        if (HasDsyrk(lapacke))
        {
            return (new LapackNative(lapacke, lapackeName, lapacke, lapackeName), "");
        }

        return (null, $"LAPACKE found ({lapackeName}) but no BLAS with cblas_dsyrk/dsyrk_; tried " +
                      $"{string.Join(", ", BlasCandidates)}{(tried.Count == 0 ? "" : $" ({string.Join("; ", tried)})")}");
    }

    private static bool HasDsyrk(nint handle) =>
        NativeLibrary.TryGetExport(handle, "cblas_dsyrk", out _) || NativeLibrary.TryGetExport(handle, "dsyrk_", out _);

    /// <summary>Best-effort absolute path of a loaded library (Linux: from /proc/self/maps); else the name.</summary>
    private static string ResolvePath(string name)
    {
        if (!OperatingSystem.IsLinux())
        {
            return name;
        }

        try
        {
            // Library names map to real files such as .../openblas-pthread/libblas.so.3, liblapacke.so.3.11.0 or
            // libopenblasp-r0.3.21.so; match on the part of the name before ".so".
            var dot = name.IndexOf(".so", StringComparison.Ordinal);
            if (dot <= 0)
            {
                return name;
            }

            var stem = name[..dot];
            foreach (var line in File.ReadLines("/proc/self/maps"))
            {
                var slash = line.IndexOf('/', StringComparison.Ordinal);
                if (slash < 0)
                {
                    continue;
                }

                var path = line[slash..];
                var file = Path.GetFileName(path);
                if (file.StartsWith(stem, StringComparison.Ordinal) && file.Contains(".so", StringComparison.Ordinal))
                {
                    return path;
                }
            }
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }

        return name;
    }
}
