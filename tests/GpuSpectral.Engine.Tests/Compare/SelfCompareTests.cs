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
        Assert.NotEmpty(report.Rows);
        foreach (var row in report.Rows)
        {
            Assert.Equal(0.0, row.Distances.Raw);
            Assert.Equal(0.0, row.Distances.Euclidean);
            Assert.Equal("failed", row.Delta.Status);
        }
    }
}
