using System.Diagnostics;
using GpuSpectral.Kernels.Jacobi;
using ILGPU.Runtime;
using Xunit.Abstractions;

namespace GpuSpectral.Kernels.Tests.Jacobi;

/// <summary>Batched device Jacobi (CPU accelerator) against LAPACK dsyevd in float64.</summary>
[Collection(KernelAcceleratorGroup.Name)]
public sealed class BatchedJacobiSolverTests(KernelAcceleratorFixture fixture, ITestOutputHelper output)
{
    private const string AllKinds = "random,diagonal,tridiagonal,repeated,zero,rank1,spread";

    // The emulator needs ~0.6 s per n=33 matrix and 1.5–3 s per n=64 matrix (loaded machine), so the larger orders
    // run fewer kinds.
    [Theory]
    [InlineData(1, AllKinds)]
    [InlineData(2, AllKinds)]
    [InlineData(3, AllKinds)]
    [InlineData(5, AllKinds)]
    [InlineData(17, AllKinds)]
    [InlineData(33, "random,repeated,spread")]
    [InlineData(64, "random")]
    public void One_batch_of_several_kinds_matches_lapack_matrix_by_matrix(int n, string kindList)
    {
        var kinds = kindList.Split(',');
        var mats = kinds.Select((k, i) => SymmetricTestMatrices.Make(k, n, seed: 100 + i)).ToArray();
        var (values, ms) = Run(new BatchedJacobiSolver(), mats, n);
        output.WriteLine($"n={n}, batch={mats.Length}: {ms:F0} ms on the CPU accelerator");
        for (var b = 0; b < mats.Length; b++)
        {
            var expected = fixture.Lapack.Eigenvalues((double[])mats[b].Clone(), n);
            var tol = EigenAssert.Tolerance(n, SymmetricTestMatrices.Frobenius(mats[b]));
            var worst = EigenAssert.Close(expected, values[b], tol, $"{kinds[b]} n={n}");
            output.WriteLine($"  {kinds[b]}: worst |Δ| = {worst:E2} (tol {tol:E2})");
        }
    }

    [Fact]
    public void The_batch_tests_above_run_the_shared_memory_path()
    {
        // Default settings stage the matrix in shared memory whenever it fits; on the emulator it does up to n = 64,
        // so the batch theory covers the shared path and the next test forces the global one.
        Assert.True(BatchedJacobiSolver.FitsInSharedMemory(fixture.Accelerator, 64));
    }

    [Fact]
    public void Global_memory_path_matches_lapack()
    {
        const int n = 17;
        var mats = new[] { SymmetricTestMatrices.Make("random", n, 7), SymmetricTestMatrices.Make("spread", n, 8) };
        var (values, _) = Run(new BatchedJacobiSolver { StageInSharedMemory = false }, mats, n);
        for (var b = 0; b < mats.Length; b++)
        {
            var expected = fixture.Lapack.Eigenvalues((double[])mats[b].Clone(), n);
            EigenAssert.Close(expected, values[b], EigenAssert.Tolerance(n, SymmetricTestMatrices.Frobenius(mats[b])),
                $"global b={b}");
        }
    }

    [Fact]
    public void Eigenvectors_are_orthonormal_and_diagonalize_the_matrix()
    {
        const int n = 17;
        var a = SymmetricTestMatrices.Make("random", n, 11);
        using var buffer = fixture.Accelerator.Allocate1D((double[])a.Clone());
        var result = new BatchedJacobiSolver().Solve(fixture.Accelerator, buffer.View, n, 1, wantVectors: true)[0];
        Assert.Equal(JacobiOutcome.Converged, result.Outcome);
        output.WriteLine($"n={n} random: {result.Sweeps} sweeps");
        Assert.InRange(result.Sweeps, 3, 15); // quadratic convergence: ~6–10 sweeps in fp64 for n ≤ 128 (§5.1)
        var v = result.Vectors!;
        var norm = SymmetricTestMatrices.Frobenius(a);

        // ‖VᵀV − I‖ and ‖A·v_j − λ_j·v_j‖ are both O(n·u) for an accumulated product of rotations (Demmel–Veselić).
        for (var i = 0; i < n; i++)
        {
            for (var j = 0; j < n; j++)
            {
                var dot = 0.0;
                var residual = 0.0;
                for (var k = 0; k < n; k++)
                {
                    dot += v[(i * n) + k] * v[(j * n) + k];
                    residual += a[(j * n) + k] * v[(i * n) + k];
                }

                residual -= result.Values[i] * v[(i * n) + j];
                Assert.True(Math.Abs(dot - (i == j ? 1 : 0)) <= EigenAssert.Tolerance(n, 1.0), $"VᵀV[{i},{j}] = {dot}");
                Assert.True(Math.Abs(residual) <= EigenAssert.Tolerance(n, norm), $"(Av−λv)[{j}] of vector {i} = {residual}");
            }
        }
    }

