namespace GpuSpectral.Compute;

/// <summary>
/// Computes the empirical spectral density of one weight matrix: the eigenvalues of the smaller Gram matrix
/// (WᵀW when W is tall, WWᵀ when W is wide), i.e. the squared singular values of W.
/// </summary>
public interface IEigenBackend
{
    /// <summary>Short name shown to users, for example <c>lapack</c> or <c>managed</c>.</summary>
    string Name { get; }

    /// <summary>One line describing the implementation (library path, threads, precision).</summary>
    string Description { get; }

    /// <summary>
    /// Eigenvalues of the Gram matrix on the smaller side of <paramref name="w"/>, formed and solved in float64.
    /// </summary>
    /// <param name="w">Row-major matrix of <paramref name="rows"/> × <paramref name="cols"/> elements. Not modified.</param>
    /// <param name="rows">Number of rows (≥ 1).</param>
    /// <param name="cols">Number of columns (≥ 1).</param>
    /// <returns>Exactly min(rows, cols) eigenvalues in ascending order. Round-off can make the smallest ones
    /// slightly negative (about −eps·λmax); they are returned as computed. NaN in W gives NaN eigenvalues or an
    /// <see cref="ArithmeticException"/>.</returns>
    /// <exception cref="ArgumentException">Sizes do not match the span.</exception>
    /// <exception cref="ArithmeticException">The solver did not converge or the input holds NaN/infinity.</exception>
    double[] GramEigenvalues(ReadOnlySpan<double> w, int rows, int cols);
}
