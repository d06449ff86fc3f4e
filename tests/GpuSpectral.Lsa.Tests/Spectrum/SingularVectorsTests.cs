using GpuSpectral.Compute;
using GpuSpectral.Lsa.Spectrum;

namespace GpuSpectral.Lsa.Tests.Spectrum;

public class SingularVectorsTests
{
    [Theory]
    [InlineData(60, 150)]
    [InlineData(150, 60)]
    public void Left_and_right_vectors_are_orthonormal_and_satisfy_Xv_eq_sigma_u(int rows, int cols)
    {
        var x = TestSparse.Random(rows, cols, 0.1, seed: 4);
        var gram = SparseGram.Compute(x);
        var pairs = ExactSpectrum.TopEigenpairs(gram, ExactSpectrum.CreateSolver(EigenBackendKind.Lapack, 1, null), 8);
        var u = SingularVectors.Left(x, pairs, 8);
        var v = SingularVectors.Right(x, pairs, 8);
        var d = TestSparse.Dense(x);
        for (var j = 0; j < 8; j++)
        {
            var sigma = Math.Sqrt(pairs.Values[j]);
            for (var r = 0; r < rows; r++)
            {
                var s = 0.0;
                for (var c = 0; c < cols; c++)
                {
                    s += d[(r * cols) + c] * v[(j * cols) + c];
                }

                Assert.Equal(sigma * u[(j * rows) + r], s, 1e-12);
            }

            for (var l = 0; l <= j; l++)
            {
                Assert.Equal(l == j ? 1 : 0, Dot(u, j, l, rows), 1e-12);
                Assert.Equal(l == j ? 1 : 0, Dot(v, j, l, cols), 1e-12);
            }
        }
    }

    private static double Dot(double[] a, int j, int l, int n)
    {
        var s = 0.0;
        for (var i = 0; i < n; i++)
        {
            s += a[(j * n) + i] * a[(l * n) + i];
        }

        return s;
    }
}
