using MathNet.Numerics.LinearAlgebra;

namespace GpuSpectral.Compute.Cpu;

/// <content>The <see cref="ISymmetricEigenSolver"/> entry points: MathNet's managed symmetric EVD.</content>
public sealed partial class ManagedEigenBackend
{
    /// <summary>
    /// All eigenvalues of the symmetric n×n <paramref name="a"/> with MathNet's managed EVD (which always computes the
    /// eigenvectors too: O(n³) with a large constant, minutes above n ≈ 3000). <paramref name="a"/> is not modified.
    /// </summary>
    /// <inheritdoc cref="ISymmetricEigenSolver.Eigenvalues"/>
    public double[] Eigenvalues(double[] a, int n)
    {
        SymmetricInput.Validate(a, n, 0);
        var evd = Matrix<double>.Build.Dense(n, n, a).Evd(Symmetricity.Symmetric);
        var values = new double[n];
        for (var i = 0; i < n; i++)
        {
            values[i] = evd.EigenValues[i].Real;
        }

        Array.Sort(values);
        return values;
    }

    /// <summary>
    /// The <paramref name="k"/> largest eigenpairs from MathNet's full managed EVD (same cost as
    /// <see cref="Eigenvalues"/>). <paramref name="a"/> is not modified.
    /// </summary>
    /// <inheritdoc cref="ISymmetricEigenSolver.TopEigenpairs"/>
    public (double[] Values, double[] Vectors) TopEigenpairs(double[] a, int n, int k)
    {
        SymmetricInput.Validate(a, n, k);
        if (k == 0)
        {
            return ([], []);
        }

        var evd = Matrix<double>.Build.Dense(n, n, a).Evd(Symmetricity.Symmetric);
        var order = new int[n];
        var keys = new double[n];
        for (var i = 0; i < n; i++)
        {
            order[i] = i;
            keys[i] = -evd.EigenValues[i].Real;
        }

        Array.Sort(keys, order);
        var values = new double[k];
        var vectors = new double[(long)n * k];
        var v = evd.EigenVectors;
        for (var j = 0; j < k; j++)
        {
            values[j] = -keys[j];
            var column = v.Column(order[j]);
            for (var i = 0; i < n; i++)
            {
                vectors[((long)j * n) + i] = column[i];
            }
        }

        return (values, vectors);
    }

    /// <summary>
    /// All eigenvalues and the <paramref name="k"/> largest eigenpairs from ONE MathNet managed EVD.
    /// <paramref name="a"/> is not modified.
    /// </summary>
    /// <inheritdoc cref="ISymmetricEigenSolver.EigenvaluesAndTopEigenpairs"/>
    public (double[] AllAscending, double[] TopValues, double[] TopVectors) EigenvaluesAndTopEigenpairs(
        double[] a, int n, int k)
    {
        SymmetricInput.Validate(a, n, k);
        var evd = Matrix<double>.Build.Dense(n, n, a).Evd(Symmetricity.Symmetric);
        var all = new double[n];
        var order = new int[n];
        for (var i = 0; i < n; i++)
        {
            all[i] = evd.EigenValues[i].Real;
            order[i] = i;
        }

        Array.Sort(all, order);
        var values = new double[k];
        var vectors = new double[(long)n * k];
        var v = evd.EigenVectors;
        for (var j = 0; j < k; j++)
        {
            values[j] = all[n - 1 - j];
            var column = v.Column(order[n - 1 - j]);
            for (var i = 0; i < n; i++)
            {
                vectors[((long)j * n) + i] = column[i];
            }
        }

        return (all, values, vectors);
    }
}
