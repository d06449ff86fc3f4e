using GpuSpectral.Kernels.Reduce;
using ILGPU.Runtime;

namespace GpuSpectral.Kernels.Tests.Reduce;

/// <summary>The device finite-value reduction against a host loop (exact: max and counts do not round).</summary>
[Collection(KernelAcceleratorGroup.Name)]
public sealed class ReduceKernelTests(KernelAcceleratorFixture fixture)
{
    private readonly Accelerator accelerator = fixture.Accelerator;

    [Theory]
    [InlineData(1, 0)]
    [InlineData(15, 0)]
    [InlineData(1000, 3)]
    [InlineData(20000, 7)] // more elements than groups × threads: the grid-stride loop
    public void Max_abs_and_non_finite_count_match_a_host_loop(int length, int nonFinite)
    {
        var rng = new Random(length);
        var x = new double[length];
        for (var i = 0; i < length; i++)
        {
            x[i] = (rng.NextDouble() - 0.5) * 1e3;
        }

        double[] specials = [double.NaN, double.PositiveInfinity, double.NegativeInfinity];
        for (var s = 0; s < nonFinite; s++)
        {
            x[rng.Next(length)] = specials[s % 3];
        }

        var expectedCount = x.Count(v => !double.IsFinite(v));
        var expectedMax = x.Where(double.IsFinite).Select(Math.Abs).DefaultIfEmpty(0.0).Max();
        using var buffer = accelerator.Allocate1D(x);
        var (max, count) = ReduceLauncher.For(accelerator).MaxAbsAndNonFinite(buffer.View);
        Assert.Equal(expectedCount, count);
        Assert.Equal(expectedMax, max);
    }

    [Fact]
    public void An_empty_view_gives_zero()
    {
        using var buffer = accelerator.Allocate1D<double>(0);
        Assert.Equal((0.0, 0L), ReduceLauncher.For(accelerator).MaxAbsAndNonFinite(buffer.View));
    }
}
