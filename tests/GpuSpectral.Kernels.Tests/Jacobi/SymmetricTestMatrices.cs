using GpuSpectral.TestSupport;

namespace GpuSpectral.Kernels.Tests.Jacobi;

/// <summary>Symmetric row-major n×n test matrices (both triangles filled, exactly symmetric).</summary>
internal static class SymmetricTestMatrices
{
    /// <summary>A matrix of the given kind (random, diagonal, tridiagonal, repeated, zero, rank1, spread); random ingredients from <see cref="SeededMatrices"/>.</summary>
    public static double[] Make(string kind, int n, int seed) => kind switch
    {
        // (G + Gᵀ)/2 with G i.i.d. N(0,1): a GOE-like matrix.
        "random" => Symmetrize(SeededMatrices.Gaussian(n, n, seed), n),
        "diagonal" => Diagonal(n, seed),
        "tridiagonal" => Tridiagonal(n, seed),
        // Q·diag(1,1,1,2,2,2,…)·Qᵀ: eigenvalues of multiplicity 3.
        "repeated" => WithSpectrum(n, seed, i => 1.0 + (i / 3)),
        "zero" => new double[n * n],
        "rank1" => Rank1(n, seed),
        // Q·diag(10^(−12·i/(n−1)))·Qᵀ: eigenvalues graded from 1 down to 1e-12.
        "spread" => WithSpectrum(n, seed, i => n == 1 ? 1.0 : Math.Pow(10.0, -12.0 * i / (n - 1))),
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
    };

    public static double[] Symmetrize(double[] g, int n)
    {
        var a = new double[n * n];
        for (var i = 0; i < n; i++)
        {
            for (var j = 0; j < n; j++)
            {
                a[(i * n) + j] = 0.5 * (g[(i * n) + j] + g[(j * n) + i]);
            }
        }

        return a;
    }

    /// <summary>Q·diag(λ)·Qᵀ with Q orthonormalized (modified Gram–Schmidt, twice) from a seeded Gaussian.</summary>
    public static double[] WithSpectrum(int n, int seed, Func<int, double> lambda)
    {
        var q = Orthonormal(n, seed);
        var a = new double[n * n];
        for (var i = 0; i < n; i++)
        {
            for (var j = 0; j <= i; j++)
            {
                var s = 0.0;
                for (var k = 0; k < n; k++)
                {
                    s += q[(k * n) + i] * lambda(k) * q[(k * n) + j];
                }

                a[(i * n) + j] = s;
                a[(j * n) + i] = s;
            }
        }

        return a;
    }

    /// <summary>n×n with orthonormal rows (row k = k-th basis vector).</summary>
    public static double[] Orthonormal(int n, int seed)
    {
        var q = SeededMatrices.Gaussian(n, n, seed);
        for (var pass = 0; pass < 2; pass++)
        {
            for (var k = 0; k < n; k++)
            {
                for (var j = 0; j < k; j++)
                {
                    var dot = 0.0;
                    for (var i = 0; i < n; i++)
                    {
                        dot += q[(k * n) + i] * q[(j * n) + i];
                    }

                    for (var i = 0; i < n; i++)
                    {
                        q[(k * n) + i] -= dot * q[(j * n) + i];
                    }
                }

                var norm = 0.0;
                for (var i = 0; i < n; i++)
                {
                    norm += q[(k * n) + i] * q[(k * n) + i];
                }

                norm = Math.Sqrt(norm);
                for (var i = 0; i < n; i++)
                {
                    q[(k * n) + i] /= norm;
                }
            }
        }

        return q;
    }

    /// <summary>‖A‖_F, scaled by max|a| first so that entries near 1e±200 neither overflow nor underflow.</summary>
    public static double Frobenius(double[] a)
    {
        var max = a.Length == 0 ? 0.0 : a.Max(Math.Abs);
        if (max == 0)
        {
            return 0;
        }

        var s = 0.0;
        foreach (var x in a)
        {
            s += (x / max) * (x / max);
        }

        return max * Math.Sqrt(s);
    }

    private static double[] Diagonal(int n, int seed)
    {
        var g = SeededMatrices.Gaussian(1, n, seed);
        var a = new double[n * n];
        for (var i = 0; i < n; i++)
        {
            a[(i * n) + i] = g[i];
        }

        return a;
    }

    private static double[] Tridiagonal(int n, int seed)
    {
        var g = SeededMatrices.Gaussian(2, n, seed);
        var a = new double[n * n];
        for (var i = 0; i < n; i++)
        {
            a[(i * n) + i] = g[i];
            if (i + 1 < n)
            {
                a[(i * n) + i + 1] = g[n + i];
                a[((i + 1) * n) + i] = g[n + i];
            }
        }

        return a;
    }

    private static double[] Rank1(int n, int seed)
    {
        var u = SeededMatrices.Gaussian(1, n, seed);
        var a = new double[n * n];
        for (var i = 0; i < n; i++)
        {
            for (var j = 0; j < n; j++)
            {
                a[(i * n) + j] = u[i] * u[j];
            }
        }

        return a;
    }
}
