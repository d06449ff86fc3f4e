using GpuSpectral.Kernels.Gram;
using GpuSpectral.TestSupport;
using ILGPU.Runtime;

namespace GpuSpectral.Kernels.Tests.Gram;

/// <summary>The tiled device Gram against a plain float64 triple loop over the same orientation.</summary>
[Collection(KernelAcceleratorGroup.Name)]
public sealed class GramKernelTests(KernelAcceleratorFixture fixture)
{
    /// <summary>
    /// Entry error bound as a multiple of depth·u·‖a_i‖‖a_j‖ (u = unit round-off of the accumulation): the standard
    /// dot-product bound is depth·u·Σ|a_ki||a_kj| ≤ depth·u·‖a_i‖‖a_j‖ (Higham, Accuracy and Stability, §3.1). On the
    /// CPU accelerator the summation order equals the loop's (k ascending), so float64 agrees bit for bit there; the
    /// bound leaves room for FMA contraction on a GPU.
    /// </summary>
    private const double DotProductBoundFactor = 1.0;

    private readonly Accelerator accelerator = fixture.Accelerator;

    [Theory]
    [InlineData(1, 1)]
    [InlineData(2, 3)]
    [InlineData(3, 2)]
    [InlineData(17, 5)]
    [InlineData(5, 17)]
    [InlineData(33, 65)]
    [InlineData(65, 33)]
    public void Float64_gram_matches_a_float64_loop(int rows, int cols)
    {
        var w = SeededMatrices.Gaussian(rows, cols, seed: (rows * 100) + cols);
        var expected = ReferenceGram(w, rows, cols, out var norms);
        using var wBuffer = accelerator.Allocate1D(w);
        var n = Math.Min(rows, cols);
        using var x = accelerator.Allocate1D<double>(n * n);
        GramLauncher.For(accelerator).Float64(wBuffer.View, rows, cols, x.View);
        accelerator.Synchronize();
        AssertWithinBound(expected, x.GetAsArray1D(), norms, Math.Max(rows, cols) * Math.Pow(2, -53));
    }

    [Theory]
    [InlineData(17, 5)]
    [InlineData(33, 65)]
    public void Float32_gram_matches_the_float64_loop_within_the_float32_bound(int rows, int cols)
    {
        var w = SeededMatrices.Gaussian(rows, cols, seed: 7 + rows);
        var w32 = Array.ConvertAll(w, v => (float)v);
        var expected = ReferenceGram(Array.ConvertAll(w32, v => (double)v), rows, cols, out var norms);
        using var wBuffer = accelerator.Allocate1D(w32);
        var n = Math.Min(rows, cols);
        using var x = accelerator.Allocate1D<double>(n * n);
        GramLauncher.For(accelerator).Float32(wBuffer.View, rows, cols, x.View);
        accelerator.Synchronize();
        var actual = x.GetAsArray1D();
        AssertWithinBound(expected, actual, norms, Math.Max(rows, cols) * Math.Pow(2, -24));
        Assert.True(actual.Zip(expected).Any(p => p.First != p.Second), "float32 accumulation should round somewhere");
    }

    [Fact]
    public void Each_launcher_is_compiled_once_per_accelerator()
    {
        Assert.Same(GramLauncher.For(accelerator), GramLauncher.For(accelerator));
        Assert.Same(Kernels.Convert.ConvertLauncher.For(accelerator), Kernels.Convert.ConvertLauncher.For(accelerator));
        Assert.Same(Kernels.KsScan.KsScanLauncher.For(accelerator), Kernels.KsScan.KsScanLauncher.For(accelerator));
        Assert.Same(Kernels.Reduce.ReduceLauncher.For(accelerator), Kernels.Reduce.ReduceLauncher.For(accelerator));
    }

    [Fact]
    public void Tile_edge_fits_the_group_size()
    {
        Assert.Equal(16, GramLauncher.TileFor(1024));
        Assert.Equal(4, GramLauncher.TileFor(16));
        Assert.Equal(8, GramLauncher.TileFor(64));
        Assert.Equal(1, GramLauncher.TileFor(1));
        // The largest power-of-two edge whose square fits a group: 4 on the default CPU device (groups of 16),
        // 16 on CUDA (groups of 1024).
        var expected = accelerator.MaxNumThreadsPerGroup >= 256 ? 16 : accelerator.MaxNumThreadsPerGroup >= 64 ? 8 : 4;
        Assert.Equal(expected, GramLauncher.For(accelerator).Tile);
    }

    [Fact]
    public void Wrong_sizes_are_rejected_with_a_message()
    {
        var launcher = GramLauncher.For(accelerator);
        using var w = accelerator.Allocate1D<double>(6);
        using var x = accelerator.Allocate1D<double>(4);
        var e = Assert.Throws<ArgumentException>(() => launcher.Float64(w.View, 3, 3, x.View));
        Assert.Contains("needs 9 elements, the view holds 6", e.Message, StringComparison.Ordinal);
        using var x9 = accelerator.Allocate1D<double>(9);
        e = Assert.Throws<ArgumentException>(() => launcher.Float64(w.View, 2, 3, x9.View));
        Assert.Contains("is 2×2 (4 elements), the output view holds 9", e.Message, StringComparison.Ordinal);
        e = Assert.Throws<ArgumentException>(() => launcher.Float64(w.View, 0, 6, x.View));
        Assert.Contains("at least 1×1", e.Message, StringComparison.Ordinal);
    }

    /// <summary>Smaller-side Gram by the definition, and the norm of each Gram index's vector.</summary>
    private static double[] ReferenceGram(double[] w, int rows, int cols, out double[] norms)
    {
        var tall = cols <= rows;
        var n = Math.Min(rows, cols);
        var depth = Math.Max(rows, cols);
        double A(int k, int i) => tall ? w[(k * cols) + i] : w[(i * cols) + k];
        var x = new double[n * n];
        norms = new double[n];
        for (var i = 0; i < n; i++)
        {
            for (var j = 0; j < n; j++)
            {
                var s = 0.0;
                for (var k = 0; k < depth; k++)
                {
                    s += A(k, i) * A(k, j);
                }

                x[(i * n) + j] = s;
            }

            norms[i] = Math.Sqrt(x[(i * n) + i]);
        }

        return x;
    }

    private static void AssertWithinBound(double[] expected, double[] actual, double[] norms, double unitBound)
    {
        var n = norms.Length;
        Assert.Equal(n * n, actual.Length);
        for (var i = 0; i < n; i++)
        {
            for (var j = 0; j < n; j++)
            {
                var bound = DotProductBoundFactor * unitBound * norms[i] * norms[j];
                var diff = Math.Abs(actual[(i * n) + j] - expected[(i * n) + j]);
                Assert.True(diff <= bound, $"X[{i},{j}] = {actual[(i * n) + j]:R}, expected {expected[(i * n) + j]:R}");
            }
        }
    }
}
