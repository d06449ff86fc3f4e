using GpuSpectral.Lsa.Spectrum;

namespace GpuSpectral.Lsa.Tests.Spectrum;

public class SparseGramTests
{
    [Theory]
    [InlineData(30, 70)]
    [InlineData(70, 30)]
    [InlineData(1, 5)]
    public void Gram_of_the_smaller_side_matches_the_dense_product_and_is_exactly_symmetric(int rows, int cols)
    {
        var x = TestSparse.Random(rows, cols, 0.2, seed: rows + cols);
        var g = SparseGram.Compute(x);
        var n = Math.Min(rows, cols);
        Assert.Equal(n, g.Order);
        Assert.Equal(rows <= cols ? GramSide.Documents : GramSide.Terms, g.Side);
        var d = TestSparse.Dense(x);
        for (var i = 0; i < n; i++)
        {
            for (var j = 0; j < n; j++)
            {
                var s = 0.0;
                for (var k = 0; k < Math.Max(rows, cols); k++)
                {
                    s += rows <= cols ? d[(i * cols) + k] * d[(j * cols) + k] : d[(k * cols) + i] * d[(k * cols) + j];
                }

                Assert.Equal(s, g.Values[(i * n) + j], 1e-13);
                Assert.Equal(g.Values[(j * n) + i], g.Values[(i * n) + j]);
            }
        }

        Assert.Equal(x.Values.Sum(v => v * v), g.Trace(), 1e-12);
        Assert.Equal(8L * n * n, SparseGram.Bytes(x));
    }
}
