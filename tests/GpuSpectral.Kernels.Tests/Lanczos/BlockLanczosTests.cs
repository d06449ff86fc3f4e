using System.Diagnostics;
using GpuSpectral.Kernels.Lanczos;
using GpuSpectral.Kernels.Tests.Jacobi;
using ILGPU.Runtime;
using Xunit.Abstractions;

namespace GpuSpectral.Kernels.Tests.Lanczos;

/// <summary>Device block Lanczos (CPU accelerator) against the top of LAPACK dsyevd's spectrum in float64.</summary>
[Collection(KernelAcceleratorGroup.Name)]
public sealed class BlockLanczosTests(KernelAcceleratorFixture fixture, ITestOutputHelper output)
{
    [Theory]
    [InlineData("random", 33, 4)]
    [InlineData("spread", 64, 5)]
    [InlineData("repeated", 33, 4)]
    [InlineData("rank1", 64, 3)]
    [InlineData("zero", 33, 3)]
    [InlineData("diagonal", 33, 4)]
    [InlineData("tridiagonal", 33, 4)]
    [InlineData("random", 17, 3)]
    [InlineData("random", 5, 2)]
    [InlineData("random", 2, 2)]
    [InlineData("random", 1, 1)]
    public void Top_k_match_lapack_within_the_residual_bound(string kind, int n, int k)
    {
        var a = SymmetricTestMatrices.Make(kind, n, seed: 300 + n);
        using var buffer = fixture.Accelerator.Allocate1D(a);
        var sw = Stopwatch.StartNew();

        // The basis may grow to n (then the result is exact); the point is that it stops as soon as all k converge.
        var options = new BlockLanczosOptions { MaxBasis = n };
        var result = BlockLanczos.TopEigenvalues(fixture.Accelerator, buffer.View, n, k, seed: 5, options);
        output.WriteLine($"{kind} n={n} k={k}: {sw.Elapsed.TotalMilliseconds:F0} ms, basis {result.BasisSize}, " +
                         $"{result.Steps} block products, converged {result.ConvergedCount}");
        Assert.True(result.AllConverged, $"only {result.ConvergedCount} of {k} converged");

        // Ascending LAPACK spectrum, largest k reversed. A Ritz value with residual r lies within r of an eigenvalue
        // (Kahan–Parlett); with every wanted value converged the i-th largest matches the i-th largest eigenvalue.
        // LAPACK's own error adds the backward-stable bound of EigenAssert.Tolerance.
        var all = fixture.Lapack.Eigenvalues((double[])a.Clone(), n);
        var frobenius = SymmetricTestMatrices.Frobenius(a);
        for (var i = 0; i < k; i++)
        {
            var expected = all[n - 1 - i];
            var tol = result.ResidualNorms[i] + EigenAssert.Tolerance(n, frobenius);
            var err = Math.Abs(result.Values[i] - expected);
            Assert.True(err <= tol, $"{kind}: θ[{i}] = {result.Values[i]:R}, LAPACK {expected:R}, |Δ| {err:E3} > {tol:E3}");
            Assert.True(result.ResidualNorms[i] <= 1e-10 * result.NormEstimate, "converged means residual ≤ tol·‖A‖");
        }
    }

    [Fact]
    public void A_quickly_decaying_spectrum_converges_long_before_the_basis_is_full()
    {
        // Eigenvalues 10^(−12·i/63): each step gains a factor ~0.65 per eigenvalue, so k = 5 needs only a few blocks.
        const int n = 64;
        var a = SymmetricTestMatrices.Make("spread", n, 21);
        using var buffer = fixture.Accelerator.Allocate1D(a);
        var result = BlockLanczos.TopEigenvalues(fixture.Accelerator, buffer.View, n, 5, seed: 2,
            new BlockLanczosOptions { MaxBasis = n });
        Assert.True(result.AllConverged);
        Assert.True(result.BasisSize <= n / 2, $"basis {result.BasisSize}");
    }

    [Fact]
    public void A_too_small_basis_reports_fewer_converged_values_and_lower_bounds()
    {
        const int n = 64;
        const int k = 5;
        var a = SymmetricTestMatrices.Make("random", n, 77);
        using var buffer = fixture.Accelerator.Allocate1D(a);
        var options = new BlockLanczosOptions { BlockSize = 2, MaxBasis = 8 };
        var result = BlockLanczos.TopEigenvalues(fixture.Accelerator, buffer.View, n, k, seed: 1, options);
        Assert.False(result.AllConverged);
        Assert.True(result.ConvergedCount < k);
        Assert.Equal(8, result.BasisSize);

        // Cauchy interlacing: the i-th largest Ritz value never exceeds the i-th largest eigenvalue.
        var all = fixture.Lapack.Eigenvalues((double[])a.Clone(), n);
        for (var i = 0; i < k; i++)
        {
            Assert.True(result.Values[i] <= all[n - 1 - i] + EigenAssert.Tolerance(n, SymmetricTestMatrices.Frobenius(a)));
        }

        Assert.True(result.ResidualNorms[result.ConvergedCount] > 1e-10 * result.NormEstimate);
    }

    [Fact]
    public void Same_seed_gives_bitwise_the_same_values()
    {
        const int n = 33;
        var a = SymmetricTestMatrices.Make("random", n, 12);
        using var buffer = fixture.Accelerator.Allocate1D(a);
        var first = BlockLanczos.TopEigenvalues(fixture.Accelerator, buffer.View, n, 3, seed: 9);
        var second = BlockLanczos.TopEigenvalues(fixture.Accelerator, buffer.View, n, 3, seed: 9);
        Assert.Equal(first.Values, second.Values);
    }

    [Fact]
    public void Non_finite_input_gives_NaN_and_nothing_converged()
    {
        const int n = 9;
        var a = SymmetricTestMatrices.Make("random", n, 13);
        a[10] = double.NaN;
        using var buffer = fixture.Accelerator.Allocate1D(a);
        var result = BlockLanczos.TopEigenvalues(fixture.Accelerator, buffer.View, n, 2, seed: 3);
        Assert.Equal(0, result.ConvergedCount);
        Assert.All(result.Values, x => Assert.True(double.IsNaN(x)));
    }
}
