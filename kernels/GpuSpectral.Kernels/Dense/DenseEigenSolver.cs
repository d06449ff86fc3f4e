using ILGPU;
using ILGPU.Runtime;

namespace GpuSpectral.Kernels.Dense;

/// <summary>
/// All eigenvalues of dense symmetric matrices on the device: Householder tridiagonalization (unblocked, one thread
/// group per matrix, every matrix of the batch in one launch) followed by Sturm-sequence bisection (one thread per
/// eigenvalue). See <see cref="TridiagonalizeKernel"/> and <see cref="SturmBisectionKernel"/>.
/// </summary>
/// <remarks>
/// Accuracy: the Householder reduction is backward stable (T is exactly similar to A + E, ‖E‖ ≲ c·n·u·‖A‖) and
/// bisection places every eigenvalue of T within ≈ ulp·‖T‖, so each eigenvalue has absolute error ≲ c·n·u·‖A‖
/// (the same order as LAPACK dsyevd). NaN behaviour: a matrix with NaN or ±∞ gets all-NaN eigenvalues; other
/// matrices of the batch are unaffected.
/// </remarks>
public sealed class DenseEigenSolver : IDeviceSymmetricEigenSolver
{
    /// <inheritdoc />
    public double[][] Eigenvalues(Accelerator accelerator, ArrayView1D<double, Stride1D.Dense> matrices, int n, int count)
    {
        // ulp = 2⁻⁵², safmin = smallest normal double (LAPACK dlamch 'P' and 'S'), FUDGE = 2.1 (dstebz).
        var all = DenseLauncher<double>.Eigenvalues(accelerator, matrices, n, count,
            Math.ScaleB(1.0, -52), 2.2250738585072014e-308, 2.1);
        return Split(all, n, count);
    }

    /// <summary>
    /// The float32 variant: the same kernels in single precision (ulp 2⁻²³), absolute error ≲ c·n·2⁻²⁴·‖A‖, enough
    /// for λ/λmax ≳ 1e-4 (gpu-eigensolvers.md §7). Results are widened to double.
    /// </summary>
    /// <param name="accelerator">The accelerator that owns <paramref name="matrices"/>.</param>
    /// <param name="matrices">count·n² float32 values, row-major, matrix b at offset b·n². Overwritten.</param>
    /// <param name="n">Order of each matrix, ≥ 1.</param>
    /// <param name="count">Number of matrices, ≥ 1.</param>
    /// <returns>One ascending array of n eigenvalues per matrix; NaN for a matrix with NaN or ±∞.</returns>
    public static double[][] EigenvaluesSingle(
        Accelerator accelerator, ArrayView1D<float, Stride1D.Dense> matrices, int n, int count)
    {
        // ulp = 2⁻²³, safmin = smallest normal float, FUDGE = 2.1.
        var all = DenseLauncher<float>.Eigenvalues(accelerator, matrices, n, count,
            MathF.ScaleB(1.0f, -23), 1.17549435e-38f, 2.1f);
        return Split(Array.ConvertAll(all, x => (double)x), n, count);
    }

    private static double[][] Split(double[] all, int n, int count)
    {
        var result = new double[count][];
        for (var b = 0; b < count; b++)
        {
            result[b] = all.AsSpan(b * n, n).ToArray();
        }

        return result;
    }
}
