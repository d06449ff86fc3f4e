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
