using GpuSpectral.Compute.Cpu;
using GpuSpectral.Compute.Interop;
using GpuSpectral.TestSupport;
using MathNet.Numerics.LinearAlgebra;

namespace GpuSpectral.Compute.Tests;

public class GramEigenvaluesTests
{
    public static TheoryData<string> BackendNames => Backends.Names;

    public static TheoryData<string, int, int> BackendShapes
    {
        get
        {
            var data = new TheoryData<string, int, int>();
            var shapes = new[]
            {
                (1, 1), (1, 17), (17, 1), (64, 32), (32, 64), (50, 50), (39, 42), (42, 39), (829, 277), (277, 829),
                (5, 300), (300, 5), (97, 96),
            };
            foreach (var name in Backends.Names)
            {
                foreach (var (r, c) in shapes)
                {
                    data.Add(name, r, c);
                }
            }

            return data;
        }
    }

    [Theory]
    [MemberData(nameof(BackendShapes))]
    public void Random_gaussian_has_min_dim_ascending_values_with_trace_and_floor(string name, int rows, int cols)
    {
        var w = SeededMatrices.Gaussian(rows, cols, seed: rows * 1000 + cols);
        var copy = (double[])w.Clone();
        var values = Backends.Get(name).GramEigenvalues(w, rows, cols);

        Assert.Equal(copy, w); // input not mutated
        var n = Math.Min(rows, cols);
        Assert.Equal(n, values.Length);
        AssertInvariants(w, values);
    }

    [Theory]
    [MemberData(nameof(BackendNames))]
    public void Heavy_tailed_input_keeps_invariants(string name)
    {
        var w = SeededMatrices.StudentT(200, 120, dof: 2, seed: 7);
        var values = Backends.Get(name).GramEigenvalues(w, 200, 120);
        Assert.Equal(120, values.Length);
        AssertInvariants(w, values);
    }

    [Theory]
    [MemberData(nameof(BackendNames))]
    public void Rank_deficient_product_has_zero_extra_eigenvalues(string name)
    {
        const int rows = 150, cols = 90, rank = 7;
        var a = Matrix<double>.Build.DenseOfRowMajor(rows, rank, SeededMatrices.Gaussian(rows, rank, 1));
        var b = Matrix<double>.Build.DenseOfRowMajor(rank, cols, SeededMatrices.Gaussian(rank, cols, 2));
        var w = (a * b).ToRowMajorArray();
        var values = Backends.Get(name).GramEigenvalues(w, rows, cols);

        Assert.Equal(cols, values.Length);
        AssertInvariants(w, values);
        var lambdaMax = values[^1];
        var zeroBound = ComputeTolerances.NegativeFloorFactor * ComputeTolerances.Eps * cols * lambdaMax;
        for (var i = 0; i < cols - rank; i++)
        {
            Assert.True(Math.Abs(values[i]) <= zeroBound, $"λ[{i}] = {values[i]} should be ≈0 (bound {zeroBound})");
        }

        Assert.True(values[cols - rank] > 1e3 * zeroBound, "the rank-r eigenvalues must be clearly non-zero");
    }

    [Theory]
    [InlineData("lapack", 40, 25)]
    [InlineData("lapack", 25, 40)]
    [InlineData("managed", 40, 25)]
    [InlineData("managed", 25, 40)]
    public void Diagonal_matrix_gives_squared_diagonal(string name, int rows, int cols)
    {
        var n = Math.Min(rows, cols);
        var w = new double[rows * cols];
        var expected = new double[n];
        for (var i = 0; i < n; i++)
        {
            var d = (i % 3 == 0 ? -1 : 1) * (0.5 + (i * 0.37));
            w[i * cols + i] = d;
            expected[i] = d * d;
        }

        Array.Sort(expected);
        var values = Backends.Get(name).GramEigenvalues(w, rows, cols);
        AssertSpectrum(expected, values);
    }

    [Theory]
    [InlineData("lapack", 120, 80)]
    [InlineData("lapack", 80, 120)]
    [InlineData("managed", 120, 80)]
    [InlineData("managed", 80, 120)]
    public void Orthogonal_times_diagonal_times_orthogonal_has_known_spectrum(string name, int rows, int cols)
    {
        // W = U · diag(s) · Vᵀ with U (rows×rows) and V (cols×cols) orthogonal from QR of Gaussian matrices.
        var n = Math.Min(rows, cols);
        var u = Matrix<double>.Build.DenseOfRowMajor(rows, rows, SeededMatrices.Gaussian(rows, rows, 11)).QR().Q;
        var v = Matrix<double>.Build.DenseOfRowMajor(cols, cols, SeededMatrices.Gaussian(cols, cols, 12)).QR().Q;
        var s = Matrix<double>.Build.Dense(rows, cols);
        var expected = new double[n];
        for (var i = 0; i < n; i++)
        {
            s[i, i] = Math.Pow(10, -2 + (4.0 * i / n)); // singular values 1e-2 … 1e2
            expected[i] = s[i, i] * s[i, i];
        }

        Array.Sort(expected);
        var w = (u * s * v.Transpose()).ToRowMajorArray();
        var values = Backends.Get(name).GramEigenvalues(w, rows, cols);
        AssertSpectrum(expected, values);
        for (var i = n / 2; i < n; i++)
        {
            Assert.True(Tolerances.Close(values[i], expected[i], 1e-10), $"λ[{i}]: {values[i]} vs {expected[i]}");
        }
    }

