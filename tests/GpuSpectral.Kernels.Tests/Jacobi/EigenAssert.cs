namespace GpuSpectral.Kernels.Tests.Jacobi;

/// <summary>Eigenvalue comparisons with backward-error based absolute tolerances.</summary>
internal static class EigenAssert
{
    /// <summary>Unit roundoff of float64, 2⁻⁵³.</summary>
    public const double U = 1.1102230246251565e-16;

    /// <summary>
    /// Backward-stable solvers return the exact eigenvalues of A + E with ‖E‖₂ ≤ p(n)·u·‖A‖, so by Weyl every
    /// eigenvalue is off by at most p(n)·u·‖A‖₂ ≤ p(n)·u·‖A‖_F. For Householder/QR (LAPACK) and for Jacobi with
    /// the 4·n·u stop test, p(n) is a small multiple of n; 16·n covers both solvers' errors added together with
    /// margin (measured worst case in these tests: about 1·n·u·‖A‖_F).
    /// </summary>
    public const double BackwardStableFactor = 16.0;

    /// <summary>
    /// Absolute floor for the zero matrix: Sturm bisection resolves eigenvalues only down to its pivot guard
    /// pivmin = safmin·max(1, max b²) ≈ 2.2e-308 (LAPACK dstebz behaves the same); 1e-300 is far below anything else.
    /// </summary>
    public const double ZeroMatrixFloor = 1e-300;

    /// <summary>Absolute tolerance 16·n·u·‖A‖_F + <see cref="ZeroMatrixFloor"/>.</summary>
    public static double Tolerance(int n, double frobenius) =>
        (BackwardStableFactor * Math.Max(n, 1) * U * frobenius) + ZeroMatrixFloor;

    /// <summary>Asserts same length and |actual_i − expected_i| ≤ tol for every i (both ascending).</summary>
    public static double Close(double[] expected, double[] actual, double tolerance, string label)
    {
        Assert.Equal(expected.Length, actual.Length);
        var worst = 0.0;
        for (var i = 0; i < expected.Length; i++)
        {
            var err = Math.Abs(actual[i] - expected[i]);
            Assert.True(err <= tolerance,
                $"{label}: λ[{i}] = {actual[i]:R}, LAPACK {expected[i]:R}, |Δ| = {err:E3} > {tolerance:E3}");
            worst = Math.Max(worst, err);
        }

        return worst;
    }
}
