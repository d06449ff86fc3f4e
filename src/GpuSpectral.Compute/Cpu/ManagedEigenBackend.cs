using System.Globalization;
using SimdVector = System.Numerics.Vector<double>;
using MathNet.Numerics.LinearAlgebra;

namespace GpuSpectral.Compute.Cpu;

/// <summary>
/// Fallback CPU backend for machines without a system LAPACK: a managed SIMD float64 Gram matrix
/// (<see cref="System.Numerics.Vector{T}"/> + <see cref="Parallel"/>) followed by MathNet.Numerics' managed symmetric eigensolver
/// (Householder tridiagonalisation + QL, which always computes the eigenvectors too). Accurate (agrees with LAPACK to
/// ~1e-13·λmax) but slow: O(n³) with a large constant, about 1–2 s at n = 1024 and ~20 s at n = 2048 on two cores,
/// so it is meant for n up to about 1500. Install OpenBLAS + LAPACKE for anything larger. Thread-safe.
/// </summary>
public sealed partial class ManagedEigenBackend : IEigenBackend, ISymmetricEigenSolver
{
    /// <inheritdoc />
    public string Name => "managed";

    /// <summary>One line: managed float64 Gram (vector width) + MathNet symmetric EVD; slow above n≈1500.</summary>
    public string Description => string.Create(
        CultureInfo.InvariantCulture,
        $"float64 managed Gram (Vector<double> × {SimdVector.Count}, {Environment.ProcessorCount} threads) + " +
        $"MathNet.Numerics managed symmetric EVD; slow above n≈1500");

    /// <summary>
    /// Eigenvalues of the smaller Gram matrix of the row-major <paramref name="rows"/>×<paramref name="cols"/>
    /// matrix <paramref name="w"/> (WᵀW when rows ≥ cols, else WWᵀ), i.e. the squared singular values of W, in the
    /// units of W's entries squared, formed and solved in float64.
    /// </summary>
    /// <param name="w">Row-major matrix of rows × cols elements. Not modified.</param>
    /// <param name="rows">Number of rows (≥ 1).</param>
    /// <param name="cols">Number of columns (≥ 1).</param>
    /// <returns>Exactly min(rows, cols) eigenvalues in ascending order; the smallest may be slightly negative
    /// (about −n·eps·λmax) from round-off and are returned as computed.</returns>
    /// <exception cref="ArgumentException">A size is &lt; 1, rows·cols differs from the span length, or
    /// min(rows, cols) exceeds 46 340 (the n×n Gram array would not fit a .NET array).</exception>
    /// <exception cref="ArithmeticException">W holds NaN or ±∞, or the Gram matrix overflows float64.</exception>
    public double[] GramEigenvalues(ReadOnlySpan<double> w, int rows, int cols)
    {
        var (n, _) = GramInput.Validate(w, rows, cols);
        if (n > SimdGram.MaxOrder)
        {
            throw new ArgumentOutOfRangeException(
                nameof(rows),
                $"The managed backend handles Gram orders up to {SimdGram.MaxOrder}; min(rows, cols) is {n}.");
        }

        GramInput.ThrowIfNotFinite(w, "input matrix");
        var gram = SimdGram.Compute(w, rows, cols);
        GramInput.ThrowIfNotFinite(gram, "Gram matrix (it overflowed float64)");

        // The Gram array is symmetric, so its row-major layout is also the column-major storage MathNet expects.
        var evd = Matrix<double>.Build.Dense(n, n, gram).Evd(Symmetricity.Symmetric);
        var values = new double[n];
        for (var i = 0; i < n; i++)
        {
            values[i] = evd.EigenValues[i].Real;
        }

        Array.Sort(values);
        return values;
    }
}
