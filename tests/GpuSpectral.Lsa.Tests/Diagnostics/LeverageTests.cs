using GpuSpectral.Lsa.Diagnostics;

namespace GpuSpectral.Lsa.Tests.Diagnostics;

public class LeverageTests
{
    [Fact]
    public void Scores_of_an_orthonormal_basis_sum_to_K_and_coherence_is_bounded()
    {
        // Columns: e0 and (e1 + e2 + e3)/√3 in R⁴: leverage 1, 1/3, 1/3, 1/3.
        var s3 = 1 / Math.Sqrt(3);
        double[] basis = [1, 0, 0, 0, 0, s3, s3, s3];
        var scores = Leverage.Scores(basis, 4, 2);
        Assert.Equal(2.0, scores.Sum(), 1e-15);
        Assert.Equal(1.0, scores[0]);
        Assert.All(scores[1..], v => Assert.Equal(1.0 / 3, v, 1e-15));
        Assert.Equal(2.0, Leverage.Coherence(scores, 2), 1e-15);
        Assert.Equal([0, 1], Leverage.Top(scores, 2));
        Assert.Equal(1.0, Leverage.Scores(basis, 4, 1).Sum());
        Assert.True(double.IsNaN(Leverage.Coherence(scores, 0)));
        Assert.Throws<ArgumentException>(() => Leverage.Scores(basis, 4, 3));
    }
}
