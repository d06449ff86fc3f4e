using GpuSpectral.Compute;
using GpuSpectral.Core.Planning;
using GpuSpectral.Engine.Tests.Golden;
using GpuSpectral.TestSupport;

namespace GpuSpectral.Engine.Tests.Slices;

/// <summary>
/// <c>--pool false</c>: one row per Conv2D slice. WeightWatcher's pooled eigenvalues of conv2d.npz are the union of
/// the slices' eigenvalues ×0.5 (conv2d_norm, pooled); unpooled, each slice is scaled by rf/2 instead. So the
/// unpooled rows, divided by rf and pooled, must reproduce WeightWatcher's own pooled eigenvalues.
/// </summary>
public sealed class UnpooledConvTests
{
    /// <summary>
    /// WeightWatcher multiplies the float32 conv weights by sqrt(1/2) in float32, so each of its weights carries one
    /// extra float32 rounding (≤ 2⁻²⁴ relative); eigenvalues are quadratic in the weights, hence 2·2⁻²⁴ ≈ 1.2e-7,
    /// doubled for the accumulation of many such perturbations in one eigenvalue. We scale eigenvalues in float64.
    /// </summary>
    private const double Float32ScalingRelative = 2.4e-7;

    private static readonly AnalysisOptions Unpooled = new() { Plan = new PlanOptions { Pool = false } };

    private static AnalysisReport Run() =>
        new Analyzer(EigenBackends.Create(EigenBackendKind.Lapack, warn: null))
            .Analyze(SharedData.Fixture("conv2d.npz"), Unpooled);

    [Fact]
    public void Each_slice_is_a_row_and_the_slices_pool_back_to_WeightWatchers_eigenvalues()
    {
        var report = Run();
        var expected = GoldenRuns.ExpectedEvals(GoldenCase.Named("conv2d"));
        var checkedLayers = 0;
        foreach (var group in report.Layers.Where(r => r.LayerType == "conv2d").GroupBy(r => r.LayerId))
        {
            var rows = group.OrderBy(r => r.SliceId).ToList();
            var rf = rows[0].Rf;
            Assert.Equal(Enumerable.Range(0, rf), rows.Select(r => r.SliceId!.Value));
            Assert.All(rows, r => Assert.Equal(r.M, r.NumEvals));
            var key = expected.Keys.Single(k => k.EndsWith(":" + rows[0].Name, StringComparison.Ordinal));
            var wwPooled = expected[key];
            double[] ours = [.. rows.SelectMany(r => r.Evals).Select(l => l / rf).Order()];
            Assert.Equal(wwPooled.Length, ours.Length);
            var lmax = wwPooled[^1];
            for (var i = 0; i < ours.Length; i++)
            {
                Assert.True(
                    Tolerances.Close(ours[i], wwPooled[i], Float32ScalingRelative,
                        Tolerances.GramAbsoluteOfLambdaMax * lmax),
                    $"{key}[{i}]: {ours[i]:R} vs WeightWatcher {wwPooled[i]:R}");
            }

            checkedLayers++;
        }

        Assert.True(checkedLayers >= 6, $"only {checkedLayers} conv layers were unpooled");
    }

    [Fact]
    public void Min_evals_tests_M_alone_when_unpooled()
    {
        // conv.k3_small_6x4 has M = 4: analysed pooled (M·rf = 36 ≥ 10), skipped unpooled (M = 4 < 10).
        var report = Run();
        Assert.DoesNotContain(report.Layers, r => r.Name == "conv.k3_small_6x4");
        var skip = Assert.Single(report.Skipped, p => p.Name == "conv.k3_small_6x4");
        Assert.Contains("M = 4 < min_evals 10", skip.SkipReason, StringComparison.Ordinal);
    }
}