    [Theory]
    [MemberData(nameof(BackendNames))]
    public void One_by_one_is_the_square(string name)
    {
        Assert.Equal([9.0], Backends.Get(name).GramEigenvalues([-3.0], 1, 1));
    }

    [Theory]
    [InlineData("lapack", double.NaN)]
    [InlineData("lapack", double.PositiveInfinity)]
    [InlineData("managed", double.NaN)]
    [InlineData("managed", double.NegativeInfinity)]
    public void Non_finite_input_throws_ArithmeticException(string name, double bad)
    {
        var w = SeededMatrices.Gaussian(12, 8, 3);
        w[37] = bad;
        var ex = Assert.Throws<ArithmeticException>(() => Backends.Get(name).GramEigenvalues(w, 12, 8));
        Assert.Contains("element 37", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(BackendNames))]
    public void Gram_overflow_throws_ArithmeticException(string name)
    {
        var w = new double[] { 1e200, 1e200, 1.0, 2.0 };
        Assert.Throws<ArithmeticException>(() => Backends.Get(name).GramEigenvalues(w, 2, 2));
    }

    [Theory]
    [MemberData(nameof(BackendNames))]
    public void Size_mismatch_throws_ArgumentException(string name)
    {
        var backend = Backends.Get(name);
        var w = new double[12];
        Assert.Throws<ArgumentException>(() => backend.GramEigenvalues(w, 3, 5));
        Assert.ThrowsAny<ArgumentException>(() => backend.GramEigenvalues(w, 0, 12));
        Assert.ThrowsAny<ArgumentException>(() => backend.GramEigenvalues(w, 12, -1));
        Assert.ThrowsAny<ArgumentException>(() => backend.GramEigenvalues([], 0, 0));
    }

    [Theory]
    [InlineData(300, 200)]
    [InlineData(200, 300)]
    [InlineData(57, 91)]
    [InlineData(128, 128)]
    [InlineData(1, 50)]
    public void Lapack_and_managed_agree(int rows, int cols)
    {
        var w = SeededMatrices.Gaussian(rows, cols, seed: 99 + rows);
        var lapack = Backends.Get("lapack").GramEigenvalues(w, rows, cols);
        var managed = Backends.Get("managed").GramEigenvalues(w, rows, cols);
        AssertClose(lapack, managed, ComputeTolerances.BackendAgreementOfLambdaMax * lapack[^1]);
    }

    [Theory]
    [InlineData(nameof(SyevDriver.Dsyevd2Stage))]
    [InlineData(nameof(SyevDriver.Dsyevr2Stage))]
    public void Two_stage_drivers_agree_with_dsyevd(string driverName)
    {
        var driver = Enum.Parse<SyevDriver>(driverName);
        var w = SeededMatrices.Gaussian(230, 170, seed: 5);
        var reference = Backends.Get("lapack").GramEigenvalues(w, 230, 170);
        var values = Backends.Lapack(driver).GramEigenvalues(w, 230, 170);
        AssertClose(reference, values, ComputeTolerances.BackendAgreementOfLambdaMax * reference[^1]);
    }

    [Fact]
    public void Lapack_description_names_libraries_and_driver()
    {
        var backend = Backends.Get("lapack");
        Assert.Equal("lapack", backend.Name);
        Assert.Contains("LAPACKE_dsyevd", backend.Description, StringComparison.Ordinal);
        Assert.Contains("lapacke", backend.Description, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("dsyrk", backend.Description, StringComparison.Ordinal);
    }

    internal static void AssertInvariants(double[] w, double[] values)
    {
        var n = values.Length;
        for (var i = 1; i < n; i++)
        {
            Assert.True(values[i - 1] <= values[i], $"not ascending at {i}: {values[i - 1]} > {values[i]}");
        }

        var frobenius2 = w.Sum(x => x * x);
        var trace = values.Sum();
        Assert.True(Tolerances.Close(trace, frobenius2, ComputeTolerances.TraceRelative),
            $"Σλ = {trace:R} vs ‖W‖²_F = {frobenius2:R}");
        var floor = -ComputeTolerances.NegativeFloorFactor * ComputeTolerances.Eps * n * values[^1];
        Assert.True(values[0] >= floor, $"λmin = {values[0]} below the round-off floor {floor}");
    }

    private static void AssertSpectrum(double[] expected, double[] values)
    {
        Assert.Equal(expected.Length, values.Length);
        var bound = ComputeTolerances.KnownSpectrumFactor * ComputeTolerances.Eps * values.Length * expected[^1];
        AssertClose(expected, values, bound);
    }

    internal static void AssertClose(double[] expected, double[] actual, double absolute)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (var i = 0; i < expected.Length; i++)
        {
            Assert.True(Math.Abs(expected[i] - actual[i]) <= absolute,
                $"λ[{i}]: {actual[i]:R} vs {expected[i]:R} (|Δ| = {Math.Abs(expected[i] - actual[i])}, bound {absolute})");
        }
    }
}
