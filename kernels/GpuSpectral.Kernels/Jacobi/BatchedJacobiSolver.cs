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
        var tolerance = Tolerance > 0 ? Tolerance : 4.0 * n * Math.ScaleB(1.0, -53);
        var (d, status, v) = JacobiLauncher<double>.Run(accelerator, matrices, n, count, wantVectors, MaxSweeps,
            tolerance, StageInSharedMemory);
        return AssembleAll(d, v, status, n, count);
    }

    /// <summary>
    /// The float32 variant of <see cref="Solve"/>: same algorithm in single precision (half the shared memory, so
    /// n ≤ ~108 is staged within 48 KB). Accuracy is that of float32: absolute error ≲ c·n·2⁻²⁴·‖A‖_F, useful for
    /// λ/λmax ≳ 1e-4 (gpu-eigensolvers.md §7). The default tolerance is 4·n·2⁻²⁴. Results are widened to double.
    /// </summary>
    /// <param name="accelerator">The accelerator that owns <paramref name="matrices"/>.</param>
    /// <param name="matrices">count·n² float32 values, row-major, matrix b at offset b·n²; may be overwritten.</param>
    /// <param name="n">Order of each matrix, ≥ 1.</param>
    /// <param name="count">Number of matrices, ≥ 1.</param>
    /// <param name="wantVectors">Also accumulate the eigenvectors.</param>
    /// <returns>One <see cref="JacobiResult"/> per matrix (NaN rules as for <see cref="Solve"/>).</returns>
    public JacobiResult[] SolveSingle(
        Accelerator accelerator, ArrayView1D<float, Stride1D.Dense> matrices, int n, int count, bool wantVectors)
    {
        var tolerance = Tolerance > 0 ? (float)Tolerance : 4.0f * n * MathF.ScaleB(1.0f, -24);
        var (d, status, v) = JacobiLauncher<float>.Run(accelerator, matrices, n, count, wantVectors, MaxSweeps,
            tolerance, StageInSharedMemory);
        return AssembleAll(Array.ConvertAll(d, x => (double)x), v is null ? null : Array.ConvertAll(v, x => (double)x),
            status, n, count);
    }

    /// <summary>True when an fp64 n×n matrix plus the per-pair scalars fit in one group's shared memory.</summary>
    internal static bool FitsInSharedMemory(Accelerator accelerator, int n) =>
        JacobiLauncher<double>.FitsInSharedMemory(accelerator, n);

    private static JacobiResult[] AssembleAll(double[] d, double[]? v, int[] status, int n, int count)
    {
        var results = new JacobiResult[count];
        for (var b = 0; b < count; b++)
        {
            results[b] = Assemble(d, v, status[b], b, n);
        }

        return results;
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
