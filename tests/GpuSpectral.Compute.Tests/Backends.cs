using GpuSpectral.Compute.Cpu;
using GpuSpectral.Compute.Interop;

namespace GpuSpectral.Compute.Tests;

/// <summary>Backend lookup for theories. LAPACK must load here (CI installs it): a missing library fails the test.</summary>
internal static class Backends
{
    public static TheoryData<string> Names => new() { "lapack", "managed" };

    public static IEigenBackend Get(string name) => name switch
    {
        "lapack" => Lapack(SyevDriver.Dsyevd),
        "managed" => new ManagedEigenBackend(),
        _ => throw new ArgumentOutOfRangeException(nameof(name), name, null),
    };

    public static LapackEigenBackend Lapack(SyevDriver driver)
    {
        if (!LapackEigenBackend.TryCreate(driver, out var backend, out var reason))
        {
            Assert.Fail($"LAPACK backend ({driver}) must load in the test environment: {reason}");
        }

        return backend!;
    }
}
