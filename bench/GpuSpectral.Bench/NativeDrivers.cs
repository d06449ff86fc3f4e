using System.Runtime.InteropServices;

namespace GpuSpectral.Bench;

/// <summary>
/// The bench's own binding to cblas_dsyrk and the three LAPACKE eigenvalue drivers, so that the drivers can be
/// compared without touching the internal <c>SyevDriver</c> API of GpuSpectral.Compute. Same libraries, same call
/// shapes (column-major, upper, JOBZ='N') as <c>LapackNative</c>.
/// </summary>
internal sealed unsafe class NativeDrivers
{
    private readonly delegate* unmanaged<int, int, int, int, int, double, double*, int, double, double*, int, void> dsyrk;
    private readonly delegate* unmanaged<int, byte, byte, int, double*, int, double*, int> dsyevd;
    private readonly delegate* unmanaged<int, byte, byte, int, double*, int, double*, int> dsyevd2;

    private readonly delegate* unmanaged<int, byte, byte, byte, int, double*, int, double, double, int, int, double,
        int*, double*, double*, int, int*, int> dsyevr2;

    private NativeDrivers(nint lapacke, nint blas)
    {
        dsyrk = (delegate* unmanaged<int, int, int, int, int, double, double*, int, double, double*, int, void>)
            NativeLibrary.GetExport(blas, "cblas_dsyrk");
        dsyevd = (delegate* unmanaged<int, byte, byte, int, double*, int, double*, int>)
            NativeLibrary.GetExport(lapacke, "LAPACKE_dsyevd");
        if (NativeLibrary.TryGetExport(lapacke, "LAPACKE_dsyevd_2stage", out var p))
        {
            dsyevd2 = (delegate* unmanaged<int, byte, byte, int, double*, int, double*, int>)p;
        }

        if (NativeLibrary.TryGetExport(lapacke, "LAPACKE_dsyevr_2stage", out p))
        {
            dsyevr2 = (delegate* unmanaged<int, byte, byte, byte, int, double*, int, double, double, int, int, double,
                int*, double*, double*, int, int*, int>)p;
        }
    }

    public static string[] Drivers => ["dsyevd", "dsyevd_2stage", "dsyevr_2stage"];

    public static NativeDrivers? TryLoad(out string reason)
    {
        reason = "";
        nint lapacke = 0, blas = 0;
        foreach (var name in new[] { "liblapacke.so.3", "liblapacke.so", "libopenblas.so.0" })
        {
            if (NativeLibrary.TryLoad(name, out lapacke) && NativeLibrary.TryGetExport(lapacke, "LAPACKE_dsyevd", out _))
            {
                break;
            }

            lapacke = 0;
        }

        foreach (var name in new[] { "libopenblas.so.0", "libopenblas.so", "libcblas.so.3", "libblas.so.3" })
        {
            if (NativeLibrary.TryLoad(name, out blas) && NativeLibrary.TryGetExport(blas, "cblas_dsyrk", out _))
            {
                break;
            }

            blas = 0;
        }

        if (lapacke == 0 || blas == 0)
        {
            reason = "LAPACKE or CBLAS not found";
            return null;
        }

        return new NativeDrivers(lapacke, blas);
    }

    public bool Has(string driver) => driver switch
    {
        "dsyevd" => true,
        "dsyevd_2stage" => dsyevd2 != null,
        "dsyevr_2stage" => dsyevr2 != null,
        _ => false,
    };

    /// <summary>Upper triangle of the n×n column-major Gram of the smaller side of row-major W (as LapackNative).</summary>
    public void Gram(double[] w, int rows, int cols, double[] gram)
    {
        var tall = rows >= cols;
        var n = tall ? cols : rows;
        var k = tall ? rows : cols;
        fixed (double* pw = w)
        fixed (double* pg = gram)
        {
            dsyrk(102, 121, tall ? 111 : 112, n, k, 1.0, pw, cols, 0.0, pg, n);
        }
    }

    /// <summary>Eigenvalues only of the n×n column-major upper-triangle matrix <paramref name="a"/> (destroyed).</summary>
    public int Solve(string driver, int n, double[] a, double[] evals)
    {
        fixed (double* pa = a)
        fixed (double* pe = evals)
        {
            switch (driver)
            {
                case "dsyevd":
                    return dsyevd(102, (byte)'N', (byte)'U', n, pa, n, pe);
                case "dsyevd_2stage":
                    return dsyevd2(102, (byte)'N', (byte)'U', n, pa, n, pe);
                default:
                {
                    var found = 0;
                    double z = 0;
                    var isuppz = new int[2 * n];
                    fixed (int* pi = isuppz)
                    {
                        return dsyevr2(102, (byte)'N', (byte)'A', (byte)'U', n, pa, n, 0, 0, 0, 0, 0.0, &found, pe, &z,
                            1, pi);
                    }
                }
            }
        }
    }
}
