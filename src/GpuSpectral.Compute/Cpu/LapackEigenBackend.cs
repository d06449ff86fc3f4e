using System.Globalization;
using System.Runtime.InteropServices;
using GpuSpectral.Compute.Interop;

namespace GpuSpectral.Compute.Cpu;

/// <summary>
/// The default CPU backend: the system BLAS forms the Gram matrix of the smaller side in float64 (<c>dsyrk</c>,
/// upper triangle) and LAPACK computes its eigenvalues only (JOBZ='N'; <c>dsyevd</c> by default). Needs OpenBLAS +
/// LAPACKE at run time (Debian/Ubuntu: <c>apt-get install libopenblas0-pthread liblapacke</c>); use
/// <see cref="TryCreate(out LapackEigenBackend?, out string)"/> to find out whether they load. Thread-safe: calls hold
/// no shared state, and OpenBLAS parallelises each call over its own threads.
/// </summary>
public sealed partial class LapackEigenBackend : IEigenBackend, ISymmetricEigenSolver
{
    /// <summary>
    /// Order from which <see cref="TryCreate(out LapackEigenBackend?, out string)"/>'s backend uses the two-stage
    /// reduction (dsyevd_2stage) instead of dsyevd. Measured on the 2-core AMD EPYC VM, OpenBLAS 0.3.21 + LAPACK 3.11,
    /// eigenvalues only, interleaved runs (bench/RESULTS.md): n=2048 dsyevd 0.29 s vs 2-stage 0.67 s; n=4096
    /// dsyevd 3.20 s vs 3.66 s; n=12006 (the FOLDOC Gram) dsyevd 95.3 s vs 66.3 s, agreeing to 1e-15·λmax. The
    /// crossover lies between 4096 and 12006; 8192 is the midpoint on a log scale.
    /// </summary>
    internal const int TwoStageFromOrder = 8192;

    private readonly LapackNative native;

    private LapackEigenBackend(LapackNative native, SyevDriver? driver)
    {
        this.native = native;
        FixedDriver = driver;
        var blas = native.BlasConfig is { } config ? $" ({config})" : "";
        Description = string.Create(
            CultureInfo.InvariantCulture,
            $"float64 {(native.UsesCblas ? "cblas_dsyrk" : "dsyrk_")} from {native.BlasPath}{blas} + " +
            $"{(driver is { } d ? LapackNative.RoutineName(d) : AutoDriverText(native))} (JOBZ='N') from " +
            $"{native.LapackePath}");
    }

    /// <inheritdoc />
    public string Name => "lapack";

    /// <summary>One line: the BLAS and LAPACKE libraries (resolved paths where the OS tells them), the OpenBLAS
    /// configuration and thread count when the BLAS is OpenBLAS, and the eigen driver.</summary>
    public string Description { get; }

    /// <summary>The driver given to <see cref="TryCreate(SyevDriver, out LapackEigenBackend?, out string)"/>, or
    /// null to choose by size (<see cref="DriverFor"/>).</summary>
    internal SyevDriver? FixedDriver { get; }

    /// <summary>The LAPACK eigen driver used for a symmetric matrix of order <paramref name="n"/>.</summary>
    internal SyevDriver DriverFor(int n) =>
        FixedDriver ?? (n >= TwoStageFromOrder && native.Has(SyevDriver.Dsyevd2Stage)
            ? SyevDriver.Dsyevd2Stage
            : SyevDriver.Dsyevd);

    /// <summary>
    /// Binds the system BLAS and LAPACKE (once per process) and returns a backend using the default driver. Never
    /// throws: on failure <paramref name="backend"/> is null and <paramref name="reason"/> says which libraries
    /// were tried and what was missing.
    /// </summary>
    /// <param name="backend">The backend, or null when the libraries cannot be used.</param>
    /// <param name="reason">Empty on success; otherwise a one-line reason.</param>
    /// <returns>True when the backend is usable.</returns>
    public static bool TryCreate(out LapackEigenBackend? backend, out string reason)
    {
        backend = null;
        if (!LapackNative.TryLoad(out var native, out reason))
        {
            return false;
        }

        backend = new LapackEigenBackend(native!, null);
        return true;
    }

    /// <summary>As <see cref="TryCreate(out LapackEigenBackend?, out string)"/> with an explicit driver (tests and
    /// benchmarks); fails when the library does not export that driver.</summary>
    internal static bool TryCreate(SyevDriver driver, out LapackEigenBackend? backend, out string reason)
    {
        backend = null;
        if (!LapackNative.TryLoad(out var native, out reason))
        {
            return false;
        }

        if (!native!.Has(driver))
        {
            reason = $"{LapackNative.RoutineName(driver)} is not exported by {native.LapackePath}";
            return false;
        }

        backend = new LapackEigenBackend(native, driver);
        return true;
    }

    /// <summary>
    /// Eigenvalues of the smaller Gram matrix of the row-major <paramref name="rows"/>×<paramref name="cols"/>
    /// matrix <paramref name="w"/> (WᵀW when rows ≥ cols, else WWᵀ), i.e. the squared singular values of W, in the
    /// units of W's entries squared. The Gram matrix is formed and solved in float64.
    /// </summary>
    /// <param name="w">Row-major matrix of rows × cols elements. Not modified.</param>
    /// <param name="rows">Number of rows (≥ 1).</param>
    /// <param name="cols">Number of columns (≥ 1).</param>
    /// <returns>Exactly min(rows, cols) eigenvalues in ascending order. The smallest can be slightly negative
    /// (about −n·eps·λmax) from round-off; they are returned as computed.</returns>
    /// <exception cref="ArgumentException">A size is &lt; 1 or rows·cols differs from the span length.</exception>
    /// <exception cref="ArithmeticException">W holds NaN or ±∞ (checked before any native call), the Gram matrix
    /// overflows float64, or LAPACK reports failure (the message names the routine and its info).</exception>
    public unsafe double[] GramEigenvalues(ReadOnlySpan<double> w, int rows, int cols)
    {
        var (n, _) = GramInput.Validate(w, rows, cols);
        GramInput.ThrowIfNotFinite(w, "input matrix");
        var eigenvalues = new double[n];
        var bytes = checked((nuint)n * (nuint)n * sizeof(double));
        var gram = (double*)NativeMemory.AllocZeroed(bytes);
        try
        {
            fixed (double* pw = w)
            fixed (double* pe = eigenvalues)
            {
                native.Gram(pw, rows, cols, gram);
                var info = native.Eigenvalues(DriverFor(n), n, gram, pe);
                if (info != 0)
                {
                    var what = info < 0
                        ? $"argument {-info} had an illegal value"
                        : $"the algorithm failed to converge ({info} off-diagonal elements did not reach zero)";
                    throw new ArithmeticException(string.Create(
                        CultureInfo.InvariantCulture,
                        $"{LapackNative.RoutineName(DriverFor(n))} failed for n={n}: info={info}, {what}."));
                }
            }
        }
        finally
        {
            NativeMemory.Free(gram);
        }

        GramInput.ThrowIfNotFinite(eigenvalues, $"eigenvalue output of {LapackNative.RoutineName(DriverFor(n))} " +
                                                "(the Gram matrix overflowed float64)");
        return eigenvalues;
    }

    private static string AutoDriverText(LapackNative native) =>
        native.Has(SyevDriver.Dsyevd2Stage)
            ? string.Create(CultureInfo.InvariantCulture,
                $"LAPACKE_dsyevd (n < {TwoStageFromOrder}) / LAPACKE_dsyevd_2stage (n ≥ {TwoStageFromOrder})")
            : "LAPACKE_dsyevd";
}
