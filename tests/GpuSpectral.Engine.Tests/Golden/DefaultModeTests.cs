using System.Globalization;
using GpuSpectral.Core.Planning;
using GpuSpectral.TestSupport;
using static GpuSpectral.Engine.Tests.Golden.GoldenTolerances;

namespace GpuSpectral.Engine.Tests.Golden;

/// <summary>
/// Our default mode against WeightWatcher's CSVs: equal where WeightWatcher is right, and each deliberate
/// difference (README, "Differences from WeightWatcher") checked to be exactly what we say it is.
/// </summary>
public sealed class DefaultModeTests
{
    /// <summary>
    /// WeightWatcher scales conv weights by sqrt(1/2) in float32 (NumPy &lt; 2); we scale the eigenvalues by 0.5
    /// exactly. The float32 rounding moves each weight by ≤ 2^-24 relative, so eigenvalues by ≤ ~2^-23 ≈ 1.2e-7;
    /// alpha/D are smooth functions of them away from an xmin switch.
    /// </summary>
    private const double ConvFloat32Scaling = 1e-6;

    public static TheoryData<string, string> Cases => GoldenCase.WithBackends();

    [Theory]
    [MemberData(nameof(Cases))]
    public void DenseLayersMatchWeightWatcher(string caseName, string backend)
    {
        var c = GoldenCase.Named(caseName);
        var report = GoldenRuns.Run(c, backend, CompatMode.Default);
        var ours = report.Layers.ToDictionary(r => r.Name);
        var depthwise = report.Skipped.Where(p => p.Type == LayerType.DepthwiseConv).Select(p => p.Name).ToHashSet();
        var expected = ExpectedTable.Load(c.DetailsCsv).Rows.Where(e => !depthwise.Contains(e["name"])).ToList();
        // Our default analyses every layer WeightWatcher does except depthwise convolutions (skipped with a
        // reason), plus Conv1D kernels (3-D), which WeightWatcher skips.
        Assert.Empty(expected.Select(e => e["name"]).Except(ours.Keys));
        Assert.All(ours.Values.Where(r => expected.All(e => e["name"] != r.Name)),
            r => Assert.Equal("conv1d", r.LayerType));
        foreach (var e in expected.Where(e => e["status"] == "success"))
        {
            var r = ours[e["name"]];
            var tol = r.LayerType == "conv2d" ? ConvFloat32Scaling : Relative;
            foreach (var (col, v) in new[]
                     {
                         ("alpha", r.Alpha), ("D", r.D), ("xmin", r.Xmin), ("xmax", r.Xmax), ("sigma", r.Sigma),
                         ("log_norm", r.LogNorm), ("log_spectral_norm", r.LogSpectralNorm),
                         ("alpha_weighted", r.AlphaWeighted), ("stable_rank", r.StableRank),
                     })
            {
                Assert.True(Tolerances.Close(v, ExpectedTable.Number(e[col]), tol),
                    $"{c.Name} [{backend}] {r.Name}.{col}: ours {v:R}, WeightWatcher {e[col]}");
            }

            Assert.Equal(int.Parse(e["num_pl_spikes"], CultureInfo.InvariantCulture), r.NumPlSpikes);
            Assert.Equal(e["warning"], r.Warning);
        }
    }

    [Fact]
    public void FailedFitIsReportedAsFailedNotOverTrained()
    {
        var c = GoldenCase.Named("spikes");
        var report = GoldenRuns.Run(c, "lapack", CompatMode.Default);
        var failed = Assert.Single(report.Layers, r => r.Status == "failed");
        Assert.Equal("tiny.all_below_300x150", failed.Name);
        Assert.Equal(string.Empty, failed.Warning);
        Assert.NotEmpty(failed.StatusReason);
        Assert.True(double.IsNaN(failed.Alpha) && double.IsNaN(failed.D) && double.IsNaN(failed.AlphaWeighted));
        Assert.Null(failed.NumPlSpikes);

        // The summary's alpha is the mean over the successful fits only.
        var expected = ExpectedTable.Load(c.DetailsCsv).Rows
            .Where(e => e["status"] == "success").Select(e => ExpectedTable.Number(e["alpha"])).Average();
        Assert.True(Tolerances.Close(report.Summary.Alpha, expected, Relative));

        // WeightWatcher mode keeps WW's reading: alpha = -1, 'over-trained', averaged in.
        var ww = Assert.Single(GoldenRuns.Run(c, "lapack", CompatMode.WeightWatcher).Layers, r => r.Status == "failed");
        Assert.Equal(-1, ww.Alpha);
        Assert.Equal("over-trained", ww.Warning);
    }

