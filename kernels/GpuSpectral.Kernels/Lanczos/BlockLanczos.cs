using ILGPU;
using ILGPU.Runtime;

namespace GpuSpectral.Kernels.Lanczos;

/// <summary>
/// The k largest eigenvalues of a dense symmetric float64 matrix on the device by block Lanczos with full
/// reorthogonalization (gpu-eigensolvers.md §6.1). Every n-length operation (block products A·Q, projections,
/// Ritz vectors, residuals) runs on the device; the small projected problem runs on the host.
/// </summary>
/// <remarks>
/// Basis: Q₁ = orth(random n×b, seeded); Q_{j+1} = orth(A·Q_j − Q_{1:j}(Q_{1:j}ᵀA·Q_j)), the projection done twice
/// (<see cref="BlockOrthonormalizer"/>). Rayleigh–Ritz uses H = Q_{1:j}ᵀ(A·Q_{1:j}) from the stored products (block
/// tridiagonal up to round-off, so this equals the Lanczos T_j), and the convergence test uses TRUE residuals
/// ‖A·x − θ·x‖ = ‖(AQ)y − θ·Qy‖ computed on the device, not the ‖B_j·y_last‖ estimate. A Ritz value with residual r is
/// within r of an eigenvalue (and typically within r²/gap). When the basis reaches n the result is exact to
/// round-off. NaN behaviour: NaN or ±∞ in the matrix (seen in the first block product) gives NaN values and
/// ConvergedCount = 0.
/// </remarks>
public static class BlockLanczos
{
    /// <summary>
    /// A new direction shorter than this many n·u·‖A‖ after reorthogonalization is rounding noise: the block is
    /// rank deficient there (invariant subspace found) and the direction is replaced by a random one.
    /// </summary>
    private const double DeflationFactor = 64.0;

    /// <summary>The <paramref name="k"/> largest eigenvalues of the symmetric matrix in <paramref name="matrix"/>.</summary>
    /// <param name="accelerator">The accelerator that owns <paramref name="matrix"/>.</param>
    /// <param name="matrix">n×n float64, row-major, both triangles filled; not modified.</param>
    /// <param name="n">Order, ≥ 1.</param>
    /// <param name="k">How many eigenvalues, 1 ≤ k ≤ n.</param>
    /// <param name="seed">Seed of the random start block and of deflation replacements (same seed, same result).</param>
    /// <param name="options">Block size, basis cap, tolerance; null = defaults.</param>
    /// <returns>Values (descending), residual norms and how many converged.</returns>
    public static LanczosResult TopEigenvalues(
        Accelerator accelerator, ArrayView1D<double, Stride1D.Dense> matrix, int n, int k, int seed,
        BlockLanczosOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(accelerator);
        ArgumentOutOfRangeException.ThrowIfLessThan(n, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(k, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(k, n);
        if (matrix.Length < (long)n * n)
        {
            throw new ArgumentException($"An {n}×{n} matrix needs {(long)n * n} values; the view holds {matrix.Length}.",
                nameof(matrix));
        }

        options ??= new BlockLanczosOptions();
        var b = Math.Min(n, options.BlockSize > 0 ? options.BlockSize : Math.Max(4, Math.Min(k, 32)));
        var maxBasis = options.MaxBasis > 0 ? options.MaxBasis : Math.Max(3 * k, k + (4 * b));
        maxBasis = Math.Min(n, Math.Max(maxBasis, k + b));
        var checkEvery = Math.Max(1, options.CheckEvery);

        var kernels = LanczosKernels.For(accelerator);
        var a = matrix.AsContiguous().SubView(0, (long)n * n);
        using var qBuffer = accelerator.Allocate1D<double>((long)n * maxBasis);
        using var aqBuffer = accelerator.Allocate1D<double>((long)n * maxBasis);
        using var zBuffer = accelerator.Allocate1D<double>((long)n * b);
        using var z2Buffer = accelerator.Allocate1D<double>((long)n * b);
        var q = qBuffer.View.AsContiguous();
        var aq = aqBuffer.View.AsContiguous();
        var random = new Random(seed);
        var ortho = new BlockOrthonormalizer(accelerator, kernels, n, q, zBuffer.View.AsContiguous(),
            z2Buffer.View.AsContiguous(), random);
        var ritz = new RayleighRitz(accelerator, kernels, n, q, aq, k);

        for (var j = 0; j < b; j++)
        {
            zBuffer.View.AsContiguous().SubView((long)j * n, n).CopyFromCPU(BlockOrthonormalizer.RandomUnit(n, random));
        }

        ortho.Run(0, b, b, 0.0);
        var m = b;
        var blockStart = 0;
        var width = b;
        var steps = 0;
        var normEstimate = 0.0;
        while (true)
        {
            var qBlock = q.SubView((long)blockStart * n, (long)width * n);
            var aqBlock = aq.SubView((long)blockStart * n, (long)width * n);
            kernels.MatVec(new Index2D(n, width), a, qBlock, aqBlock, n);
            accelerator.Synchronize();
            steps++;
            var gram = ortho.Inner(aqBlock, width, aqBlock, width);
            for (var j = 0; j < width; j++)
            {
                var colNorm = Math.Sqrt(gram[(j * width) + j]);
                if (!double.IsFinite(colNorm))
                {
                    return NotFinite(k, m, steps);
                }

                normEstimate = Math.Max(normEstimate, colNorm);
            }

            var full = m >= maxBasis;
            if (m >= k && (full || steps % checkEvery == 0))
            {
                var (values, residuals) = ritz.Compute(m);
                foreach (var v in values)
                {
                    normEstimate = Math.Max(normEstimate, Math.Abs(v));
                }

                var converged = 0;
                while (converged < k && residuals[converged] <= options.Tolerance * normEstimate)
                {
                    converged++;
                }

                if (converged == k || full)
                {
                    return new LanczosResult(values, residuals, converged, m, steps, normEstimate);
                }
            }

            var take = Math.Min(b, maxBasis - m);
            zBuffer.View.AsContiguous().SubView(0, (long)width * n).CopyFrom(aqBlock);
            ortho.Run(m, width, take, DeflationFactor * n * 1.1102230246251565e-16 * normEstimate);
            blockStart = m;
            m += take;
            width = take;
        }
    }

    private static LanczosResult NotFinite(int k, int m, int steps)
    {
        var nan = new double[k];
        Array.Fill(nan, double.NaN);
        return new LanczosResult(nan, (double[])nan.Clone(), 0, m, steps, double.NaN);
    }
}
