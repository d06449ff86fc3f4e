using GpuSpectral.Compute;
using GpuSpectral.Engine.Compare;
using GpuSpectral.TestSupport;

namespace GpuSpectral.Engine.Tests.Compare;

/// <summary>A checkpoint compared with itself: every ΔW is exactly zero.</summary>
public sealed class SelfCompareTests
{
    [Fact]
    public void MixedFixtureWithItselfHasZeroDistancesAndFailedFits()
    {
        var path = SharedData.Fixture("mixed.safetensors");
        var backend = EigenBackends.Create(EigenBackendKind.Managed, null);
        var report = new Comparer(backend).Compare(path, path, new CompareOptions());
        // mixed holds 8 analysable layers (fixtures README: ids 1–4, 7 = conv1d, 8–10); the two 1-D norms are skipped.
        Assert.Equal(8, report.Rows.Count);
        Assert.Equal(2, report.Skipped.Count);
        foreach (var row in report.Rows)
        {
            Assert.Equal(0.0, row.Distances.Raw);
            Assert.Equal(0.0, row.Distances.Euclidean);
            // CKA of W with itself is 1 (up to round-off).
            Assert.True(Tolerances.Close(row.Distances.Cka, 1.0, DistanceMathTests.DistanceRelative), $"{row.Distances.Cka}");

            // A zero ΔW has no spectrum to fit: the row is kept, the fit fails cleanly, norms are 0 / log -inf.
            Assert.Equal("failed", row.Delta.Status);
            Assert.Contains("above the threshold", row.Delta.StatusReason, StringComparison.Ordinal);
            Assert.True(double.IsNaN(row.Delta.Alpha));
            Assert.Equal(0.0, row.Delta.Norm);
            Assert.Equal(double.NegativeInfinity, row.Delta.LogNorm);
            Assert.All(row.Delta.Evals, v => Assert.Equal(0.0, v));
        }
    }
}
