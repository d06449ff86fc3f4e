using GpuSpectral.Compute;
using GpuSpectral.Lsa.Spectrum;

namespace GpuSpectral.Lsa.Tests.Spectrum;

public class ExactSpectrumTests
{
    [Theory]
    [InlineData(EigenBackendKind.Lapack, 120, 300)]
    [InlineData(EigenBackendKind.Managed, 120, 300)]
    [InlineData(EigenBackendKind.Lapack, 300, 90)]
    public void Sparse_gram_eigenvalues_equal_the_dense_svd_squared(EigenBackendKind kind, int rows, int cols)
    {
        var x = TestSparse.Random(rows, cols, 0.05, seed: 11);
        var gram = SparseGram.Compute(x);
        var solver = ExactSpectrum.CreateSolver(kind, gram.Order, warn: null);
        var spectrum = ExactSpectrum.Compute(gram, solver);
        var expected = TestSparse.DenseSquaredSingularValues(x).Reverse().ToArray();
        Assert.True(spectrum.Exact);
        Assert.Equal(Math.Min(rows, cols), spectrum.Dimension);
        Assert.Equal(expected.Length, spectrum.Eigenvalues.Length);
        for (var i = 0; i < expected.Length; i++)
        {
            Assert.True(Math.Abs(expected[i] - spectrum.Eigenvalues[i]) <= 1e-12 * expected[^1], $"λ{i}");
        }

        Assert.Equal(x.Values.Sum(v => v * v), spectrum.Trace, 1e-10);
        Assert.Equal(spectrum.Trace, spectrum.Eigenvalues.Sum(), 1e-10);
        Assert.Contains(rows <= cols ? "XXᵀ" : "XᵀX", spectrum.Method, StringComparison.Ordinal);

        // The Gram matrix survives the solve, so the eigenvectors can be taken from it afterwards.
        var pairs = ExactSpectrum.TopEigenpairs(gram, solver, 10);
        for (var j = 0; j < 10; j++)
        {
            Assert.Equal(expected[^(j + 1)], pairs.Values[j], 1e-11 * expected[^1]);
        }
    }

    [Theory]
    [InlineData(EigenBackendKind.Lapack, 120, 300, 10)]
    [InlineData(EigenBackendKind.Managed, 120, 300, 10)]
    [InlineData(EigenBackendKind.Lapack, 300, 90, 0)]
    [InlineData(EigenBackendKind.Lapack, 300, 90, 500)]
    public void One_reduction_gives_the_two_call_spectrum_and_pairs(EigenBackendKind kind, int rows, int cols, int count)
    {
        var x = TestSparse.Random(rows, cols, 0.05, seed: 11);
        var gram = SparseGram.Compute(x);
        var copy = (double[])gram.Values.Clone();
        var solver = ExactSpectrum.CreateSolver(kind, gram.Order, warn: null);
        var (spectrum, pairs) = ExactSpectrum.ComputeWithPairs(gram, solver, count);
        Assert.Equal(copy, gram.Values);

        var separate = ExactSpectrum.Compute(gram, solver);
        var k = Math.Min(count, gram.Order);
        var separatePairs = ExactSpectrum.TopEigenpairs(gram, solver, k);
        var lmax = separate.Eigenvalues[^1];
        Assert.True(spectrum.Exact);
        Assert.Equal(separate.Dimension, spectrum.Dimension);
        Assert.Equal(separate.Trace, spectrum.Trace);
        Assert.Contains(rows <= cols ? "XXᵀ" : "XᵀX", spectrum.Method, StringComparison.Ordinal);
        for (var i = 0; i < gram.Order; i++)
        {
            Assert.True(Math.Abs(separate.Eigenvalues[i] - spectrum.Eigenvalues[i]) <= 1e-12 * lmax, $"λ{i}");
        }

        Assert.Equal(k, pairs.Count);
        Assert.Equal(gram.Side, pairs.Side);
        Assert.Equal(gram.Order, pairs.Order);
        for (var j = 0; j < k; j++)
        {
            Assert.True(Math.Abs(separatePairs.Values[j] - pairs.Values[j]) <= 1e-12 * lmax, $"pair {j}");
        }
    }

    [Fact]
    public void Managed_solver_warns_above_the_size_limit()
    {
        var warnings = new List<string>();
        ExactSpectrum.CreateSolver(EigenBackendKind.Managed, ExactSpectrum.ManagedWarningOrder + 1, warnings.Add);
        Assert.Single(warnings);
        ExactSpectrum.CreateSolver(EigenBackendKind.Managed, 10, warnings.Add);
        Assert.Single(warnings);
    }
}
