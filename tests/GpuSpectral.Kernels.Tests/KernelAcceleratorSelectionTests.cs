namespace GpuSpectral.Kernels.Tests;

/// <summary>The kernel tests ran on the accelerator the environment asked for (a GPU run cannot fall back to the
/// CPU emulator unnoticed).</summary>
[Collection(KernelAcceleratorGroup.Name)]
public sealed class KernelAcceleratorSelectionTests(KernelAcceleratorFixture fixture)
{
    [Fact]
    public void The_shared_accelerator_is_the_requested_type()
    {
        Assert.Equal(fixture.Requested, fixture.Accelerator.AcceleratorType);
    }
}
