using GpuSpectral.Compute.Cpu;
using GpuSpectral.Compute.Interop;

namespace GpuSpectral.Compute.Tests;

public sealed class DriverChoiceTests
{
    [Fact]
    public void DefaultBackendPicksTheDriverBySize()
    {
        Assert.True(LapackEigenBackend.TryCreate(out var backend, out var reason), reason);
        Assert.Null(backend!.FixedDriver);
        Assert.Equal(SyevDriver.Dsyevd, backend.DriverFor(LapackEigenBackend.TwoStageFromOrder - 1));
        // Debian's LAPACKE 3.11 exports the two-stage driver (the CI machine installs it).
        Assert.Equal(SyevDriver.Dsyevd2Stage, backend.DriverFor(LapackEigenBackend.TwoStageFromOrder));
        Assert.Contains("dsyevd_2stage", backend.Description, StringComparison.Ordinal);
    }

    [Fact]
    public void AnExplicitDriverIsKeptAtEverySize()
    {
        Assert.True(LapackEigenBackend.TryCreate(SyevDriver.Dsyevd, out var backend, out var reason), reason);
        Assert.Equal(SyevDriver.Dsyevd, backend!.DriverFor(100_000));
    }
}
