using System.Text.Json;
using GpuSpectral.Compute.Cpu;
using GpuSpectral.Core.Spectral.Vectors;
using GpuSpectral.TestSupport;

namespace GpuSpectral.Compute.Tests.GramEigenpairs;

/// <summary>
/// Fixture matrix → GramEigenpairs (LAPACK dsyevr and managed MathNet) → per-vector metrics and the 12 bulk/tail
/// columns, against Reference/vector_metrics_reference.json, written by Reference/vector_metrics_reference.py
/// (numpy 1.24 float64: X of the smaller side, np.linalg.eigh, the same metrics, tail = WeightWatcher's own num_pl_spikes largest pairs).
/// The matrices have distinct eigenvalues (minimum gap/λmax ≥ 5.5e-6, recorded in the JSON), so every eigenvector is
/// fixed up to its sign, to which the metrics are blind.
/// </summary>
public sealed class GramEigenpairsTests
{
    /// <summary>Eigenvalues: ~n·eps·λmax absolute for a Gram-based solver (n ≤ 310).</summary>
    private const double EigenvalueAbsoluteOfMax = 1e-12;

    /// <summary>Norm ratios of eigenvectors: a vector's error is ~eps·λmax/gap ≤ 2.2e-16/5.5e-6 ≈ 4e-11 relative
    /// (the smallest gap, in mp_spikes.r4); ratios of its norms inherit that.</summary>
    private const double RatioRelative = 1e-8;

    /// <summary>Entropy: the same perturbation moves histogram edges by ~1e-11 of a bin; a value would have to lie
    /// that close to an edge to change a count (none does here), so the entropy agrees to summation round-off.</summary>
    private const double EntropyAbsolute = 1e-9;

    private static readonly Lazy<JsonElement[]> Cases = new(() =>
    [
        .. JsonDocument.Parse(File.ReadAllText(Path.Combine(SharedData.RepoRoot, "tests", "GpuSpectral.Compute.Tests",
            "GramEigenpairs", "Reference", "vector_metrics_reference.json"))).RootElement.GetProperty("cases")
            .EnumerateArray(),
    ]);

    public static TheoryData<string, string> CaseAndSolver()
    {
        var data = new TheoryData<string, string>();
        foreach (var key in new[] { "gauss.small_96x48", "gauss.wide_144x600", "mp_spikes.r4_620x310" })
        {
            data.Add(key, "lapack");
            data.Add(key, "managed");
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(CaseAndSolver))]
    public void MetricsMatchNumpy(string key, string solverName)
    {
        var c = Cases.Value.Single(e => e.GetProperty("key").GetString() == key);
        var archive = c.GetProperty("archive").GetString()!;
        var w = TestNpz.Get(SharedData.Fixture($"{archive}.npz"), key);
        var rows = c.GetProperty("rows").GetInt32();
        var cols = c.GetProperty("cols").GetInt32();
        ISymmetricEigenSolver solver = solverName == "lapack" ? Backends.Lapack(Interop.SyevDriver.Dsyevd) : new ManagedEigenBackend();

        var pairs = Cpu.GramEigenpairs.Compute(solver, w, rows, cols);
        var spectrum = EigenvectorSpectrum.FromEigenpairs(pairs.Values, pairs.Vectors, pairs.N);
        var summary = VectorSummary.SummarizeByTailCount(spectrum, c.GetProperty("num_pl_spikes").GetInt32());

        Assert.Equal(Math.Min(rows, cols), pairs.N);
        Assert.Equal(rows >= cols, pairs.GramOfColumns);
        var evals = Doubles(c, "eigenvalues_desc");
        var lambdaMax = evals[0];
        for (var i = 0; i < evals.Length; i++)
        {
            Assert.True(Math.Abs(pairs.Values[i] - evals[i]) <= EigenvalueAbsoluteOfMax * lambdaMax, $"λ[{i}]");
        }

        AssertAll(Doubles(c, "localization_ratios"), spectrum.LocalizationRatios, RatioRelative, 0, "loc");
        AssertAll(Doubles(c, "participation_ratios"), spectrum.ParticipationRatios, RatioRelative, 0, "part");
        AssertAll(Doubles(c, "entropies"), spectrum.Entropies, 0, EntropyAbsolute, "entropy");
        var expected = c.GetProperty("summary");
        foreach (var (name, value) in summary.Columns())
        {
            var e = expected.GetProperty(name);
            var tolerance = name.Contains("entropy", StringComparison.Ordinal) ? EntropyAbsolute : 0;
            Assert.True(e.ValueKind == JsonValueKind.Number, $"{name} is empty in the reference");
            Assert.True(Tolerances.Close(value, e.GetDouble(), RatioRelative, tolerance), $"{key} {name}: {value} vs {e.GetDouble()}");
        }
    }

    [Fact]
    public void PairsSatisfyTheEigenEquation()
    {
        // Wide 3×5 W: X = WWᵀ (3×3). Check X·v = λ·v and orthonormality directly, with no reference.
        var w = SeededMatrices.Gaussian(3, 5, seed: 7);
        var pairs = Cpu.GramEigenpairs.Compute(GramEigenpairs_DefaultSolver(), w, 3, 5);

        Assert.False(pairs.GramOfColumns);
        Assert.True(pairs.Values[0] >= pairs.Values[1] && pairs.Values[1] >= pairs.Values[2]);
        for (var j = 0; j < 3; j++)
        {
            for (var i = 0; i < 3; i++)
            {
                var xv = 0.0;
                for (var k = 0; k < 3; k++)
                {
                    var xik = 0.0;
                    for (var t = 0; t < 5; t++)
                    {
                        xik += w[(i * 5) + t] * w[(k * 5) + t];
                    }

                    xv += xik * pairs.Vectors[(j * 3) + k];
                }

                Assert.Equal(pairs.Values[j] * pairs.Vectors[(j * 3) + i], xv, 10);
            }

            var norm = Enumerable.Range(0, 3).Sum(i => pairs.Vectors[(j * 3) + i] * pairs.Vectors[(j * 3) + i]);
            Assert.Equal(1.0, norm, 12);
        }

        Assert.Throws<ArithmeticException>(() =>
            Cpu.GramEigenpairs.Compute(new ManagedEigenBackend(), [1, double.NaN, 0, 1], 2, 2));
    }

    private static ISymmetricEigenSolver GramEigenpairs_DefaultSolver() => Cpu.GramEigenpairs.DefaultSolver();

    private static double[] Doubles(JsonElement c, string name) =>
        [.. c.GetProperty(name).EnumerateArray().Select(x => x.GetDouble())];

    private static void AssertAll(double[] expected, double[] actual, double rel, double abs, string what)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (var i = 0; i < expected.Length; i++)
        {
            Assert.True(Tolerances.Close(actual[i], expected[i], rel, abs), $"{what}[{i}]: {actual[i]} vs {expected[i]}");
        }
    }
}
