using System.Diagnostics;
using GpuSpectral.Kernels.Dense;
using GpuSpectral.Kernels.Tests.Jacobi;
using ILGPU.Runtime;
using Xunit.Abstractions;

namespace GpuSpectral.Kernels.Tests.Dense;

/// <summary>Device Householder tridiagonalization + Sturm bisection (CPU accelerator) against LAPACK dsyevd.</summary>
[Collection(KernelAcceleratorGroup.Name)]
public sealed class DenseEigenSolverTests(KernelAcceleratorFixture fixture, ITestOutputHelper output)
{
    private const string AllKinds = "random,diagonal,tridiagonal,repeated,zero,rank1,spread";

    [Theory]
    [InlineData(1, AllKinds)]
    [InlineData(2, AllKinds)]
    [InlineData(3, AllKinds)]
    [InlineData(5, AllKinds)]
    [InlineData(17, AllKinds)]
    [InlineData(33, AllKinds)]
    [InlineData(64, AllKinds)]
    [InlineData(128, "random,spread")]
    public void One_batch_of_several_kinds_matches_lapack_matrix_by_matrix(int n, string kindList)
    {
        var kinds = kindList.Split(',');
        var mats = kinds.Select((k, i) => SymmetricTestMatrices.Make(k, n, seed: 200 + i)).ToArray();
        using var buffer = fixture.Accelerator.Allocate1D(mats.SelectMany(m => m).ToArray());
        var sw = Stopwatch.StartNew();
        var values = new DenseEigenSolver().Eigenvalues(fixture.Accelerator, buffer.View, n, mats.Length);
        output.WriteLine($"n={n}, batch={mats.Length}: {sw.Elapsed.TotalMilliseconds:F0} ms on the CPU accelerator");
        for (var b = 0; b < mats.Length; b++)
        {
            var expected = fixture.Lapack.Eigenvalues((double[])mats[b].Clone(), n);
            var tol = EigenAssert.Tolerance(n, SymmetricTestMatrices.Frobenius(mats[b]));
            var worst = EigenAssert.Close(expected, values[b], tol, $"{kinds[b]} n={n}");
            output.WriteLine($"  {kinds[b]}: worst |Δ| = {worst:E2} (tol {tol:E2})");
        }
    }

    [Fact]
    public void Split_tridiagonal_and_Wilkinson_matrices_match_lapack()
    {
        // Glued Wilkinson W21⁺ blocks (close eigenvalue pairs) with one zero coupling (a split) and one tiny one.
        const int n = 42;
        var a = new double[n * n];
        for (var i = 0; i < n; i++)
        {
            a[(i * n) + i] = Math.Abs(10 - (i % 21));
            if (i + 1 < n)
            {
                var b = i == 20 ? 0.0 : i == 30 ? 1e-14 : 1.0;
                a[(i * n) + i + 1] = b;
                a[((i + 1) * n) + i] = b;
            }
        }

        using var buffer = fixture.Accelerator.Allocate1D((double[])a.Clone());
        var values = new DenseEigenSolver().Eigenvalues(fixture.Accelerator, buffer.View, n, 1)[0];
        EigenAssert.Close(fixture.Lapack.Eigenvalues(a, n), values,
            EigenAssert.Tolerance(n, SymmetricTestMatrices.Frobenius(a)), "glued Wilkinson");
    }

    [Fact]
    public void Large_and_tiny_scales_are_handled_by_the_power_of_two_scaling()
    {
        // Entries ~1e200 would overflow ‖x‖² and b² without scaling; ~1e-200 would underflow.
        const int n = 9;
        foreach (var scale in new[] { 1e200, 1e-200 })
        {
            var a = SymmetricTestMatrices.Make("random", n, 31);
            for (var i = 0; i < a.Length; i++)
            {
                a[i] *= scale;
            }

            using var buffer = fixture.Accelerator.Allocate1D((double[])a.Clone());
            var values = new DenseEigenSolver().Eigenvalues(fixture.Accelerator, buffer.View, n, 1)[0];
            EigenAssert.Close(fixture.Lapack.Eigenvalues(a, n), values,
                EigenAssert.Tolerance(n, SymmetricTestMatrices.Frobenius(a)), $"scale {scale:E0}");
        }
    }

    [Fact]
    public void Float32_variant_matches_lapack_within_the_single_precision_bound()
    {
        // Rounding the input to float32 (‖E‖ ≤ u₃₂·‖A‖_F) plus backward-stable float32 reduction and bisection: the
        // same 16·n bound with u₃₂ = 2⁻²⁴ in place of 2⁻⁵³.
        const int n = 33;
        const double u32 = 5.9604644775390625e-8;
        var kinds = new[] { "random", "spread", "rank1" };
        var mats = kinds.Select((k, i) => SymmetricTestMatrices.Make(k, n, seed: 260 + i)).ToArray();
        using var buffer = fixture.Accelerator.Allocate1D(mats.SelectMany(m => m).Select(x => (float)x).ToArray());
        var values = DenseEigenSolver.EigenvaluesSingle(fixture.Accelerator, buffer.View, n, mats.Length);
        for (var b = 0; b < mats.Length; b++)
        {
            var tol = EigenAssert.BackwardStableFactor * n * u32 * SymmetricTestMatrices.Frobenius(mats[b]);
            var worst = EigenAssert.Close(fixture.Lapack.Eigenvalues((double[])mats[b].Clone(), n), values[b], tol,
                $"float32 {kinds[b]}");
            output.WriteLine($"float32 {kinds[b]}: worst |Δ| = {worst:E2} (tol {tol:E2})");
        }
    }

    [Fact]
    public void Non_finite_input_gives_NaN_for_that_matrix_only()
    {
        const int n = 6;
        var good = SymmetricTestMatrices.Make("random", n, 41);
        var bad = SymmetricTestMatrices.Make("random", n, 42);
        bad[(2 * n) + 3] = double.NaN;
        bad[(3 * n) + 2] = double.NaN;
        var inf = SymmetricTestMatrices.Make("random", n, 43);
        inf[0] = double.NegativeInfinity;
        using var buffer = fixture.Accelerator.Allocate1D(good.Concat(bad).Concat(inf).ToArray());
        var values = new DenseEigenSolver().Eigenvalues(fixture.Accelerator, buffer.View, n, 3);
        Assert.All(values[1], x => Assert.True(double.IsNaN(x)));
        Assert.All(values[2], x => Assert.True(double.IsNaN(x)));
        EigenAssert.Close(fixture.Lapack.Eigenvalues(good, n), values[0],
            EigenAssert.Tolerance(n, SymmetricTestMatrices.Frobenius(good)), "neighbour of NaN");
    }
}
