using ILGPU;
using ILGPU.Runtime;

namespace GpuSpectral.Kernels;

/// <summary>
/// Eigenvalues of real symmetric matrices that already live in device memory (the Gram matrices formed on the
/// device). Implementations: dense (Householder tridiagonalization + Sturm bisection) and batched Jacobi.
/// </summary>
public interface IDeviceSymmetricEigenSolver
{
    /// <summary>All eigenvalues of each of <paramref name="count"/> symmetric n×n float64 matrices.</summary>
    /// <param name="accelerator">The accelerator that owns <paramref name="matrices"/>.</param>
    /// <param name="matrices">count·n·n values, row-major, matrix b at offset b·n·n. May be overwritten.</param>
    /// <param name="n">Order of each matrix, ≥ 1.</param>
    /// <param name="count">Number of matrices, ≥ 1.</param>
    /// <returns>One ascending array of n eigenvalues per matrix. NaN in the input gives NaN eigenvalues.</returns>
    double[][] Eigenvalues(Accelerator accelerator, ArrayView1D<double, Stride1D.Dense> matrices, int n, int count);
}
