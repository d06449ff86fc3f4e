using GpuSpectral.Compute.Cpu;
using GpuSpectral.Compute.Interop;
using GpuSpectral.TestSupport;

namespace GpuSpectral.Compute.Tests;

public class SymmetricEigenSolverTests
{
    public static TheoryData<string> Names => Backends.Names;

    private static ISymmetricEigenSolver Solver(string name) => name == "lapack"
        ? Backends.Lapack(SyevDriver.Dsyevd)
        : new ManagedEigenBackend();

    /// <summary>A = WᵀW for a seeded 2n×n Gaussian W, symmetrised exactly (both triangles equal bit for bit).</summary>
    private static double[] Symmetric(int n, int seed)
    {
        var w = SeededMatrices.Gaussian(2 * n, n, seed);
        var a = new double[n * n];
        for (var i = 0; i < n; i++)
        {
            for (var j = i; j < n; j++)
            {
                var s = 0.0;
                for (var r = 0; r < 2 * n; r++)
                {
                    s += w[(r * n) + i] * w[(r * n) + j];
                }

                a[(i * n) + j] = s;
                a[(j * n) + i] = s;
            }
        }

        return a;
    }

    [Theory]
    [MemberData(nameof(Names))]
    public void Eigenvalues_match_the_gram_backend_and_leave_the_input_unchanged(string name)
    {
        const int n = 150;
        var a = Symmetric(n, 3);
        var copy = (double[])a.Clone();
        var values = Solver(name).Eigenvalues(a, n);
        Assert.Equal(copy, a);
        Assert.Equal(n, values.Length);
        for (var i = 1; i < n; i++)
        {
            Assert.True(values[i - 1] <= values[i]);
        }

        var reference = Backends.Get("lapack").GramEigenvalues(SeededMatrices.Gaussian(2 * n, n, 3), 2 * n, n);
        for (var i = 0; i < n; i++)
        {
            Assert.True(Math.Abs(values[i] - reference[i]) <= 1e-11 * reference[^1], $"λ{i}: {values[i]} vs {reference[i]}");
        }
    }

    [Theory]
    [MemberData(nameof(Names))]
    public void Top_eigenpairs_are_descending_orthonormal_and_satisfy_Av_eq_lambda_v(string name)
    {
        const int n = 120;
        const int k = 17;
        var a = Symmetric(n, 5);
        var copy = (double[])a.Clone();
        var solver = Solver(name);
        var all = solver.Eigenvalues(a, n);
        var (values, vectors) = solver.TopEigenpairs(a, n, k);
        Assert.Equal(copy, a);
        Assert.Equal(k, values.Length);
        Assert.Equal(n * k, vectors.Length);
        var scale = all[^1];
        for (var j = 0; j < k; j++)
        {
            Assert.True(Math.Abs(values[j] - all[n - 1 - j]) <= 1e-12 * scale);
            for (var i = 0; i < n; i++)
            {
                var av = 0.0;
                for (var c = 0; c < n; c++)
                {
                    av += a[(i * n) + c] * vectors[(j * n) + c];
                }

                Assert.True(Math.Abs(av - (values[j] * vectors[(j * n) + i])) <= 1e-11 * scale);
            }

            for (var l = 0; l <= j; l++)
            {
                var dot = 0.0;
                for (var i = 0; i < n; i++)
                {
                    dot += vectors[(j * n) + i] * vectors[(l * n) + i];
                }

                Assert.Equal(l == j ? 1.0 : 0.0, dot, 1e-12);
            }
        }
    }

    [Theory]
    [MemberData(nameof(Names))]
    public void Arguments_are_checked(string name)
    {
        var solver = Solver(name);
        Assert.ThrowsAny<ArgumentException>(() => solver.Eigenvalues(new double[5], 2));
        Assert.ThrowsAny<ArgumentException>(() => solver.TopEigenpairs(new double[4], 2, 3));
        Assert.Throws<ArithmeticException>(() => solver.Eigenvalues([1, double.NaN, double.NaN, 1], 2));
        Assert.Empty(solver.TopEigenpairs([2, 0, 0, 1], 2, 0).Values);
        Assert.Equal([2.0, 1.0], solver.TopEigenpairs([2, 0, 0, 1], 2, 2).Values);
    }
}
