using ILGPU;
using ILGPU.Runtime;

namespace GpuSpectral.Kernels.Lanczos;

/// <summary>
/// Orthonormalizes a new block against the basis and within itself: classical Gram–Schmidt against Q done twice
/// ("twice is enough", two GEMMs), then SVQB (eigen-decomposition of the small Gram matrix ZᵀZ = UΛUᵀ on the host,
/// Z ← Z·U·Λ^−½), the whole repeated once more. Directions whose norm after projection is at or below the
/// deflation threshold (the block has become rank deficient: an invariant subspace was found) are replaced by seeded
/// random vectors, which the next pass orthogonalizes; the basis thus always grows by full blocks.
/// </summary>
internal sealed class BlockOrthonormalizer(
    Accelerator accelerator, LanczosKernels kernels, int n, ArrayView<double> q, ArrayView<double> z,
    ArrayView<double> z2, Random random)
{
    private const int MaxPasses = 5;

    /// <summary>After the first pass the columns are unit vectors; a direction this short after re-projection is
    /// numerically inside span(Q).</summary>
    private const double UnitDropThreshold = 1e-8;

    /// <summary>
    /// Orthonormalizes the first <paramref name="width"/> columns of the scratch block against Q[:, :m] and writes
    /// the <paramref name="take"/> strongest orthonormal directions into Q[:, m : m + take].
    /// </summary>
    /// <returns>How many directions were replaced by random vectors.</returns>
    public int Run(int m, int width, int take, double dropBelow)
    {
        var current = z;
        var other = z2;
        var w = width;
        var replaced = 0;
        for (var pass = 0; pass < MaxPasses; pass++)
        {
            for (var twice = 0; twice < 2 && m > 0; twice++)
            {
                var h = Inner(q, m, current, w);
                using var hBuffer = accelerator.Allocate1D(h);
                kernels.Gemm(new Index2D(n, w), q, hBuffer.View.AsContiguous(), current, n, m, w, -1.0, 1.0);
            }

            var g = Inner(current, w, current, w);
            var (lambda, u) = HostSymmetricJacobi.Solve(Symmetrized(g, w), w);
            var threshold = pass == 0 ? dropBelow : UnitDropThreshold;
            var coefficients = new double[w * take];
            var dropped = new List<int>();
            for (var t = 0; t < take; t++)
            {
                var idx = w - 1 - t;
                var sigma = Math.Sqrt(Math.Max(lambda[idx], 0.0));
                if (!(sigma > threshold))
                {
                    dropped.Add(t);
                    continue;
                }

                for (var i = 0; i < w; i++)
                {
                    coefficients[(i * take) + t] = u[(i * w) + idx] / sigma;
                }
            }

            using (var mBuffer = accelerator.Allocate1D(coefficients))
            {
                kernels.Gemm(new Index2D(n, take), current, mBuffer.View.AsContiguous(), other, n, w, take, 1.0, 0.0);
            }

            foreach (var t in dropped)
            {
                other.SubView((long)t * n, n).CopyFromCPU(RandomUnit(n, random));
            }

            accelerator.Synchronize();
            replaced += dropped.Count;
            (current, other) = (other, current);
            w = take;
            if (pass >= 1 && dropped.Count == 0)
            {
                q.SubView((long)m * n, (long)take * n).CopyFrom(current.SubView(0, (long)take * n));
                accelerator.Synchronize();
                return replaced;
            }
        }

        throw new InvalidOperationException("Block Lanczos could not orthonormalize a block (the basis may be full).");
    }

    /// <summary>Unit vector with i.i.d. N(0,1) components before normalization (Box–Muller).</summary>
    public static double[] RandomUnit(int n, Random random)
    {
        var v = new double[n];
        var norm = 0.0;
        for (var i = 0; i < n; i++)
        {
            var u1 = 1.0 - random.NextDouble();
            var u2 = random.NextDouble();
            v[i] = Math.Sqrt(-2.0 * Math.Log(u1)) * Math.Cos(2.0 * Math.PI * u2);
            norm += v[i] * v[i];
        }

        norm = Math.Sqrt(norm);
        for (var i = 0; i < n; i++)
        {
            v[i] /= norm;
        }

        return v;
    }

    /// <summary>XᵀY (p×q, row-major) of the first p columns of X and q columns of Y, on the device.</summary>
    public double[] Inner(ArrayView<double> x, int p, ArrayView<double> y, int qCols)
    {
        using var h = accelerator.Allocate1D<double>((long)p * qCols);
        kernels.Inner(new Index2D(p, qCols), x, y, h.View.AsContiguous(), n, qCols);
        accelerator.Synchronize();
        return h.GetAsArray1D();
    }

    /// <summary>(G + Gᵀ)/2 of a w×w row-major matrix.</summary>
    public static double[] Symmetrized(double[] g, int w)
    {
        var s = new double[w * w];
        for (var i = 0; i < w; i++)
        {
            for (var j = 0; j < w; j++)
            {
                s[(i * w) + j] = 0.5 * (g[(i * w) + j] + g[(j * w) + i]);
            }
        }

        return s;
    }
}
