namespace GpuSpectral.Core.Spectral;

/// <summary>
/// Eigenvalues of the Gram matrix on the smaller side of a dense matrix (its squared singular values), supplied by
/// the caller so that Core does not depend on an eigen-solver.
/// </summary>
/// <param name="matrix">Row-major (C-order) <paramref name="rows"/> × <paramref name="cols"/> values, float64. The
/// callee must not keep it; it may not modify it either.</param>
/// <param name="rows">Number of rows (≥ 1).</param>
/// <param name="cols">Number of columns (≥ 1).</param>
/// <returns>min(rows, cols) eigenvalues in ascending order (round-off may make the smallest slightly negative).</returns>
public delegate double[] GramEigenvalues(double[] matrix, int rows, int cols);
