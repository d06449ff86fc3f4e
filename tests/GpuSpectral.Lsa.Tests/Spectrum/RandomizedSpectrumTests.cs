using GpuSpectral.Compute;
using GpuSpectral.Lsa.Spectrum;
using Xunit.Abstractions;

namespace GpuSpectral.Lsa.Tests.Spectrum;

public class RandomizedSpectrumTests(ITestOutputHelper output)
{
    private const int K = 20;

    private static double MaxRelativeError(double[] sketchAscending, double[] exactDescending)
    {
        var worst = 0.0;
        for (var j = 0; j < K; j++)
        {
            var e = exactDescending[j];
            worst = Math.Max(worst, Math.Abs(sketchAscending[K - 1 - j] - e) / e);
        }

        return worst;
    }

    [Fact]
    public void Top_20_agree_with_the_exact_spectrum_and_power_iterations_improve_them()
    {
        var x = TestSparse.Random(400, 1000, 0.05, seed: 7, decay: 5);
        var gram = SparseGram.Compute(x);
        var exact = ExactSpectrum.Compute(gram, ExactSpectrum.CreateSolver(EigenBackendKind.Lapack, 400, null))
            .Eigenvalues.Reverse().ToArray();
        var errors = new double[3];
        for (var q = 0; q <= 2; q++)
        {
            var (spectrum, pairs) = RandomizedSpectrum.Compute(x, K, oversampling: 10, powerIterations: q, seed: 1);
            Assert.False(spectrum.Exact);
            Assert.Equal(K, spectrum.Eigenvalues.Length);
            Assert.Contains($"k={K}, p=10, q={q}", spectrum.Method, StringComparison.Ordinal);
            Assert.Equal(400, spectrum.Dimension);
            Assert.Equal(gram.Trace(), spectrum.Trace, 1e-10);
            Assert.Equal(GramSide.Documents, pairs.Side);
            errors[q] = MaxRelativeError(spectrum.Eigenvalues, exact);
        }

        Assert.True(errors[2] < 1e-6, $"q=2 error {errors[2]}");
        output.WriteLine($"max relative error of the top {K}, q = 0, 1, 2: {string.Join(", ", errors)}");
        Assert.True(errors[0] > errors[1] && errors[1] > errors[2], string.Join(", ", errors));
    }

    [Fact]
    public void Sketch_vectors_are_close_to_the_exact_left_singular_vectors()
    {
        var x = TestSparse.Random(300, 800, 0.05, seed: 9, decay: 5);
        var (_, pairs) = RandomizedSpectrum.Compute(x, 5, powerIterations: 3, seed: 2);
        var exact = ExactSpectrum.TopEigenpairs(SparseGram.Compute(x),
            ExactSpectrum.CreateSolver(EigenBackendKind.Lapack, 300, null), 5);
        for (var j = 0; j < 5; j++)
        {
            var dot = 0.0;
            for (var i = 0; i < 300; i++)
            {
                dot += pairs.Vectors[(j * 300) + i] * exact.Vectors[(j * 300) + i];
            }

            Assert.True(Math.Abs(Math.Abs(dot) - 1) < 1e-6, $"vector {j}: |<u, û>| = {Math.Abs(dot)}");
        }
    }

    [Fact]
    public void Arguments_are_checked()
    {
        var x = TestSparse.Random(10, 20, 0.3, seed: 1);
        Assert.Throws<ArgumentOutOfRangeException>(() => RandomizedSpectrum.Compute(x, 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => RandomizedSpectrum.Compute(x, 11));
        Assert.Throws<ArgumentOutOfRangeException>(() => RandomizedSpectrum.Compute(x, 3, oversampling: -1));
        var (spectrum, _) = RandomizedSpectrum.Compute(x, 10, oversampling: 50, powerIterations: 1);
        Assert.Equal(10, spectrum.Eigenvalues.Length);
    }
}
