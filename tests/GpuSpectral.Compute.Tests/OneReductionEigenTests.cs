using GpuSpectral.Compute.Cpu;
using GpuSpectral.Compute.Interop;
using MathNet.Numerics.LinearAlgebra;
using GpuSpectral.TestSupport;

namespace GpuSpectral.Compute.Tests;

/// <summary><see cref="ISymmetricEigenSolver.EigenvaluesAndTopEigenpairs"/>: one reduction for all eigenvalues and the
/// top-k eigenvectors, checked against the two-call path (<c>Eigenvalues</c> + <c>TopEigenpairs</c>).</summary>
public class OneReductionEigenTests
{
    /// <summary>Values vs <c>Eigenvalues</c>, in units of λmax: both are backward-stable solves of the same matrix
    /// (dsterf after dsytrd vs dsyevd; dstemr vs dsyevr for the top values); measured ≲1e-14.</summary>
    private const double ValueOfLambdaMax = 1e-12;

    /// <summary>‖Gv − λv‖∞ and orthonormality: MRRR/inverse iteration vectors are orthogonal to O(n·eps) and
    /// the back-transformation with the Householder reflectors keeps that; 1e-10 leaves two orders of margin.</summary>
    private const double VectorTolerance = 1e-10;

    public static TheoryData<string, string, int, int> Cases
    {
        get
        {
            var data = new TheoryData<string, string, int, int>();
            foreach (var solver in new[] { "lapack", "managed" })
            {
                foreach (var (matrix, n, k) in new[]
                         {
                             ("gaussian", 50, 7), ("gaussian", 300, 40), ("clustered", 120, 30),
                             ("gaussian", 50, 0), ("gaussian", 50, 50), ("gram", 300, 300),
                         })
                {
                    data.Add(solver, matrix, n, k);
                }
            }

            return data;
        }
    }

    private static ISymmetricEigenSolver Solver(string name) => name == "lapack"
        ? Backends.Lapack(SyevDriver.Dsyevd)
        : new ManagedEigenBackend();

    [Theory]
    [MemberData(nameof(Cases))]
    public void Matches_the_two_call_path_and_gives_orthonormal_eigenvectors(string name, string matrix, int n, int k)
    {
        var a = Matrix(matrix, n);
        var copy = (double[])a.Clone();
        var solver = Solver(name);
        var (all, top, vectors) = solver.EigenvaluesAndTopEigenpairs(a, n, k);
        Assert.Equal(copy, a);

        var reference = solver.Eigenvalues(a, n);
        var scale = reference.Max(Math.Abs);
        Assert.Equal(n, all.Length);
        for (var i = 0; i < n; i++)
        {
            Assert.True(Math.Abs(all[i] - reference[i]) <= ValueOfLambdaMax * scale,
                $"λ{i}: {all[i]} vs {reference[i]}");
        }

        Assert.Equal(k, top.Length);
        Assert.Equal((long)n * k, vectors.LongLength);
        for (var j = 0; j < k; j++)
        {
            Assert.True(Math.Abs(top[j] - all[n - 1 - j]) <= ValueOfLambdaMax * scale, $"top {j}");
        }

        CheckEigenvectors(copy, n, top, vectors, scale);
        if (k == 0)
        {
            return;
        }

        // Same vectors as TopEigenpairs up to sign wherever the eigenvalue is well separated from its neighbours.
        var (twoCallValues, twoCallVectors) = solver.TopEigenpairs(a, n, k);
        for (var j = 0; j < k; j++)
        {
            Assert.True(Math.Abs(top[j] - twoCallValues[j]) <= ValueOfLambdaMax * scale);
            var idx = n - 1 - j;
            var gap = Math.Min(idx > 0 ? all[idx] - all[idx - 1] : double.PositiveInfinity,
                idx < n - 1 ? all[idx + 1] - all[idx] : double.PositiveInfinity);
            if (gap < 1e-3 * scale)
            {
                continue;
            }

            var dot = 0.0;
            for (var i = 0; i < n; i++)
            {
                dot += vectors[((long)j * n) + i] * twoCallVectors[((long)j * n) + i];
            }

            var sign = Math.Sign(dot);
            for (var i = 0; i < n; i++)
            {
                Assert.True(
                    Math.Abs(vectors[((long)j * n) + i] - (sign * twoCallVectors[((long)j * n) + i])) <= 1e-8,
                    $"vector {j}, element {i}");
            }
        }
    }