    [Fact]
    public void ConvWithEvenSliceCountReportsUnswappedShape()
    {
        var c = GoldenCase.Named("conv2d");
        var ours = Assert.Single(GoldenRuns.Run(c, "lapack", CompatMode.Default).Layers,
            r => r.Name == "conv.k2_outlt_in_20x60");
        Assert.Equal((60, 20, 3.0), (ours.N, ours.M, ours.Q));
        var ww = ExpectedTable.Load(c.DetailsCsv).Rows.Single(e => e["name"] == "conv.k2_outlt_in_20x60");
        Assert.Equal(("20", "60"), (ww["N"], ww["M"]));
    }

    [Fact]
    public void ConvSvMinIsTheSmallestSingularValueOfTheLayer()
    {
        var c = GoldenCase.Named("conv2d");
        var evals = GoldenRuns.ExpectedEvals(c);
        foreach (var r in GoldenRuns.Run(c, "lapack", CompatMode.Default).Layers)
        {
            var expectedEvals = evals[$"{r.LayerId}:{r.Name}"];
            var expected = Math.Sqrt(expectedEvals[0]);
            Assert.True(Tolerances.Close(r.SvMin * r.SvMin, expected * expected, ConvFloat32Scaling,
                GramAbsoluteOfLambdaMax * expectedEvals[^1]), $"{r.Name}: {r.SvMin:R} vs {expected:R}");
        }
    }

    [Fact]
    public void SameModelInEveryContainerGivesIdenticalRows()
    {
        string[] containers = ["digits_mlp.npz", "digits_mlp.safetensors", "digits_mlp.pt", "digits_mlp_legacy.pt"];
        var rows = containers.Select(n => GoldenRuns.Run(GoldenCase.Named(n), "lapack", CompatMode.Default).Layers)
            .ToList();
        foreach (var other in rows.Skip(1))
        {
            Assert.Equal(rows[0].Count, other.Count);
            foreach (var (a, b) in rows[0].Zip(other))
            {
                // Identical float32 weights in every container: every number identical, bit for bit.
                Assert.Equal(a with { Evals = [] }, b with { Evals = [] });
                Assert.Equal(a.Evals, b.Evals);
            }
        }
    }

    [Fact]
    public void DepthwiseConvolutionsAreSkippedWithAReasonInDefaultMode()
    {
        var report = GoldenRuns.Run(GoldenCase.Named("ppocr.onnx"), "lapack", CompatMode.Default);
        var depthwise = report.Skipped.Where(p => p.Type == LayerType.DepthwiseConv).ToList();
        Assert.Equal(14, depthwise.Count); // 6 of 3×3 and 8 of 5×5 (names.csv conv_group)
        Assert.All(depthwise, p => Assert.Contains("depthwise", p.SkipReason, StringComparison.Ordinal));
    }

    [Fact]
    public void Conv1DIsAnalysedAsKernelSlicesInDefaultModeOnly()
    {
        var c = GoldenCase.Named("mixed");
        var conv1d = Assert.Single(GoldenRuns.Run(c, "lapack", CompatMode.Default).Layers, r => r.Name == "enc.conv1d");
        Assert.Equal(("conv1d", 64, 32, 5, 160), (conv1d.LayerType, conv1d.N, conv1d.M, conv1d.Rf, conv1d.NumEvals));
        Assert.DoesNotContain(GoldenRuns.Run(c, "lapack", CompatMode.WeightWatcher).Layers, r => r.Name == "enc.conv1d");
    }

    [Fact]
    public void SingleSafetensorsKeepsFileOrderInDefaultModeAndSortedOrderInCompat()
    {
        var c = GoldenCase.Named("mixed");
        var compat = GoldenRuns.Run(c, "lapack", CompatMode.WeightWatcher).Layers.Select(r => r.Name).ToList();
        var ours = GoldenRuns.Run(c, "lapack", CompatMode.Default).Layers.Select(r => r.Name)
            .Where(compat.Contains).ToList();
        Assert.Equal(compat.Order(StringComparer.Ordinal), compat);
        Assert.NotEqual(compat, ours);
        Assert.Equal(compat.Order(), ours.Order());
    }
}
