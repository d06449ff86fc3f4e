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

    /// <summary>
    /// All eigenvalues and the <paramref name="k"/> largest eigenpairs from ONE tridiagonal reduction:
    /// <c>LAPACKE_dsytrd</c> (UPLO='U', one-stage) on <paramref name="a"/> in place; <c>LAPACKE_dsterf</c> on a copy of
    /// (d, e) for every eigenvalue; <c>LAPACKE_dstemr</c> (MRRR, RANGE='I') on another copy for the top-k eigenvectors
    /// of T; <c>LAPACKE_dormtr</c> to map them back to eigenvectors of <paramref name="a"/>. Afterwards the destroyed
    /// triangle and diagonal are rebuilt from the other triangle, as in <see cref="Eigenvalues"/>, so
    /// <paramref name="a"/> is unchanged on return when it was exactly symmetric. When the library lacks one of these
    /// routines, or <c>dstemr</c> reports failure, it falls back to <see cref="Eigenvalues"/> +
    /// <see cref="TopEigenpairs"/> (two reductions). k = 0 is <see cref="Eigenvalues"/> (its size-chosen driver: the
    /// two-stage reduction is faster for values only at large n, 66 s vs 99 s on the 12006² FOLDOC Gram). Memory: n·k
    /// doubles for the vectors plus O(n) for T.
    /// </summary>
    /// <inheritdoc cref="ISymmetricEigenSolver.EigenvaluesAndTopEigenpairs"/>
    public unsafe (double[] AllAscending, double[] TopValues, double[] TopVectors) EigenvaluesAndTopEigenpairs(
        double[] a, int n, int k)
    {
        SymmetricInput.Validate(a, n, k);
        if (k == 0)
        {
            // Values only: the size-chosen driver (dsyevd_2stage from n = 8192) beats the one-stage dsytrd.
            return (Eigenvalues(a, n), [], []);
        }

        if (!native.HasTridiagonalRoutines)
        {
            return TwoReductions(a, n, k);
        }

        var diagonal = SymmetricInput.Diagonal(a, n);
        var d = new double[n];
        var e = new double[n];
        var tau = new double[Math.Max(1, n - 1)];
        var all = new double[n];
        var offDiagonal = new double[n];
        var w = new double[n];
        var z = new double[checked((long)n * k)];
        int info;
        var found = k;
        var stemrInfo = 0;
        fixed (double* pa = a)
        fixed (double* pd = d)
        fixed (double* pe = e)
        fixed (double* pTau = tau)
        fixed (double* pAll = all)
        fixed (double* pOff = offDiagonal)
        fixed (double* pw = w)
        fixed (double* pz = z)
        {
            info = native.Tridiagonalize(n, pa, pd, pe, pTau);
            if (info == 0)
            {
                d.CopyTo(all, 0);
                e.CopyTo(offDiagonal, 0);
                info = native.TridiagonalEigenvalues(n, pAll, pOff);
                if (info != 0)
                {
                    SymmetricInput.RestoreUpper(a, n, diagonal);
                    ThrowOnInfo("LAPACKE_dsterf", n, info);
                }

                stemrInfo = native.TridiagonalTopEigenpairs(n, pd, pe, k, pw, pz, out found);
                if (stemrInfo == 0 && found == k)
                {
                    info = native.ApplyReflectors(n, pa, pTau, k, pz);
                    if (info != 0)
                    {
                        SymmetricInput.RestoreUpper(a, n, diagonal);
                        ThrowOnInfo("LAPACKE_dormtr", n, info);
                    }
                }
            }
        }

        SymmetricInput.RestoreUpper(a, n, diagonal);
        ThrowOnInfo("LAPACKE_dsytrd", n, info);
        GramInput.ThrowIfNotFinite(all, "eigenvalue output of LAPACKE_dsterf");
        if (stemrInfo != 0 || found != k)
        {
            // MRRR can, rarely, fail on a tridiagonal matrix; dsyevr (dstebz + dstein for a subset) is the fallback.
            var (values, vectors) = TopEigenpairs(a, n, k);
            return (all, values, vectors);
        }

        var (top, topVectors) = Descending(w, z, n, k);
        return (all, top, topVectors);
    }

    private (double[] AllAscending, double[] TopValues, double[] TopVectors) TwoReductions(double[] a, int n, int k)
    {
        var all = Eigenvalues(a, n);
        var (values, vectors) = TopEigenpairs(a, n, k);
        return (all, values, vectors);
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
