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
        var plans = Plan([T("s"), T("five", 2, 2, 2, 2, 2), T("e", 0, 10)]);
        Assert.All(plans, p => Assert.False(p.IsAnalysed));
        Assert.Contains("5-D", plans[1].SkipReason, StringComparison.Ordinal);
        Assert.Contains("empty", plans[2].SkipReason, StringComparison.Ordinal);
    }

    [Fact]
    public void Conv1DIsKernelSlicesInDefaultModeAndSkippedInCompat()
    {
        var torch = Plan([T("c1", 64, 32, 5)])[0];
        Assert.Equal((LayerType.Conv1D, 64, 32, 5, 160, ConvLayout.OutInHW), (torch.Type, torch.N, torch.M,
            torch.Rf, torch.NumEvals, torch.Layout));
        Assert.Equal(1.0, torch.EvalScale); // conv2d_norm is WeightWatcher's Conv2D convention only
        var keras = Plan([T("c1", 5, 32, 64) with { Layout = WeightLayout.Keras }])[0];
        Assert.Equal((32, 64, 5, ConvLayout.HWInOut), (keras.SliceRows, keras.SliceCols, keras.Rf, keras.Layout));
        var ww = Plan([T("c1", 64, 32, 5)], new PlanOptions { Compat = CompatMode.WeightWatcher })[0];
        Assert.Contains("3-D", ww.SkipReason, StringComparison.Ordinal);
    }

    [Fact]
    public void StatedKerasLayoutBeatsTheShapeHeuristic()
    {
        // (3, 3, 2, 2) looks like PyTorch to the heuristic (3 + 3 >= 2 + 2), but the file says Keras.
        var p = Plan([T("k", 3, 3, 2, 2) with { Layout = WeightLayout.Keras }], new PlanOptions { MinEvals = 1 })[0];
        Assert.Equal((ConvLayout.HWInOut, 2, 2, 9), (p.Layout, p.SliceRows, p.SliceCols, p.Rf));
    }

    [Fact]
    public void DepthwiseIsSkippedInDefaultModeAndAnalysedInCompat()
    {
        var t = T("dw", 32, 1, 5, 5) with { KindHint = LayerKindHint.DepthwiseConv };
        Assert.Contains("depthwise", Plan([t])[0].SkipReason, StringComparison.Ordinal);
        var ww = Plan([t], new PlanOptions { Compat = CompatMode.WeightWatcher })[0];
        Assert.True(ww.IsAnalysed);
        Assert.Equal((LayerType.Conv2D, 25, 1), (ww.Type, ww.Rf, ww.M));
    }

    [Fact]
    public void EmbeddingsAndRecurrentWeightsAreNamedByKind()
    {
        var plans = Plan([T("model.embed_tokens.weight", 512, 64), T("lstm.weight_ih_l0", 128, 16),
            T("transformer.wte.weight", 100, 16), T("lm_head.weight", 512, 64)]);
        Assert.Equal([LayerType.Embedding, LayerType.Recurrent, LayerType.Embedding, LayerType.Dense],
            plans.Select(p => p.Type));
        var ww = Plan([T("model.embed_tokens.weight", 512, 64)], new PlanOptions { Compat = CompatMode.WeightWatcher });
        Assert.Equal(LayerType.Dense, ww[0].Type);
    }

    [Fact]
    public void FusedQkvSplitsIntoThreeLayersWithConsecutiveIds()
    {
        var o = new PlanOptions { SplitFused = true };
        var gpt2 = Plan([T("h.0.attn.c_attn.weight", 64, 192), T("h.0.attn.c_proj.weight", 64, 64)], o);
        Assert.Equal([(1, "h.0.attn.c_attn[q]"), (2, "h.0.attn.c_attn[k]"), (3, "h.0.attn.c_attn[v]"),
            (4, "h.0.attn.c_proj")], gpt2.Select(p => (p.LayerId, p.Name)));
        Assert.Equal(new AxisBlocks(1, 64, 64, 64, 1), gpt2[1].Cols);
        Assert.Equal((64, 64), (gpt2[1].SliceRows, gpt2[1].SliceCols));

        var qkv = Plan([T("blocks.0.attn.qkv.weight", 96, 32)], o);
        Assert.Equal(new AxisBlocks(0, 64, 32, 32, 1), qkv[2].Rows);
        Assert.Single(Plan([T("blocks.0.attn.qkv.weight", 96, 32)]));
        Assert.Single(Plan([T("blocks.0.attn.qkv.weight", 96, 32)], o with { Compat = CompatMode.WeightWatcher }));
    }

    [Fact]
    public void GroupedQueryAndInterleavedQkvNeedTheConfig()
    {
        // Phi-3-like GQA: 4 heads, 2 kv heads, head_dim 8, hidden 32: rows = (4 + 2·2)·8 = 64.
        var gqa = new PlanOptions { SplitFused = true, Config = new ModelConfig(4, 2, 32) };
        var parts = Plan([T("l.qkv_proj.weight", 64, 32)], gqa);
        Assert.Equal([32, 16, 16], parts.Select(p => p.SliceRows));

        // GPT-NeoX query_key_value rows are (heads, 3, head_dim).
        var neox = new PlanOptions { SplitFused = true, Config = new ModelConfig(2, null, 8) };
        var k = Plan([T("l.query_key_value.weight", 24, 8)], neox)[1];
        Assert.Equal(new AxisBlocks(0, 4, 4, 12, 2), k.Rows);
        Assert.Equal([4, 5, 6, 7, 16, 17, 18, 19], Enumerable.Range(0, 8).Select(i => k.Rows![i]));
        var unknown = Plan([T("l.query_key_value.weight", 24, 8)], new PlanOptions { SplitFused = true });
        Assert.Contains("num_attention_heads", Assert.Single(unknown).Note, StringComparison.Ordinal);
    }

    [Fact]
    public void GatesSplitFromTheHiddenSizeOfTheHiddenWeight()
    {
        var o = new PlanOptions { SplitGates = true };
        var torch = Plan([T("rnn.weight_ih_l0", 64, 10), T("rnn.weight_hh_l0", 64, 16)], o);
        Assert.Equal(["rnn.weight_ih_l0[i]", "rnn.weight_ih_l0[f]", "rnn.weight_ih_l0[g]", "rnn.weight_ih_l0[o]",
            "rnn.weight_hh_l0[i]", "rnn.weight_hh_l0[f]", "rnn.weight_hh_l0[g]", "rnn.weight_hh_l0[o]"],
            torch.Select(p => p.Name));
        Assert.All(torch, p => Assert.Equal(16, p.SliceRows));
        var keras = Plan([T("gru/kernel", 10, 48) with { KindHint = LayerKindHint.Recurrent, Layout = WeightLayout.Keras },
            T("gru/recurrent_kernel", 16, 48) with { KindHint = LayerKindHint.Recurrent, Layout = WeightLayout.Keras }], o);
        Assert.Equal(["gru[z]", "gru[r]", "gru[h]"], keras.Take(3).Select(p => p.Name));
        Assert.Equal(new AxisBlocks(1, 16, 16, 16, 1), keras[1].Cols);
    }

    [Fact]
    public void KerasNormParametersAreNotLayers()
    {
        var plans = Plan([T("bn/gamma", 8), T("bn/beta", 8), T("bn/moving_mean", 8), T("dense/kernel", 20, 10),
            T("dense/bias", 10)]);
        Assert.Equal([(1, "dense")], plans.Select(p => (p.LayerId, p.Name)));
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
