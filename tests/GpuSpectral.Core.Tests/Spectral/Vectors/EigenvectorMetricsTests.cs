using GpuSpectral.Core.Spectral.Vectors;
using GpuSpectral.TestSupport;

namespace GpuSpectral.Core.Tests.Spectral.Vectors;

/// <summary>
/// Per-vector metrics against numpy (vectors_detx_reference.py) and against hand-computed values.
/// </summary>
public sealed class EigenvectorMetricsTests
{
    /// <summary>Histogram densities: numpy's and ours use the same edges (i·step + first) and the same bin rule, so
    /// counts match exactly; the densities differ at most by the ulps of the mean (numpy sums pairwise, we sum in
    /// order), which shifts every edge by ~1e-16 and the width by the same relative amount.</summary>
    private const double DensityRelative = 1e-12;

    /// <summary>Entropy and norm ratios: a sum of ≤ 300 terms, each within a few ulps of numpy's.</summary>
    private const double MetricRelative = 1e-12;

    /// <summary>Entropy, absolute: −Σ p ln p over 100 bins; for a bin with p ≈ 1 − 1e-10 the term p ln p keeps only
    /// ~6 significant digits (ln of a number within 1e-10 of 1), so near-zero entropies (2.8e-9 for a flat vector)
    /// agree to ~100 ulp(1) ≈ 2e-14 in absolute terms, not relatively.</summary>
    private const double EntropyAbsolute = 1e-13;

    [Theory]
    [MemberData(nameof(VectorsDetXReference.VectorNames), MemberType = typeof(VectorsDetXReference))]
    public void HistogramMatchesNumpy(string name)
    {
        var reference = VectorsDetXReference.Vector(name);
        var v = VectorsDetXReference.Doubles(reference.GetProperty("v"));
        var mean = v.Select(Math.Abs).Average();
        var u = v.Select(x => Math.Abs(x) - mean).ToArray();
        var expected = VectorsDetXReference.Doubles(reference.GetProperty("density"));

        var actual = DensityHistogram.Density(u, 100);

        Assert.Equal(expected.Length, actual.Length);
        for (var i = 0; i < expected.Length; i++)
        {
            Assert.True(Tolerances.Close(actual[i], expected[i], DensityRelative), $"{name} bin {i}: {actual[i]} vs {expected[i]}");
        }
    }

    [Theory]
    [MemberData(nameof(VectorsDetXReference.VectorNames), MemberType = typeof(VectorsDetXReference))]
    public void MetricsMatchNumpy(string name)
    {
        var reference = VectorsDetXReference.Vector(name);
        var v = VectorsDetXReference.Doubles(reference.GetProperty("v"));

        var entropy = EigenvectorMetrics.DiscreteEntropy(v);
        var expectedEntropy = reference.GetProperty("entropy").GetDouble();
        Assert.True(Tolerances.Close(entropy, expectedEntropy, MetricRelative, EntropyAbsolute), $"{name}: {entropy} vs {expectedEntropy}");
        AssertClose(reference.GetProperty("localization_ratio").GetDouble(), EigenvectorMetrics.LocalizationRatio(v), name);
        AssertClose(reference.GetProperty("participation_ratio").GetDouble(), EigenvectorMetrics.ParticipationRatio(v), name);
    }

    [Fact]
    public void HandCheckedRatios()
    {
        // One-hot: ‖v‖₁ = ‖v‖∞ = 1, ‖v‖₂ = ‖v‖₄ = 1.
        double[] oneHot = [0, 0, -1, 0];
        Assert.Equal(1.0, EigenvectorMetrics.LocalizationRatio(oneHot));
        Assert.Equal(1.0, EigenvectorMetrics.ParticipationRatio(oneHot));

        // Flat 16-vector ±1/4: ‖v‖₁ = 4, ‖v‖∞ = 1/4 → 16; ‖v‖₂ = 1, ‖v‖₄ = (16/256)^¼ = 1/2 → 2 = 16^¼.
        var flat = Enumerable.Range(0, 16).Select(i => i % 3 == 0 ? -0.25 : 0.25).ToArray();
        Assert.Equal(16.0, EigenvectorMetrics.LocalizationRatio(flat), 12);
        Assert.Equal(2.0, EigenvectorMetrics.ParticipationRatio(flat), 12);

        // Sign does not matter.
        Assert.Equal(EigenvectorMetrics.DiscreteEntropy(flat), EigenvectorMetrics.DiscreteEntropy(flat.Select(x => -x).ToArray()));
    }

    [Fact]
    public void EntropyOfFlatVectorIsTheEpsilonFloor()
    {
        // |v| all equal → u = 0 everywhere → numpy's range becomes [−0.5, 0.5] and every value lands in bin 50 with
        // density 1/0.01 = 100; the other 99 bins hold 1e-10. p₅₀ = (100 + 1e-10)/(100 + 100e-10), pᵢ = 1e-10/(same):
        // H = −p₅₀ ln p₅₀ − 99·pᵢ ln pᵢ.
        var v = Enumerable.Repeat(0.25, 16).ToArray();
        var total = 100 + (100 * 1e-10);
        var p50 = (100 + 1e-10) / total;
        var pi = 1e-10 / total;
        var expected = (-p50 * Math.Log(p50)) - (99 * pi * Math.Log(pi));

        Assert.True(Tolerances.Close(EigenvectorMetrics.DiscreteEntropy(v), expected, 0, EntropyAbsolute));
    }

    [Fact]
    public void HistogramRangeEdgeCases()
    {
        // Single value → [x − 0.5, x + 0.5]; the value sits at the middle edge (bin 2 of 4, width 0.25).
        var one = DensityHistogram.Density([3.0], 4);
        Assert.Equal(new[] { 0.0, 0.0, 4.0, 0.0 }, one);

        // The maximum falls in the last (closed) bin; [0, 1, 2] over 2 bins of width 1: {0} and {1, 2}.
        var closed = DensityHistogram.Density([0.0, 1.0, 2.0], 2);
        Assert.Equal(new[] { 1.0 / 3.0, 2.0 / 3.0 }, closed);

        Assert.Throws<ArgumentException>(() => DensityHistogram.Density([1.0, double.NaN], 10));
    }

    private static void AssertClose(double expected, double actual, string what) =>
        Assert.True(Tolerances.Close(actual, expected, MetricRelative), $"{what}: {actual} vs {expected}");
}
