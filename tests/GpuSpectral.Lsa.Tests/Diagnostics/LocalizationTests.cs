using GpuSpectral.Compute;
using GpuSpectral.Lsa.Diagnostics;
using GpuSpectral.Lsa.Spectrum;
using GpuSpectral.Lsa.Tests.Spectrum;

namespace GpuSpectral.Lsa.Tests.Diagnostics;

public class LocalizationTests
{
    [Fact]
    public void Ratio_of_simple_vectors()
    {
        Assert.Equal(4.0, Localization.Ratio([0.5, -0.5, 0.5, 0.5]));
        Assert.Equal(1.0, Localization.Ratio([0, -2, 0]));
        Assert.Equal(2.5, Localization.Ratio([1, 1, -0.5]));
        Assert.True(double.IsNaN(Localization.Ratio([0, 0])));
        Assert.True(double.IsNaN(Localization.Ratio([])));
        Assert.Equal(2000, Localization.DefaultCount(12006));
        Assert.Equal(300, Localization.DefaultCount(300));
    }

    [Theory]
    [InlineData(80, 200)]
    [InlineData(200, 80)]
    public void Ratios_from_either_gram_side_equal_those_of_the_dense_right_singular_vectors(int rows, int cols)
    {
        var x = TestSparse.Random(rows, cols, 0.1, seed: 21);
        var pairs = ExactSpectrum.TopEigenpairs(SparseGram.Compute(x),
            ExactSpectrum.CreateSolver(EigenBackendKind.Lapack, 1, null), 12);
        var ratios = Localization.Ratios(x, pairs, 12);
        var svd = MathNet.Numerics.LinearAlgebra.Matrix<double>.Build
            .DenseOfRowMajor(rows, cols, TestSparse.Dense(x)).Svd(computeVectors: true);
        for (var j = 0; j < 12; j++)
        {
            var v = svd.VT.Row(j).ToArray();
            Assert.Equal(Localization.Ratio(v), ratios[j], 1e-8 * ratios[j]);
        }

        var block = SingularVectors.Right(x, pairs, 12);
        Assert.Equal(ratios, Localization.Ratios(block, cols, 12));
    }
}
