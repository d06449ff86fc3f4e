namespace GpuSpectral.Compute.Cpu;

/// <summary>
/// Eigen-solver for an already-formed real symmetric matrix (for example a Gram matrix built from a sparse matrix),
/// in float64.
/// </summary>
/// <remarks>
/// Layout: <c>a</c> is the full n×n matrix with BOTH triangles filled (exactly symmetric), so row-major and
/// column-major storage coincide. Implementations read one triangle only. Eigenvectors are returned as an n×k
/// column-major array: column j (elements <c>[j·n, (j+1)·n)</c>) is the unit eigenvector of <c>Values[j]</c>, and
/// the pairs are ordered LARGEST FIRST (descending eigenvalue). The sign of each eigenvector is arbitrary.
/// </remarks>
public interface ISymmetricEigenSolver
{
    /// <summary>Short name, for example <c>lapack</c> or <c>managed</c>.</summary>
    string Name { get; }

    /// <summary>All eigenvalues of the symmetric matrix <paramref name="a"/>.</summary>
    /// <param name="a">n×n symmetric matrix, both triangles filled (length n²). Unchanged on return when it was exactly
    /// symmetric (LAPACK works in place on one triangle and rebuilds it from the other afterwards).</param>
    /// <param name="n">Order (≥ 1).</param>
    /// <returns>n eigenvalues, ascending, in the units of <paramref name="a"/>.</returns>
    /// <exception cref="ArgumentException">n &lt; 1 or <c>a.Length ≠ n²</c>.</exception>
    /// <exception cref="ArithmeticException"><paramref name="a"/> holds NaN/±∞ or the solver failed.</exception>
    double[] Eigenvalues(double[] a, int n);

    /// <summary>The <paramref name="k"/> largest eigenvalues and their unit eigenvectors.</summary>
    /// <param name="a">n×n symmetric matrix, both triangles filled (length n²); unchanged on return when it was exactly
    /// symmetric.</param>
    /// <param name="n">Order (≥ 1).</param>
    /// <param name="k">How many pairs (0 ≤ k ≤ n).</param>
    /// <returns><c>Values</c>: k eigenvalues, DESCENDING. <c>Vectors</c>: n×k column-major, column j = unit eigenvector
    /// of <c>Values[j]</c>.</returns>
    /// <exception cref="ArgumentException">n &lt; 1, k out of range or <c>a.Length ≠ n²</c>.</exception>
    /// <exception cref="ArithmeticException"><paramref name="a"/> holds NaN/±∞ or the solver failed.</exception>
    (double[] Values, double[] Vectors) TopEigenpairs(double[] a, int n, int k);

    /// <summary>
    /// All eigenvalues AND the <paramref name="k"/> largest eigenpairs in one solve (one tridiagonal reduction for
    /// LAPACK instead of the two that <see cref="Eigenvalues"/> + <see cref="TopEigenpairs"/> cost).
    /// </summary>
    /// <param name="a">n×n symmetric matrix, both triangles filled (length n²); unchanged on return when it was exactly
    /// symmetric.</param>
    /// <param name="n">Order (≥ 1).</param>
    /// <param name="k">How many pairs (0 ≤ k ≤ n); 0 computes the eigenvalues only.</param>
    /// <returns><c>AllAscending</c>: the n eigenvalues, ascending (as <see cref="Eigenvalues"/>). <c>TopValues</c>: the
    /// k largest, DESCENDING, as computed with their vectors (they agree with the matching <c>AllAscending</c> entries
    /// to round-off, ~n·eps·λmax). <c>TopVectors</c>: n×k column-major, column j = unit eigenvector of
    /// <c>TopValues[j]</c> (as <see cref="TopEigenpairs"/>).</returns>
    /// <exception cref="ArgumentException">n &lt; 1, k out of range or <c>a.Length ≠ n²</c>.</exception>
    /// <exception cref="ArithmeticException"><paramref name="a"/> holds NaN/±∞ or the solver failed.</exception>
    (double[] AllAscending, double[] TopValues, double[] TopVectors) EigenvaluesAndTopEigenpairs(
        double[] a, int n, int k);
}
