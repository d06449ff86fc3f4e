namespace GpuSpectral.Compute.Cpu;

/// <summary>
/// All eigenpairs of the Gram matrix on the smaller side of W, in float64, with a SYMMETRIC solver: the input of
/// WeightWatcher's eigenvector metrics (<c>vectors=True</c>, weightwatcher-spec.md §b.7). WeightWatcher forms
/// X = WWᵀ when rows ≤ cols and X = WᵀW otherwise and calls the general <c>scipy.linalg.eig</c>; for a symmetric X
/// the symmetric solver gives the same pairs (real, orthonormal), faster and without complex round-off.
/// </summary>
/// <remarks>
/// When rows = cols WeightWatcher takes WWᵀ; this class takes WᵀW (the existing Gram kernel's convention). Both
/// have the same eigenvalues; the eigenvectors differ (left vs right singular vectors), so square layers' vector
/// metrics are not comparable with WeightWatcher's (neither is "more right").
/// Memory: the n×n Gram plus n×n vectors (2·8·n² bytes: 268 MB at n = 4096). Cost O(k·n² + n³).
/// </remarks>
public static class GramEigenpairs
{
    /// <summary>Every eigenpair of the smaller Gram matrix of <paramref name="w"/>.</summary>
    /// <param name="solver">The symmetric solver: <see cref="LapackEigenBackend"/> (dsyevr, MRRR) or
    /// <see cref="ManagedEigenBackend"/> (MathNet; slow above n ≈ 1500). See <see cref="DefaultSolver"/>.</param>
    /// <param name="w">Row-major rows × cols matrix. Not modified.</param>
    /// <param name="rows">Number of rows (≥ 1).</param>
    /// <param name="cols">Number of columns (≥ 1).</param>
    /// <returns>The n = min(rows, cols) pairs, largest eigenvalue first.</returns>
    /// <exception cref="ArgumentException">A size is &lt; 1, does not match the span, or n exceeds 46 340.</exception>
    /// <exception cref="ArithmeticException">W holds NaN/±∞, the Gram overflows float64, or the solver fails.</exception>
    public static GramEigenpairsResult Compute(ISymmetricEigenSolver solver, ReadOnlySpan<double> w, int rows, int cols)
    {
        ArgumentNullException.ThrowIfNull(solver);
        var (n, _) = GramInput.Validate(w, rows, cols);
        if (n > SimdGram.MaxOrder)
        {
            throw new ArgumentOutOfRangeException(
                nameof(rows), $"Gram orders up to {SimdGram.MaxOrder} are supported; min(rows, cols) is {n}.");
        }

        GramInput.ThrowIfNotFinite(w, "input matrix");
        var gram = SimdGram.Compute(w, rows, cols);
        GramInput.ThrowIfNotFinite(gram, "Gram matrix (it overflowed float64)");
        var (values, vectors) = solver.TopEigenpairs(gram, n, n);
        return new GramEigenpairsResult(values, vectors, n, rows >= cols);
    }

    /// <summary>LAPACK when its library loads, otherwise the managed MathNet solver (never throws).</summary>
    public static ISymmetricEigenSolver DefaultSolver() =>
        LapackEigenBackend.TryCreate(out var lapack, out _) ? lapack! : new ManagedEigenBackend();
}
