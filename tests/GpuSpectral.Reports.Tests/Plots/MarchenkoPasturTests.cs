using System.Runtime.CompilerServices;
using System.Text.Json;
using GpuSpectral.Reports.Plots;
using GpuSpectral.TestSupport;

namespace GpuSpectral.Reports.Tests.Plots;

/// <summary>
/// The MP and quarter-circle densities against Plots/Reference/mp_density.json, written by mp_density.py (Debian's
/// /usr/bin/python3, numpy + scipy.integrate.quad) from the closed forms of weightwatcher-spec.md §b.5, and their
/// masses by an independent quadrature here.
/// </summary>
public sealed class MarchenkoPasturTests
{
    /// <summary>Same closed form in float64, evaluated in a different operation order: a few ulps apart.</summary>
    private const double PointRelative = 1e-12;

    /// <summary>
    /// Mass by the midpoint rule after x = a + (b − a)(1 − cos θ)/2, which turns the square-root edges (and the 1/√x
    /// pole of Q = 1) into a smooth periodic integrand: the error falls far below h² ≈ 2.5e-9 at 20 000 points, so
    /// 1e-6 fails any wrong normalisation (a missing Q or σ² factor is off by ≥ 10 %) but not the quadrature.
    /// </summary>
    private const double MassTolerance = 1e-6;

    private const int QuadraturePoints = 20_000;

    private static JsonElement Reference([CallerFilePath] string source = "") =>
        JsonDocument.Parse(File.ReadAllText(Path.Combine(Path.GetDirectoryName(source)!, "Reference", "mp_density.json")))
            .RootElement;

    [Fact]
    public void MpDensityMatchesTheClosedFormReference()
    {
        var cases = Reference().GetProperty("mp").EnumerateArray().ToArray();
        Assert.Equal(5, cases.Length);
        foreach (var c in cases)
        {
            var (sigma, q) = (c.GetProperty("sigma").GetDouble(), c.GetProperty("q").GetDouble());
            var (lo, hi) = MarchenkoPastur.BulkEdges(sigma, q);
            Assert.True(Tolerances.Close(lo, c.GetProperty("lower").GetDouble(), PointRelative, 1e-15), $"λ⁻ σ={sigma} Q={q}");
            Assert.True(Tolerances.Close(hi, c.GetProperty("upper").GetDouble(), PointRelative), $"λ⁺ σ={sigma} Q={q}");
            foreach (var p in c.GetProperty("points").EnumerateArray())
            {
                var (x, expected) = (p[0].GetDouble(), p[1].GetDouble());
                var actual = MarchenkoPastur.Density(x, sigma, q);
                Assert.True(Tolerances.Close(actual, expected, PointRelative), $"ρ({x}) σ={sigma} Q={q}: {actual} vs {expected}");
            }
        }
    }

    [Fact]
    public void QuarterCircleMatchesTheClosedFormReference()
    {
        foreach (var c in Reference().GetProperty("quarter_circle").EnumerateArray())
        {
            var sigma = c.GetProperty("sigma").GetDouble();
            foreach (var p in c.GetProperty("points").EnumerateArray())
            {
                var (s, expected) = (p[0].GetDouble(), p[1].GetDouble());
                var actual = MarchenkoPastur.QuarterCircleDensity(s, sigma);
                Assert.True(Tolerances.Close(actual, expected, PointRelative), $"ρ({s}) σ={sigma}: {actual} vs {expected}");
            }
        }
    }

    [Fact]
    public void MpDensityIntegratesToOneOverItsSupport()
    {
        // Q ≥ 1: mass 1 (scipy's quad gives the same in the reference file); Q < 1: the continuous part holds Q.
        foreach (var c in Reference().GetProperty("mp").EnumerateArray())
        {
            var (sigma, q) = (c.GetProperty("sigma").GetDouble(), c.GetProperty("q").GetDouble());
            var (a, b) = MarchenkoPastur.BulkEdges(sigma, q);
            var mass = Integrate(a, b, x => MarchenkoPastur.Density(x, sigma, q));
            var expected = c.GetProperty("mass").GetDouble();
            Assert.True(Math.Abs(expected - Math.Min(q, 1)) < MassTolerance, $"reference mass {expected} for Q={q}");
            Assert.True(Math.Abs(mass - expected) < MassTolerance, $"σ={sigma} Q={q}: mass {mass}, expected {expected}");
        }
    }

    [Theory]
    [InlineData(1.0)]
    [InlineData(0.7)]
    [InlineData(1.6)]
    public void QuarterCircleIntegratesToOne(double sigma)
    {
        var mass = Integrate(0, 2 * sigma, s => MarchenkoPastur.QuarterCircleDensity(s, sigma));
        Assert.True(Math.Abs(mass - 1) < MassTolerance, $"σ={sigma}: mass {mass}");
    }

    [Fact]
    public void InvalidParametersGiveNaNAndOutsideTheSupportIsZero()
    {
        Assert.True(double.IsNaN(MarchenkoPastur.Density(1, double.NaN, 2)));
        Assert.True(double.IsNaN(MarchenkoPastur.Density(1, 1, 0)));
        Assert.True(double.IsNaN(MarchenkoPastur.Density(double.NaN, 1, 2)));
        Assert.True(double.IsNaN(MarchenkoPastur.QuarterCircleDensity(1, -1)));
        Assert.True(double.IsNaN(MarchenkoPastur.BulkEdges(0, 2).Upper));
        Assert.Equal(0, MarchenkoPastur.Density(100, 1, 2));
        Assert.Equal(0, MarchenkoPastur.Density(0, 1, 1));
        Assert.Equal(0, MarchenkoPastur.QuarterCircleDensity(2.5, 1));
    }

    [Fact]
    public void RescaleGivesMeanOneAndWeightWatchersStartingSigma()
    {
        var (x, f) = MarchenkoPastur.Rescale([1, 2, 3, double.NaN, 6]);
        Assert.Equal([1 / 3.0, 2 / 3.0, 1, 2], x, (u, v) => Math.Abs(u - v) < 1e-15);
        Assert.Equal(4 / 12.0, f, 15);
        Assert.Empty(MarchenkoPastur.Rescale([]).Rescaled);
        Assert.True(double.IsNaN(MarchenkoPastur.Rescale([0, 0]).Factor));

        // calc_sigma: √(λmax/(1 + 1/√Q)²); Q = 4: √(2.25/1.5²) = 1 exactly.
        Assert.Equal(1.0, MarchenkoPastur.SigmaFromLargest(2.25, 4), 15);
        Assert.True(double.IsNaN(MarchenkoPastur.SigmaFromLargest(double.NaN, 4)));
    }

    private static double Integrate(double a, double b, Func<double, double> f)
    {
        var h = Math.PI / QuadraturePoints;
        double sum = 0;
        for (var i = 0; i < QuadraturePoints; i++)
        {
            var t = (i + 0.5) * h;
            var x = a + ((b - a) * (1 - Math.Cos(t)) / 2);
            sum += f(x) * ((b - a) / 2) * Math.Sin(t);
        }

        return sum * h;
    }
}
