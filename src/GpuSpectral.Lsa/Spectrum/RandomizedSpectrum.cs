using System.Globalization;
using GpuSpectral.Lsa.Results;
using GpuSpectral.Lsa.Sparse;
using MathNet.Numerics.LinearAlgebra;

namespace GpuSpectral.Lsa.Spectrum;

/// <summary>
/// Top-k singular values of a sparse X by the Halko–Martinsson–Tropp randomized range finder (2011, Alg. 4.4).
/// </summary>
/// <remarks>
/// With l = k + p columns: Ω (terms × l) i.i.d. N(0,1) from <see cref="Random"/>(seed); Y = XΩ, Q = qr(Y); then q times
/// Z = qr(XᵀQ), Q = qr(XZ); finally Bᵀ = XᵀQ and the eigen-decomposition of the l×l matrix BBᵀ = (XᵀQ)ᵀ(XᵀQ)
/// (MathNet symmetric EVD) gives σ² and U = Q·W. Every qr is a thin modified Gram–Schmidt run twice
/// ("twice is enough"); a column whose norm falls below 1e-13 of its norm before projection (rank deficiency) is
/// set to zero. Sparse products are float64, parallel over rows. Memory: O((docs + terms)·l) doubles.
/// The error of λⱼ decays like (σ_{l+1}/σⱼ)^(2(2q+1)); it is not bounded a priori, so the result is flagged inexact.
/// </remarks>
public static class RandomizedSpectrum
{
    /// <summary>Runs the range finder on <paramref name="x"/> (documents × terms).</summary>
    /// <param name="x">The sparse matrix.</param>
    /// <param name="k">Number of singular values wanted (1 ≤ k ≤ min(rows, columns)).</param>
    /// <param name="oversampling">Extra columns p (≥ 0); l = min(k + p, min(rows, columns)).</param>
    /// <param name="powerIterations">q ≥ 0.</param>
    /// <param name="seed">Seed of the Gaussian test matrix.</param>
    /// <returns>The spectrum (Exact = false, the top k eigenvalues of XᵀX ascending, Trace = ‖X‖²_F) and the top-k
    /// pairs in document space (U, largest first).</returns>
    /// <exception cref="ArgumentOutOfRangeException">k, p or q out of range.</exception>
    public static (LsaSpectrum Spectrum, GramEigenpairs Pairs) Compute(
        CsrMatrix x, int k, int oversampling = 10, int powerIterations = 2, int seed = 0)
    {
        var dim = Math.Min(x.Rows, x.Columns);
        ArgumentOutOfRangeException.ThrowIfLessThan(k, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(k, dim);
        ArgumentOutOfRangeException.ThrowIfNegative(oversampling);
        ArgumentOutOfRangeException.ThrowIfNegative(powerIterations);
        var l = Math.Min(k + oversampling, dim);
        var xt = SparseOps.Transpose(x);

        var omega = Gaussian(x.Columns, l, seed);
        var q = Orthonormalize(SparseOps.Multiply(x, omega, l), x.Rows, l);
        for (var it = 0; it < powerIterations; it++)
        {
            var z = Orthonormalize(SparseOps.Multiply(xt, q, l), x.Columns, l);
            q = Orthonormalize(SparseOps.Multiply(x, z, l), x.Rows, l);
        }

        var bt = SparseOps.Multiply(xt, q, l); // terms × l = Bᵀ
        var small = new double[l * l];
        for (var r = 0; r < x.Columns; r++)
        {
            var row = bt.AsSpan(r * l, l);
            for (var i = 0; i < l; i++)
            {
                for (var j = i; j < l; j++)
                {
                    small[(i * l) + j] += row[i] * row[j];
                }
            }
        }

        for (var i = 0; i < l; i++)
        {
            for (var j = 0; j < i; j++)
            {
                small[(i * l) + j] = small[(j * l) + i];
            }
        }

        var evd = Matrix<double>.Build.Dense(l, l, small).Evd(Symmetricity.Symmetric);
        var order = Enumerable.Range(0, l).OrderByDescending(i => evd.EigenValues[i].Real).Take(k).ToArray();
        var values = order.Select(i => Math.Max(evd.EigenValues[i].Real, 0.0)).ToArray();
        var u = new double[(long)x.Rows * k];
        for (var j = 0; j < k; j++)
        {
            var w = evd.EigenVectors.Column(order[j]);
            for (var r = 0; r < x.Rows; r++)
            {
                var s = 0.0;
                for (var c = 0; c < l; c++)
                {
                    s += q[(r * l) + c] * w[c];
                }

                u[((long)j * x.Rows) + r] = s;
            }
        }

        var ascending = values.Reverse().ToArray();
        var spectrum = new LsaSpectrum
        {
            Eigenvalues = ascending,
            Exact = false,
            Backend = "randomized",
            Method = string.Create(CultureInfo.InvariantCulture,
                $"randomized range finder k={k}, p={l - k}, q={powerIterations}, seed={seed} (top {k} of {dim})"),
            Dimension = dim,
            Trace = SparseOps.SquaredNorm(x),
        };
        return (spectrum, new GramEigenpairs(values, u, x.Rows, GramSide.Documents));
    }

    /// <summary>Row-major rows × cols i.i.d. N(0,1) (Box–Muller).</summary>
    private static double[] Gaussian(int rows, int cols, int seed)
    {
        var rng = new Random(seed);
        var a = new double[(long)rows * cols];
        for (var i = 0; i < a.Length; i += 2)
        {
            var u1 = 1.0 - rng.NextDouble();
            var u2 = rng.NextDouble();
            var r = Math.Sqrt(-2.0 * Math.Log(u1));
            a[i] = r * Math.Cos(2 * Math.PI * u2);
            if (i + 1 < a.Length)
            {
                a[i + 1] = r * Math.Sin(2 * Math.PI * u2);
            }
        }

        return a;
    }

    /// <summary>Orthonormal basis of the columns of the row-major m×l block (MGS twice); returns row-major m×l.</summary>
    internal static double[] Orthonormalize(double[] block, int m, int l)
    {
        var cols = new double[l][];
        for (var j = 0; j < l; j++)
        {
            var c = new double[m];
            for (var r = 0; r < m; r++)
            {
                c[r] = block[(r * l) + j];
            }

            cols[j] = c;
        }

        for (var j = 0; j < l; j++)
        {
            var v = cols[j];
            var before = Norm(v);
            for (var pass = 0; pass < 2; pass++)
            {
                for (var i = 0; i < j; i++)
                {
                    var qi = cols[i];
                    var dot = 0.0;
                    for (var r = 0; r < m; r++)
                    {
                        dot += qi[r] * v[r];
                    }

                    for (var r = 0; r < m; r++)
                    {
                        v[r] -= dot * qi[r];
                    }
                }
            }

            var norm = Norm(v);
            var scale = norm > 1e-13 * before && norm > 0 ? 1.0 / norm : 0.0;
            for (var r = 0; r < m; r++)
            {
                v[r] *= scale;
            }
        }

        var result = new double[(long)m * l];
        for (var j = 0; j < l; j++)
        {
            for (var r = 0; r < m; r++)
            {
                result[(r * l) + j] = cols[j][r];
            }
        }

        return result;
    }

    private static double Norm(double[] v)
    {
        var s = 0.0;
        foreach (var e in v)
        {
            s += e * e;
        }

        return Math.Sqrt(s);
    }
}
