using GpuSpectral.Core.Planning;
using GpuSpectral.Core.Tensors;

namespace GpuSpectral.Core.Tests.Planning;

public sealed class LayerPlannerTests
{
    private static TensorInfo T(string name, params long[] shape) =>
        new(name, DType.F32, shape, shape.Aggregate(4L, (a, d) => a * d), "f.safetensors");

    private static IReadOnlyList<LayerPlan> Plan(IReadOnlyList<TensorInfo> t, PlanOptions? o = null,
        bool folder = false) =>
        LayerPlanner.Plan(t, new CheckpointLayout(folder, false, folder), o ?? new PlanOptions());

    private static readonly CheckpointLayout Single = new(false, true, false);

    [Fact]
    public void BiasesTakeNoIdAndEveryOtherTensorTakesOneFromOne()
    {
        var plans = Plan([T("a.weight", 20, 10), T("a.bias", 20), T("norm.weight", 10), T("x", 30, 12)]);
        Assert.Equal([(1, "a"), (2, "norm"), (3, "x")], plans.Select(p => (p.LayerId, p.Name)));
        Assert.Equal(LayerType.Norm, plans[1].Type);
        Assert.False(plans[1].IsAnalysed);
    }

    [Fact]
    public void FoldersAreNumberedFromZero() =>
        Assert.Equal(0, Plan([T("a.weight", 20, 10)], folder: true)[0].LayerId);

    [Fact]
    public void DenseShapeGivesNMQ()
    {
        var p = Plan([T("w", 10, 30)])[0];
        Assert.Equal((30, 10, 1, 3.0, 10), (p.N, p.M, p.Rf, p.Q, p.NumEvals));
        Assert.Equal((10, 30), (p.SliceRows, p.SliceCols));
    }

    [Theory]
    [InlineData(CompatMode.Default, 60, 20)]
    [InlineData(CompatMode.WeightWatcher, 20, 60)] // WW:1277 toggles N/M at each of the 4 transposed slices
    public void ConvWithOutLessThanInAndEvenSlices(CompatMode compat, int n, int m)
    {
        var p = Plan([T("c", 20, 60, 2, 2)], new PlanOptions { Compat = compat })[0];
        Assert.Equal((n, m, 4, 80), (p.N, p.M, p.Rf, p.NumEvals));
        Assert.Equal(0.5, p.EvalScale);
    }

    [Fact]
    public void ConvWithOddSliceCountIsNotSwappedEvenInCompat()
    {
        var p = Plan([T("c", 24, 72, 3, 3)], new PlanOptions { Compat = CompatMode.WeightWatcher })[0];
        Assert.Equal((72, 24, 9), (p.N, p.M, p.Rf));
    }

    [Fact]
    public void KerasLayoutIsDetectedWhenKernelDimsDominate()
    {
        var p = Plan([T("k", 3, 3, 16, 32)])[0];
        Assert.Equal(ConvLayout.HWInOut, p.Layout);
        Assert.Equal((16, 32, 9), (p.SliceRows, p.SliceCols, p.SliceCount));
    }

    [Fact]
    public void MinEvalsCountsMTimesRf()
    {
        var plans = Plan([T("small", 50, 6), T("conv", 4, 2, 2, 2), T("ok", 120, 10)]);
        Assert.Contains("min_evals", plans[0].SkipReason, StringComparison.Ordinal);
        Assert.Contains("M·rf = 8", plans[1].SkipReason, StringComparison.Ordinal);
        Assert.True(plans[2].IsAnalysed);
    }

    [Fact]
    public void SizeLimitsApplyOnlyInCompatOrWhenAsked()
    {
        var t = new[] { T("big", 60000, 20), T("wide", 16000, 16000) };
        Assert.All(Plan(t), p => Assert.True(p.IsAnalysed));
        var ww = Plan(t, new PlanOptions { Compat = CompatMode.WeightWatcher });
        Assert.Contains("max_N 50000", ww[0].SkipReason, StringComparison.Ordinal);
        Assert.Contains("max_evals 15000", ww[1].SkipReason, StringComparison.Ordinal);
        Assert.False(Plan(t, new PlanOptions { MaxN = 100 })[0].IsAnalysed);
    }

    [Fact]
    public void OtherRanksAndEmptyTensorsAreSkippedWithAReason()
    {
        var plans = Plan([T("s"), T("c1", 64, 32, 5), T("e", 0, 10)]);
        Assert.All(plans, p => Assert.False(p.IsAnalysed));
        Assert.Contains("3-D", plans[1].SkipReason, StringComparison.Ordinal);
        Assert.Contains("empty", plans[2].SkipReason, StringComparison.Ordinal);
    }

    [Fact]
    public void CompatSortsSingleSafetensorsKeysAndGroupsShards()
    {
        var t = new[] { T("layers.2.w", 20, 10), T("layers.10.w", 20, 10) };
        Assert.Equal(["layers.10.w", "layers.2.w"],
            LayerPlanner.Order(t, Single, CompatMode.WeightWatcher).Select(x => x.Name));
        Assert.Equal(["layers.2.w", "layers.10.w"],
            LayerPlanner.Order(t, Single, CompatMode.Default).Select(x => x.Name));
        var sharded = new[]
        {
            T("a", 20, 10) with { SourceFile = "/m/model-2.safetensors" },
            T("b", 20, 10) with { SourceFile = "/m/model-1.safetensors" },
            T("c", 20, 10) with { SourceFile = "/m/model-2.safetensors" },
        };
        Assert.Equal(["b", "a", "c"],
            LayerPlanner.Order(sharded, new(true, false, true), CompatMode.WeightWatcher).Select(x => x.Name));
        var noIndex = new[] { sharded[2], sharded[0], sharded[1] }; // c, a, b: file order inside the shards
        Assert.Equal(["b", "a", "c"],
            LayerPlanner.Order(noIndex, new(true, false, false), CompatMode.WeightWatcher).Select(x => x.Name));
    }

    [Fact]
    public void BatchNormBuffersTakeNoId()
    {
        var plans = Plan([T("bn.weight", 8), T("bn.running_mean", 8), T("bn.running_var", 8),
            T("bn.num_batches_tracked"), T("fc.weight", 20, 10)]);
        Assert.Equal([(1, "bn"), (2, "fc")], plans.Select(p => (p.LayerId, p.Name)));
    }

    [Fact]
    public void FilteredLayersKeepTheirIds()
    {
        var sel = LayerSelection.Parse(["-^b$"]);
        var plans = Plan([T("a", 20, 10), T("b", 20, 10), T("c", 20, 10)], new PlanOptions { Selection = sel });
        Assert.Equal([1, 3], plans.Where(p => p.IsAnalysed).Select(p => p.LayerId));
        Assert.Equal("excluded by --layers", plans[1].SkipReason);
    }
}
