using GpuSpectral.Engine.Compare;
using GpuSpectral.TestSupport;
using static GpuSpectral.Engine.Tests.Compare.PlainReference;

namespace GpuSpectral.Engine.Tests.Compare;

/// <summary><see cref="DistanceMath"/> against the literal formulas computed with explicit products (PlainReference).</summary>
public sealed class DistanceMathTests
{
    /// <summary>
    /// Both sides are float64 sums of at most ~10⁴ products in different orders (the engine uses the Gram identities
    /// on the smaller side; the reference forms AᵀB, AᵀA and BBᵀ literally): a few hundred ulps at worst.
    /// </summary>
    internal const double DistanceRelative = 1e-12;

    [Theory]
    [InlineData(30, 12, 1)] // tall: AᵀB is 12×12
    [InlineData(9, 25, 2)] // wide: BBᵀ is the small side
    [InlineData(14, 14, 3)]
    public void CkaMatchesTheSpecFormula(int rows, int cols, int seed)
    {
        var a = SeededMatrices.Gaussian(rows, cols, seed);
        var b = SeededMatrices.Gaussian(rows, cols, seed + 100);
        // Correlate B with A so the value is not near its random-matrix mean.
        for (var i = 0; i < b.Length; i++)
        {
            b[i] = (0.7 * a[i]) + (0.3 * b[i]);
        }

        var expected = Cka(Matrix(a, rows, cols), Matrix(b, rows, cols));
        var actual = DistanceMath.Cka(a, b, rows, cols);
        Assert.True(Tolerances.Close(actual, expected, DistanceRelative), $"{actual} vs {expected}");
        Assert.InRange(actual, 0.0, 1.0);
    }

    [Fact]
    public void CkaOfAMatrixWithAMultipleOfItselfIsOne()
    {
        var a = SeededMatrices.Gaussian(20, 11, 5);
        var b = a.Select(v => -3.0 * v).ToArray();
        Assert.True(Tolerances.Close(DistanceMath.Cka(a, b, 20, 11), 1.0, DistanceRelative));
    }

    [Fact]
    public void CkaWithAZeroMatrixIsNaN()
    {
        var a = SeededMatrices.Gaussian(6, 4, 6);
        Assert.True(double.IsNaN(DistanceMath.Cka(a, new double[24], 6, 4)));
    }
}
