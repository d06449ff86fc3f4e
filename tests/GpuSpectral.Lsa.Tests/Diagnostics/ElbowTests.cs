using GpuSpectral.Lsa.Diagnostics;

namespace GpuSpectral.Lsa.Tests.Diagnostics;

public class ElbowTests
{
    /// <summary>Piecewise linear through (1, y1), (knee, yk), (n, yn).</summary>
    private static double[] Broken(int n, int knee, double y1, double yk, double yn) =>
        Enumerable.Range(1, n).Select(i => i <= knee
            ? y1 + ((yk - y1) * (i - 1) / (knee - 1))
            : yk + ((yn - yk) * (i - knee) / (n - knee))).ToArray();

    [Theory]
    [InlineData(100, 10)]
    [InlineData(500, 37)]
    public void Decreasing_convex_curve_has_its_knee_at_the_break(int n, int knee)
    {
        Assert.Equal(knee, Elbow.Kneedle(Broken(n, knee, 1.0, 0.1, 0.0)));
    }

    [Fact]
    public void Increasing_concave_curve_has_its_knee_at_the_break()
    {
        Assert.Equal(20, Elbow.Kneedle(Broken(100, 20, 5.0, 90.0, 100.0)));
    }

    [Fact]
    public void A_dip_below_the_chord_does_not_win_on_an_increasing_curve()
    {
        var y = Broken(200, 40, 0, 80, 100);
        for (var i = 180; i < 195; i++)
        {
            y[i] = 5; // a deep dip near the end: farther from the chord than the knee, but on the other side
        }

        Assert.Equal(40, Elbow.Kneedle(y));
    }

    [Fact]
    public void Exponential_decay_knee_matches_the_closed_form()
    {
        // y = exp(−x/τ) on x̂ ∈ [0, 1]: |ŷ − chord| is largest where dŷ/dx̂ = chord slope ≈ −1,
        // i.e. x̂* = τ·ln(1/τ) for small τ (the curve endpoints are ≈ 1 and ≈ 0).
        const int n = 1001;
        const double tau = 0.05;
        var y = Enumerable.Range(0, n).Select(i => Math.Exp(-(i / (n - 1.0)) / tau)).ToArray();
        var expected = (int)Math.Round(tau * Math.Log(1 / tau) * (n - 1)) + 1;
        Assert.InRange(Elbow.Kneedle(y), expected - 1, expected + 1);
    }

    [Fact]
    public void Smoothing_recovers_the_knee_of_a_noisy_curve()
    {
        var rng = new Random(3);
        var y = Broken(2000, 150, 50, 900, 1000).Select(v => v + (150 * (rng.NextDouble() - 0.5))).ToArray();
        Assert.InRange(Elbow.OfLocalization(y), 130, 170);
    }

    [Fact]
    public void Degenerate_curves()
    {
        Assert.Equal(0, Elbow.Kneedle([]));
        Assert.Equal(2, Elbow.Kneedle([3, 1]));
        Assert.Equal(4, Elbow.Kneedle([1, 1, 1, 1]));
        Assert.Equal(2, Elbow.Kneedle([1, 0.1, double.NaN, 0.05, 0]));
        Assert.Equal([1.5, 2, 2.5], Elbow.Smooth([1, 2, 3], 1));
        Assert.Equal(3, Elbow.DefaultHalfWidth(300));
    }

    [Fact]
    public void Explained_variance_is_descending_and_divided_by_the_trace()
    {
        var ev = Elbow.ExplainedVariance([1, -1e-16, 3, 2], 10);
        Assert.Equal([0.3, 0.2, 0.1, 0.0], ev);
    }
}