    [Fact]
    public void Float32_variant_matches_lapack_within_the_single_precision_bound()
    {
        // Rounding the input to float32 (‖E‖ ≤ u₃₂·‖A‖_F) plus a backward-stable float32 solve: the same 16·n bound
        // with u₃₂ = 2⁻²⁴ in place of 2⁻⁵³.
        const int n = 17;
        const double u32 = 5.9604644775390625e-8;
        var kinds = new[] { "random", "spread", "repeated" };
        var mats = kinds.Select((k, i) => SymmetricTestMatrices.Make(k, n, seed: 60 + i)).ToArray();
        using var buffer = fixture.Accelerator.Allocate1D(mats.SelectMany(m => m).Select(x => (float)x).ToArray());
        var results = new BatchedJacobiSolver().SolveSingle(fixture.Accelerator, buffer.View, n, mats.Length, false);
        for (var b = 0; b < mats.Length; b++)
        {
            Assert.Equal(JacobiOutcome.Converged, results[b].Outcome);
            var tol = EigenAssert.BackwardStableFactor * n * u32 * SymmetricTestMatrices.Frobenius(mats[b]);
            var worst = EigenAssert.Close(fixture.Lapack.Eigenvalues((double[])mats[b].Clone(), n), results[b].Values,
                tol, $"float32 {kinds[b]}");
            output.WriteLine($"float32 {kinds[b]}: worst |Δ| = {worst:E2} (tol {tol:E2}), {results[b].Sweeps} sweeps");
        }
    }

    [Fact]
    public void Non_finite_input_gives_NaN_for_that_matrix_only()
    {
        const int n = 5;
        var good = SymmetricTestMatrices.Make("random", n, 3);
        var bad = SymmetricTestMatrices.Make("random", n, 4);
        bad[7] = double.NaN;
        var inf = SymmetricTestMatrices.Make("random", n, 5);
        inf[0] = double.PositiveInfinity;
        using var buffer = fixture.Accelerator.Allocate1D(good.Concat(bad).Concat(inf).ToArray());
        var results = new BatchedJacobiSolver().Solve(fixture.Accelerator, buffer.View, n, 3, wantVectors: false);
        Assert.Equal(JacobiOutcome.Converged, results[0].Outcome);
        Assert.Equal(JacobiOutcome.NotFinite, results[1].Outcome);
        Assert.Equal(JacobiOutcome.NotFinite, results[2].Outcome);
        Assert.All(results[1].Values, x => Assert.True(double.IsNaN(x)));
        Assert.All(results[2].Values, x => Assert.True(double.IsNaN(x)));
        EigenAssert.Close(fixture.Lapack.Eigenvalues(good, n), results[0].Values,
            EigenAssert.Tolerance(n, SymmetricTestMatrices.Frobenius(good)), "neighbour of NaN");
    }

    [Fact]
    public void Sweep_cap_is_reported_as_non_convergence_with_NaN()
    {
        const int n = 17;
        var a = SymmetricTestMatrices.Make("random", n, 9);
        using var buffer = fixture.Accelerator.Allocate1D(a);
        var result = new BatchedJacobiSolver { MaxSweeps = 1 }.Solve(fixture.Accelerator, buffer.View, n, 1, false)[0];
        Assert.Equal(JacobiOutcome.NotConverged, result.Outcome);
        Assert.All(result.Values, x => Assert.True(double.IsNaN(x)));
    }

    [Theory]
    [InlineData(2)]
    [InlineData(6)]
    [InlineData(10)]
    public void Round_robin_rounds_cover_every_pair_once_with_disjoint_pairs(int players)
    {
        var seen = new HashSet<(int, int)>();
        for (var round = 0; round < players - 1; round++)
        {
            var used = new HashSet<int>();
            for (var k = 0; k < players / 2; k++)
            {
                RoundRobin.Pair(round, k, players, out var p, out var q);
                Assert.True(p < q);
                Assert.True(used.Add(p) && used.Add(q), $"round {round} reuses an index");
                Assert.True(seen.Add((p, q)), $"pair ({p},{q}) twice");
            }
        }

        Assert.Equal(players * (players - 1) / 2, seen.Count);
    }

    private (double[][] Values, double Ms) Run(BatchedJacobiSolver solver, double[][] mats, int n)
    {
        using var buffer = fixture.Accelerator.Allocate1D(mats.SelectMany(m => m).ToArray());
        var sw = Stopwatch.StartNew();
        var values = solver.Eigenvalues(fixture.Accelerator, buffer.View, n, mats.Length);
        return (values, sw.Elapsed.TotalMilliseconds);
    }
}