    [Theory]
    [InlineData("lapack")]
    [InlineData("managed")]
    public void Arguments_and_tiny_orders_are_handled(string name)
    {
        var solver = Solver(name);
        Assert.ThrowsAny<ArgumentException>(() => solver.EigenvaluesAndTopEigenpairs(new double[5], 2, 1));
        Assert.ThrowsAny<ArgumentException>(() => solver.EigenvaluesAndTopEigenpairs(new double[4], 2, 3));
        Assert.ThrowsAny<ArgumentException>(() => solver.EigenvaluesAndTopEigenpairs(new double[4], 2, -1));
        Assert.Throws<ArithmeticException>(() =>
            solver.EigenvaluesAndTopEigenpairs([1, double.NaN, double.NaN, 1], 2, 1));

        var (all, top, vectors) = solver.EigenvaluesAndTopEigenpairs([3.0], 1, 1);
        Assert.Equal([3.0], all);
        Assert.Equal([3.0], top);
        Assert.Equal(1.0, Math.Abs(vectors[0]), 15);

        (all, top, vectors) = solver.EigenvaluesAndTopEigenpairs([2, 0, 0, 1], 2, 0);
        Assert.Equal([1.0, 2.0], all);
        Assert.Empty(top);
        Assert.Empty(vectors);
        (all, top, _) = solver.EigenvaluesAndTopEigenpairs([2, 0, 0, 1], 2, 2);
        Assert.Equal([1.0, 2.0], all);
        Assert.Equal([2.0, 1.0], top);
    }

    private static void CheckEigenvectors(double[] a, int n, double[] values, double[] vectors, double scale)
    {
        var k = values.Length;
        for (var j = 0; j < k; j++)
        {
            var v = vectors.AsSpan(j * n, n);
            for (var i = 0; i < n; i++)
            {
                var av = 0.0;
                for (var c = 0; c < n; c++)
                {
                    av += a[(i * n) + c] * v[c];
                }

                Assert.True(Math.Abs(av - (values[j] * v[i])) <= VectorTolerance * scale, $"Gv − λv, pair {j}, row {i}");
            }

            if (j > 0)
            {
                Assert.True(values[j] <= values[j - 1], "descending");
            }

            for (var l = 0; l <= j; l++)
            {
                var dot = 0.0;
                for (var i = 0; i < n; i++)
                {
                    dot += v[i] * vectors[(l * n) + i];
                }

                Assert.True(Math.Abs(dot - (l == j ? 1.0 : 0.0)) <= VectorTolerance, $"⟨v{j}, v{l}⟩ = {dot}");
            }
        }
    }

    /// <summary>"gaussian": (B + Bᵀ)/2, indefinite. "gram": WᵀW for a 2n×n W. "clustered": Q·diag(λ)·Qᵀ with λ in
    /// groups of five within 1e-9 of each other (plus some exactly repeated), Q a random orthogonal matrix.
    /// All exactly symmetric.</summary>
    private static double[] Matrix(string kind, int n)
    {
        double[] a;
        switch (kind)
        {
            case "gaussian":
            {
                var b = SeededMatrices.Gaussian(n, n, 11);
                a = new double[n * n];
                for (var i = 0; i < n; i++)
                {
                    for (var j = 0; j < n; j++)
                    {
                        a[(i * n) + j] = 0.5 * (b[(i * n) + j] + b[(j * n) + i]);
                    }
                }

                break;
            }

            case "gram":
            {
                var w = Matrix<double>.Build.Dense(n, 2 * n, SeededMatrices.Gaussian(2 * n, n, 13));
                a = (w * w.Transpose()).ToColumnMajorArray();
                break;
            }

            case "clustered":
            {
                var q = Matrix<double>.Build.Dense(n, n, SeededMatrices.Gaussian(n, n, 17)).QR().Q;
                var lambda = new double[n];
                for (var i = 0; i < n; i++)
                {
                    lambda[i] = (1 + (i / 5)) + (i % 5 == 4 ? 0 : (i % 5) * 1e-9);
                }

                a = (q * Matrix<double>.Build.DenseOfDiagonalArray(lambda) * q.Transpose()).ToColumnMajorArray();
                break;
            }

            default:
                throw new ArgumentOutOfRangeException(nameof(kind));
        }

        for (var i = 0; i < n; i++)
        {
            for (var j = 0; j < i; j++)
            {
                a[(i * n) + j] = a[(j * n) + i];
            }
        }

        return a;
    }
}
