using System.Runtime.CompilerServices;
using ILGPU;
using ILGPU.Runtime;

namespace GpuSpectral.Kernels.Jacobi;

/// <summary>
/// Batched two-sided cyclic Jacobi on the device: many symmetric n×n float64 matrices of equal order in one launch,
/// one thread group per matrix (gpu-eigensolvers.md §5.1). Intended for n ≤ 512; the matrix is staged in shared
/// memory when it fits (fp64 n ≤ ~76 within 48 KB) and rotated in place in global memory otherwise.
/// </summary>
/// <remarks>
/// Accuracy: each sweep is backward stable (orthogonal rotations), and the stop test ‖off(A)‖_F ≤ tol·‖A‖_F bounds the
/// error of the diagonal as eigenvalues by tol·‖A‖_F (Weyl), so the absolute error is ≲ (tol + c·n·u)·‖A‖_F.
/// NaN behaviour: a matrix with NaN or ±∞ gets all-NaN eigenvalues (<see cref="JacobiOutcome.NotFinite"/>); one
/// that does not converge within <see cref="MaxSweeps"/> also gets NaN (<see cref="JacobiOutcome.NotConverged"/>).
/// Other matrices of the batch are unaffected.
/// </remarks>
public sealed class BatchedJacobiSolver : IDeviceSymmetricEigenSolver
{
    private static readonly ConditionalWeakTable<Accelerator, Action<KernelConfig, ArrayView<double>, ArrayView<double>,
        ArrayView<double>, ArrayView<int>, int, int, double, int, int>> Kernels = new();

    /// <summary>Sweep cap (default 30; fp64 needs ~6–12 sweeps for n ≤ 512).</summary>
    public int MaxSweeps { get; init; } = 30;

    /// <summary>
    /// Relative stop tolerance on ‖off(A)‖_F/‖A‖_F; 0 (default) means 4·n·u (u = 2⁻⁵³), the rounding floor that the
    /// off-diagonal norm reaches after the last quadratically convergent sweep.
    /// </summary>
    public double Tolerance { get; init; }

    /// <summary>Stage each matrix in dynamic shared memory when it fits (default true). False forces the global
    /// memory path (used by tests to cover both).</summary>
    public bool StageInSharedMemory { get; init; } = true;

    /// <inheritdoc />
    public double[][] Eigenvalues(Accelerator accelerator, ArrayView1D<double, Stride1D.Dense> matrices, int n, int count)
        => Array.ConvertAll(Solve(accelerator, matrices, n, count, wantVectors: false), r => r.Values);

    /// <summary>Eigenvalues (ascending) and optionally eigenvectors of each matrix, with a per-matrix status.</summary>
    /// <param name="accelerator">The accelerator that owns <paramref name="matrices"/>.</param>
    /// <param name="matrices">count·n² float64 values, row-major, matrix b at offset b·n². Overwritten unless staged in
    /// shared memory. Both triangles must be filled (exactly symmetric).</param>
    /// <param name="n">Order of each matrix, ≥ 1.</param>
    /// <param name="count">Number of matrices, ≥ 1.</param>
    /// <param name="wantVectors">Also accumulate the eigenvectors (count·n² more device doubles).</param>
    /// <returns>One <see cref="JacobiResult"/> per matrix.</returns>
    public JacobiResult[] Solve(
        Accelerator accelerator, ArrayView1D<double, Stride1D.Dense> matrices, int n, int count, bool wantVectors)
    {
        ArgumentNullException.ThrowIfNull(accelerator);
        ArgumentOutOfRangeException.ThrowIfLessThan(n, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        var nn = (long)n * n;
        if (matrices.Length < nn * count)
        {
            throw new ArgumentException($"{count} matrices of order {n} need {nn * count} values; the view holds {matrices.Length}.",
                nameof(matrices));
        }

        var kernel = Kernels.GetValue(accelerator,
            acc => acc.LoadStreamKernel<ArrayView<double>, ArrayView<double>, ArrayView<double>, ArrayView<int>, int, int,
                double, int, int>(JacobiKernel.Run));
        var group = GroupSize(accelerator, n);
        var scalars = JacobiKernel.SharedScalars(n, group);
        var stage = StageInSharedMemory && FitsInSharedMemory(accelerator, n);
        var tolerance = Tolerance > 0 ? Tolerance : 4.0 * n * Math.ScaleB(1.0, -53);

        using var vectors = accelerator.Allocate1D<double>(wantVectors ? nn * count : 1);
        using var diagonals = accelerator.Allocate1D<double>((long)n * count);
        using var status = accelerator.Allocate1D<int>(count);
        var config = new KernelConfig(count, group,
            SharedMemoryConfig.RequestDynamic<double>(scalars + (stage ? (int)nn : 0)));
        kernel(config, matrices.AsContiguous().SubView(0, nn * count), vectors.View.AsContiguous(),
            diagonals.View.AsContiguous(), status.View.AsContiguous(), n, MaxSweeps, tolerance, stage ? 1 : 0,
            wantVectors ? 1 : 0);
        accelerator.Synchronize();

        var d = diagonals.GetAsArray1D();
        var sweeps = status.GetAsArray1D();
        var v = wantVectors ? vectors.GetAsArray1D() : null;
        var results = new JacobiResult[count];
        for (var b = 0; b < count; b++)
        {
            results[b] = Assemble(d, v, sweeps[b], b, n);
        }

        return results;
    }

    /// <summary>True when the n×n matrix plus the per-pair scalars fit in one group's shared memory.</summary>
    internal static bool FitsInSharedMemory(Accelerator accelerator, int n) =>
        (JacobiKernel.SharedScalars(n, GroupSize(accelerator, n)) + ((long)n * n)) * sizeof(double)
        <= accelerator.MaxSharedMemoryPerGroup;

    /// <summary>Threads per group: up to 256, a multiple of the warp size, no more than there is work per round.</summary>
    internal static int GroupSize(Accelerator accelerator, int n)
    {
        var warp = Math.Max(1, accelerator.WarpSize);
        var max = Math.Min(256, accelerator.MaxNumThreadsPerGroup);
        var work = RoundRobin.Players(n) / 2 * n;
        var size = Math.Min(max, ((work + warp - 1) / warp) * warp);
        return Math.Max(Math.Min(warp, max), size - (size % warp));
    }

    private static JacobiResult Assemble(double[] d, double[]? v, int sweeps, int b, int n)
    {
        var outcome = sweeps switch
        {
            JacobiKernel.NotFinite => JacobiOutcome.NotFinite,
            JacobiKernel.NotConverged => JacobiOutcome.NotConverged,
            _ => JacobiOutcome.Converged,
        };
        if (outcome != JacobiOutcome.Converged)
        {
            var nan = new double[n];
            Array.Fill(nan, double.NaN);
            return new JacobiResult(nan, null, -1, outcome);
        }

        var values = new double[n];
        Array.Copy(d, (long)b * n, values, 0, n);
        var order = new int[n];
        for (var i = 0; i < n; i++)
        {
            order[i] = i;
        }

        Array.Sort((double[])values.Clone(), order);
        Array.Sort(values);
        double[]? vectors = null;
        if (v is not null)
        {
            vectors = new double[n * n];
            var baseOffset = (long)b * n * n;
            for (var j = 0; j < n; j++)
            {
                for (var i = 0; i < n; i++)
                {
                    vectors[(j * n) + i] = v[baseOffset + ((long)i * n) + order[j]];
                }
            }
        }

        return new JacobiResult(values, vectors, sweeps, outcome);
    }
}
