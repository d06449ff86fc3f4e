using GpuSpectral.Compute;
using GpuSpectral.Core.Errors;
using GpuSpectral.Engine.Compare;
using GpuSpectral.TestSupport;
using static GpuSpectral.Engine.Tests.Compare.PlainReference;

namespace GpuSpectral.Engine.Tests.Compare;

/// <summary>
/// <see cref="Comparer"/> on two seeded checkpoints: matching and skip rules, distances against the plain float64
/// formulas, and ΔW's eigenvalues (managed backend in the engine) against LAPACK on an explicitly formed ΔW.
/// </summary>
public sealed class ComparerTests : IDisposable
{
    private readonly CompareFixture _f = new();
    private readonly IEigenBackend _lapack = EigenBackends.Create(EigenBackendKind.Lapack, null);

    public void Dispose() => _f.Dispose();

    internal static CompareReport Run(string a, string b, CompareOptions? options = null) =>
        new Comparer(EigenBackends.Create(EigenBackendKind.Managed, null)).Compare(a, b, options ?? new CompareOptions());

    [Fact]
    public void LayersAreMatchedByNameAndTheRestIsReportedAsSkipped()
    {
        var report = Run(_f.PathA, _f.PathB);
        Assert.Equal(["l1", "conv", "t"], report.Rows.Select(r => r.Delta.Name));
        Assert.Equal(
            [DeltaSource.Weights, DeltaSource.Weights, DeltaSource.WeightsTransposed],
            report.Rows.Select(r => r.Source));
        var skips = report.Skipped.ToDictionary(s => s.Name);
        Assert.Equal("only in A", skips["only_a"].Reason);
        Assert.Null(skips["only_a"].ShapeB);
        Assert.Equal("only in B", skips["only_b"].Reason);
        Assert.Null(skips["only_b"].ShapeA);
        Assert.StartsWith("shapes differ: (20, 12) in A, (22, 12) in B", skips["mismatch"].Reason, StringComparison.Ordinal);
        Assert.Equal(3, report.Summary.LayersCompared);
        Assert.Equal(report.Skipped.Count, report.Summary.LayersSkipped);
    }

    [Fact]
    public void DenseDistancesAndSpectrumMatchTheExplicitDifference()
    {
        var row = Run(_f.PathA, _f.PathB).Rows.Single(r => r.Delta.Name == "l1");
        var a = Matrix(_f.L1A, 40, 16);
        var b = Matrix(_f.L1B, 40, 16);
        var delta = Add(a, b, -1.0);
        var raw = Frobenius(delta);
        AssertClose(raw, row.Distances.Raw, "raw");
        AssertClose(raw, row.Distances.Euclidean, "euclidean (one slice)");
        AssertClose(Cka(a, b), row.Distances.Cka, "cka");
        AssertEvals(_lapack.GramEigenvalues(Flat(delta), 40, 16), row.Delta.Evals);
        Assert.Equal((40, 16), (row.Delta.N, row.Delta.M));
        AssertClose(raw * raw, row.Delta.Norm, "norm = ‖ΔW‖²");
    }

    [Fact]
    public void ConvDistancesAreOverSlicesAndTheSpectrumUsesConv2DNorm()
    {
        var row = Run(_f.PathA, _f.PathB).Rows.Single(r => r.Delta.Name == "conv");
        var deltaTensor = _f.ConvA.Zip(_f.ConvB, (x, y) => x - y).ToArray();
        AssertClose(Math.Sqrt(deltaTensor.Sum(v => v * v)), row.Distances.Raw, "raw = ‖ΔT‖");
        double euclid = 0, cka = 0;
        var evals = new List<double>();
        for (var i = 0; i < 3; i++)
        {
            for (var j = 0; j < 3; j++)
            {
                var sa = ConvSlice(_f.ConvA, 16, 12, 3, 3, i, j);
                var sb = ConvSlice(_f.ConvB, 16, 12, 3, 3, i, j);
                var sd = Add(sa, sb, -1.0);
                euclid += Frobenius(sd) / 9;
                cka += Cka(sa, sb) / 9;
                // conv2d_norm: W·sqrt(1/2), so eigenvalues × 0.5.
                evals.AddRange(_lapack.GramEigenvalues(Flat(sd), 16, 12).Select(v => 0.5 * v));
            }
        }

        AssertClose(euclid, row.Distances.Euclidean, "euclidean");
        AssertClose(cka, row.Distances.Cka, "cka");
        evals.Sort();
        AssertEvals([.. evals], row.Delta.Evals);
    }

