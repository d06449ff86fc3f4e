using GpuSpectral.Core.Spectral.Vectors;

namespace GpuSpectral.Core.Tests.Spectral.Vectors;

/// <summary>The bulk/tail split and numpy's mean / population variance, on hand-checkable numbers.</summary>
public sealed class VectorSummaryTests
{
    private static readonly EigenvectorSpectrum Spectrum = new()
    {
        Eigenvalues = [0.5, 3.0, 1.0, 2.0],
        LocalizationRatios = [1, 5, 3, 7],
        ParticipationRatios = [2, 2, 4, 4],
        Entropies = [0.1, 0.2, 0.3, 0.4],
    };

    [Fact]
    public void SplitsAtXminWithTailInclusive()
    {
        // xmin = 2: bulk = {0.5, 1.0} (indices 0, 2), tail = {3.0, 2.0} (λ ≥ xmin, indices 1, 3).
        var s = VectorSummary.Summarize(Spectrum, 2.0);

        Assert.Equal(2.0, s.BulkMeanLocalization);        // (1 + 3)/2
        Assert.Equal(1.0, s.BulkVarLocalization);         // ((1−2)² + (3−2)²)/2: population variance, not /1
        Assert.Equal(6.0, s.TailMeanLocalization);        // (5 + 7)/2
        Assert.Equal(1.0, s.TailVarLocalization);
        Assert.Equal(3.0, s.BulkMeanParticipation);       // (2 + 4)/2
        Assert.Equal(1.0, s.BulkVarParticipation);
        Assert.Equal(3.0, s.TailMeanParticipation);
        Assert.Equal(0.2, s.BulkMeanEntropy, 15);         // (0.1 + 0.3)/2
        Assert.Equal(0.3, s.TailMeanEntropy, 15);         // (0.2 + 0.4)/2
        Assert.Equal(0.01, s.TailVarEntropy, 15);
    }

    [Fact]
    public void TailCountSplitEqualsTheXminSplit()
    {
        // The 2 largest eigenvalues (3.0, 2.0) are exactly {λ ≥ 2}.
        Assert.Equal(VectorSummary.Summarize(Spectrum, 2.0), VectorSummary.SummarizeByTailCount(Spectrum, 2));
        // Round-off case: xmin = 2.0000000000000004 (one ulp above the eigenvalue 2.0) drops that pair from the
        // tail, the count does not.
        Assert.Equal(5.0, VectorSummary.Summarize(Spectrum, 2.0000000000000004).TailMeanLocalization);
        Assert.Equal(6.0, VectorSummary.SummarizeByTailCount(Spectrum, 2).TailMeanLocalization);
        Assert.True(double.IsNaN(VectorSummary.SummarizeByTailCount(Spectrum, 0).TailMeanEntropy));
        Assert.Throws<ArgumentOutOfRangeException>(() => VectorSummary.SummarizeByTailCount(Spectrum, 5));
    }

    [Fact]
    public void EmptySideIsNaN()
    {
        // WeightWatcher's failed fit has xmin = −1: everything is tail, the bulk columns are NaN (np.mean([])).
        var s = VectorSummary.Summarize(Spectrum, -1);

        Assert.True(double.IsNaN(s.BulkMeanEntropy));
        Assert.True(double.IsNaN(s.BulkVarParticipation));
        Assert.Equal(4.0, s.TailMeanLocalization);
        Assert.Equal(12, s.Columns().Count);
        Assert.Equal(6, s.Columns().Count(c => double.IsNaN(c.Value)));
    }

    [Fact]
    public void ColumnNamesAreWeightWatchers()
    {
        var names = VectorSummary.Summarize(Spectrum, 2.0).Columns().Select(c => c.Name).ToHashSet();
        foreach (var side in new[] { "bulk", "tail" })
        {
            foreach (var stat in new[] { "mean", "var" })
            {
                foreach (var metric in new[] { "vec_entropy", "loc_ratio", "part_ratio" })
                {
                    Assert.Contains($"{side}_{stat}_{metric}", names);
                }
            }
        }
    }

    [Fact]
    public void FromEigenpairsKeepsPairsAligned()
    {
        // Two 2-vectors, column-major: e₁ (localized) for λ = 5 and (1, 1)/√2 (spread) for λ = 1.
        var r = Math.Sqrt(0.5);
        var spectrum = EigenvectorSpectrum.FromEigenpairs([5.0, 1.0], [1, 0, r, r], 2);

        Assert.Equal(new[] { 5.0, 1.0 }, spectrum.Eigenvalues);
        Assert.Equal(1.0, spectrum.LocalizationRatios[0]);
        Assert.Equal(2.0, spectrum.LocalizationRatios[1], 14);
        Assert.Equal(Math.Pow(2, 0.25), spectrum.ParticipationRatios[1], 14);

        var both = EigenvectorSpectrum.Concat([spectrum, spectrum]);
        Assert.Equal(4, both.Count);
        Assert.Equal(both.LocalizationRatios[0], both.LocalizationRatios[2]);
        Assert.Throws<ArgumentException>(() => EigenvectorSpectrum.FromEigenpairs([1.0], [1, 0, 0], 2));
    }
}
