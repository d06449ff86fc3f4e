using System.Globalization;
using GpuSpectral.Compute.Interop;

namespace GpuSpectral.Compute.Cpu;

/// <content>The <see cref="ISymmetricEigenSolver"/> entry points: LAPACK on an already-formed symmetric matrix.</content>
public sealed partial class LapackEigenBackend
{
    /// <summary>
    /// All eigenvalues of the symmetric n×n <paramref name="a"/> with this backend's driver (JOBZ='N', UPLO='U',
    /// <c>dsyevd</c> by default), in place: the solver destroys one triangle and the diagonal, which are rebuilt from
    /// the other triangle afterwards, so no n² copy is made.
    /// </summary>
    /// <inheritdoc cref="ISymmetricEigenSolver.Eigenvalues"/>
    public unsafe double[] Eigenvalues(double[] a, int n)
    {
        SymmetricInput.Validate(a, n, 0);
        var diagonal = SymmetricInput.Diagonal(a, n);
        var values = new double[n];
        int info;
        fixed (double* pa = a)
        fixed (double* pv = values)
        {
            info = native.Eigenvalues(DriverFor(n), n, pa, pv);
        }

        SymmetricInput.RestoreUpper(a, n, diagonal);
        ThrowOnInfo(LapackNative.RoutineName(DriverFor(n)), n, info);
        return values;
    }

    /// <summary>
    /// The <paramref name="k"/> largest eigenpairs with <c>LAPACKE_dsyevr</c> (JOBZ='V', RANGE='I', UPLO='U'; MRRR),
    /// in place like <see cref="Eigenvalues"/>. Memory: n·k doubles for the vectors plus LAPACK's O(n) workspace.
    /// </summary>
    /// <inheritdoc cref="ISymmetricEigenSolver.TopEigenpairs"/>
    /// <exception cref="InvalidOperationException">The LAPACKE library does not export <c>LAPACKE_dsyevr</c>.</exception>
    public unsafe (double[] Values, double[] Vectors) TopEigenpairs(double[] a, int n, int k)
    {
        SymmetricInput.Validate(a, n, k);
        if (k == 0)
        {
            return ([], []);
        }

        if (!native.HasDsyevr)
        {
            throw new InvalidOperationException($"LAPACKE_dsyevr is not exported by {native.LapackePath}.");
        }

        var diagonal = SymmetricInput.Diagonal(a, n);
        var w = new double[n];
        var z = new double[checked((long)n * k)];
        int info, found;
        fixed (double* pa = a)
        fixed (double* pw = w)
        fixed (double* pz = z)
        {
            info = native.TopEigenpairs(n, pa, k, pw, pz, out found);
        }

        SymmetricInput.RestoreUpper(a, n, diagonal);
        ThrowOnInfo("LAPACKE_dsyevr", n, info);
        if (found != k)
        {
            throw new ArithmeticException(string.Create(
                CultureInfo.InvariantCulture, $"LAPACKE_dsyevr returned {found} eigenpairs instead of {k} (n={n})."));
        }

        return Descending(w, z, n, k);
    }

    /// <summary>Reverses LAPACK's ascending pairs to largest first (values and n-long vector columns).</summary>
    internal static (double[] Values, double[] Vectors) Descending(double[] ascending, double[] z, int n, int k)
    {
        var values = new double[k];
        for (var j = 0; j < k; j++)
        {
            values[j] = ascending[k - 1 - j];
        }

        for (int lo = 0, hi = k - 1; lo < hi; lo++, hi--)
        {
            var a = z.AsSpan(lo * n, n);
            var b = z.AsSpan(hi * n, n);
            for (var i = 0; i < n; i++)
            {
                (a[i], b[i]) = (b[i], a[i]);
            }
        }

        GramInput.ThrowIfNotFinite(values, "eigenvalue output of LAPACKE_dsyevr");
        return (values, z);
    }

    private static void ThrowOnInfo(string routine, int n, int info)
    {
        if (info == 0)
        {
            return;
        }

        var what = info < 0
            ? $"argument {-info} had an illegal value"
            : $"the algorithm failed to converge (info {info})";
        throw new ArithmeticException(string.Create(
            CultureInfo.InvariantCulture, $"{routine} failed for n={n}: info={info}, {what}."));
    }
}