    [Fact]
    public void ATransposedWeightInBIsTransposedBeforeSubtracting()
    {
        var row = Run(_f.PathA, _f.PathB).Rows.Single(r => r.Delta.Name == "t");
        var a = Matrix(_f.TA, 12, 20);
        var b = Transpose(Matrix(_f.TB, 20, 12));
        var delta = Add(a, b, -1.0);
        AssertClose(Frobenius(delta), row.Distances.Raw, "raw");
        AssertClose(Cka(a, b), row.Distances.Cka, "cka");
        AssertEvals(_lapack.GramEigenvalues(Flat(delta), 12, 20), row.Delta.Evals);
    }

    [Fact]
    public void SwappingAAndBKeepsTheSpectrumAndDistances()
    {
        var ab = Run(_f.PathA, _f.PathB).Rows.Single(r => r.Delta.Name == "l1");
        var ba = Run(_f.PathB, _f.PathA).Rows.Single(r => r.Delta.Name == "l1");
        AssertEvals(ab.Delta.Evals, ba.Delta.Evals);
        Assert.Equal(ab.Distances.Raw, ba.Distances.Raw);
    }

    [Fact]
    public void CkaCanBeLeftOut()
    {
        var with = Run(_f.PathA, _f.PathB).Rows[0];
        var without = Run(_f.PathA, _f.PathB, new CompareOptions { Cka = false }).Rows[0];
        Assert.True(double.IsNaN(without.Distances.Cka));
        Assert.False(double.IsNaN(with.Distances.Cka));
        Assert.Equal(with.Distances.Raw, without.Distances.Raw);
    }

    [Fact]
    public void DisjointCheckpointsGiveNoRowsAndSayWhyForEveryLayer()
    {
        var other = Path.Combine(_f.Dir, "other.safetensors");
        TinySafeTensors.Write(other, ("x.weight", [20, 12], SeededMatrices.Gaussian(20, 12, 11)));
        var report = Run(_f.PathA, other);
        Assert.Empty(report.Rows);
        Assert.Contains(report.Skipped, s => s.Name == "x" && s.Reason == "only in B");
        Assert.Contains(report.Skipped, s => s.Name == "l1" && s.Reason == "only in A");
        Assert.True(double.IsNaN(report.Summary.DistanceRaw));
    }

    [Fact]
    public void AMissingCheckpointIsAFormatErrorNamingTheFile()
    {
        var missing = Path.Combine(_f.Dir, "nope.safetensors");
        var e = Assert.Throws<CheckpointFormatException>(() => Run(_f.PathA, missing));
        Assert.Contains("nope.safetensors", e.Message, StringComparison.Ordinal);
    }

    internal static void AssertClose(double expected, double actual, string what) =>
        Assert.True(Tolerances.Close(actual, expected, DistanceMathTests.DistanceRelative), $"{what}: {actual} vs {expected}");

    /// <summary>Eigenvalues agree to <see cref="Tolerances.GramAbsoluteOfLambdaMax"/>·λmax (Gram round-off).</summary>
    internal static void AssertEvals(double[] expected, double[] actual)
    {
        Assert.Equal(expected.Length, actual.Length);
        var sorted = expected.Order().ToArray();
        var tol = Tolerances.GramAbsoluteOfLambdaMax * sorted[^1];
        for (var i = 0; i < sorted.Length; i++)
        {
            Assert.True(Math.Abs(Math.Max(sorted[i], 0) - actual[i]) <= tol, $"eval {i}: {actual[i]} vs {sorted[i]}");
        }
    }
}
