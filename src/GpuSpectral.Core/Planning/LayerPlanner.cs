using System.Globalization;
using GpuSpectral.Core.Tensors;

namespace GpuSpectral.Core.Planning;

/// <summary>
/// Turns a checkpoint's tensor list into layer plans, following weightwatcher-spec.md §b.1 (layer ids, types,
/// N/M/Q/rf, filters) with the fixes of <see cref="CompatMode.Default"/> or the bugs of
/// <see cref="CompatMode.WeightWatcher"/>.
/// </summary>
public static class LayerPlanner
{
    /// <summary>Name endings of tensors that are not weight matrices and take no layer id: biases, BatchNorm
    /// buffers and Keras norm parameters (WeightWatcher's state-dict path numbers only <c>*.weight</c> keys).</summary>
    private static readonly string[] NonLayerSuffixes =
    [
        ".bias", ".running_mean", ".running_var", ".num_batches_tracked",
        "/bias", "/gamma", "/beta", "/moving_mean", "/moving_variance",
    ];

    /// <summary>Plans every tensor.</summary>
    /// <param name="tensors">Tensors in the checkpoint's own order.</param>
    /// <param name="layout">How the checkpoint is stored (decides WeightWatcher's order and first id).</param>
    /// <param name="options">Planning options.</param>
    /// <returns>One plan per layer tensor (<c>*.weight</c> or a bare name; not biases or BatchNorm buffers), or
    /// per part of a split weight, in analysis order; skipped ones carry a reason.</returns>
    public static IReadOnlyList<LayerPlan> Plan(
        IReadOnlyList<TensorInfo> tensors, CheckpointLayout layout, PlanOptions options)
    {
        var byName = new Dictionary<string, TensorInfo>(StringComparer.Ordinal);
        foreach (var t in tensors)
        {
            byName.TryAdd(t.Name, t);
        }

        var plans = new List<LayerPlan>();
        var nextId = layout.IsFolder ? 0 : 1;
        foreach (var t in Order(tensors, layout, options.Compat))
        {
            if (!IsLayerTensor(t.Name))
            {
                continue;
            }

            foreach (var part in Expand(PlanOne(t, nextId, options), options, byName))
            {
                plans.Add(part with { LayerId = nextId++, SkipReason = part.SkipReason ?? SizeSkip(part, options) });
            }
        }

        return plans;
    }

    /// <summary>True for a tensor that takes a layer id: <c>*.weight</c>, or any name without a bias/buffer
    /// ending (the reference harness' convention: a bare key is a weight).</summary>
    public static bool IsLayerTensor(string name) =>
        name.EndsWith(".weight", StringComparison.Ordinal)
        || !NonLayerSuffixes.Any(s => name.EndsWith(s, StringComparison.Ordinal));

    /// <summary>The layer name of a tensor: its name without a trailing <c>.weight</c> or Keras <c>/kernel</c>.</summary>
    public static string LayerName(string tensorName) =>
        tensorName.EndsWith(".weight", StringComparison.Ordinal) ? tensorName[..^".weight".Length]
        : tensorName.EndsWith("/kernel", StringComparison.Ordinal) ? tensorName[..^"/kernel".Length]
        : tensorName;

    /// <summary>The analysis order of the tensors (see <see cref="CompatMode"/>).</summary>
    public static IReadOnlyList<TensorInfo> Order(
        IReadOnlyList<TensorInfo> tensors, CheckpointLayout layout, CompatMode compat)
    {
        if (compat != CompatMode.WeightWatcher)
        {
            return tensors;
        }

        if (layout.IsSingleSafetensors)
        {
            // safe_open().keys() is sorted: layers.10 comes before layers.2.
            return [.. tensors.OrderBy(t => t.Name, StringComparer.Ordinal)];
        }

        if (layout.IsFolder)
        {
            // Shard files in sorted order; within a shard the weight_map order, or sorted keys without an index.
            var byShard = tensors.Select((t, i) => (t, i))
                .OrderBy(p => Path.GetFileName(p.t.SourceFile), StringComparer.Ordinal);
            return layout.HasShardIndex
                ? [.. byShard.ThenBy(p => p.i).Select(p => p.t)]
                : [.. byShard.ThenBy(p => p.t.Name, StringComparer.Ordinal).Select(p => p.t)];
        }

        return tensors;
    }

    private static LayerPlan PlanOne(TensorInfo t, int id, PlanOptions o)
    {
        var name = LayerName(t.Name);
        var type = LayerKindClassifier.Classify(t, name, o.Compat);
        var plan = new LayerPlan { LayerId = id, Name = name, Tensor = t, Type = type };
        if (!o.Selection.Keeps(id, name, type))
        {
            return plan with { SkipReason = "excluded by --layers" };
        }

        if (t.Shape.Any(d => d > int.MaxValue) || t.ElementCount > Array.MaxLength)
        {
            return plan with
            {
                SkipReason = string.Create(CultureInfo.InvariantCulture,
                    $"{t.ShapeText} is too large for one in-memory matrix ({Array.MaxLength} elements at most)"),
            };
        }

        if (t.Shape.Any(d => d == 0))
        {
            return plan with { SkipReason = "empty tensor (a zero dimension)" };
        }

        return type switch
        {
            LayerType.Dense or LayerType.Embedding => LayerGeometry.Matrix(plan),
            LayerType.Recurrent => t.Rank == 2 ? LayerGeometry.Matrix(plan) : LayerGeometry.Conv(plan, o),
            LayerType.Conv2D or LayerType.Conv1D => LayerGeometry.Conv(plan, o),
            LayerType.Norm => plan with { SkipReason = "1-D tensor (norm or bias vector)" },
            LayerType.DepthwiseConv => plan with
            {
                SkipReason = "depthwise convolution: each filter sees one input channel, no weight matrix to analyse",
            },
            _ => plan with
            {
                SkipReason = t.Rank == 3
                    ? "3-D tensor: WeightWatcher cannot analyse Conv1d kernels (the default mode does)"
                    : string.Create(CultureInfo.InvariantCulture, $"{t.Rank}-D tensor: not a weight matrix"),
            },
        };
    }

    private static IReadOnlyList<LayerPlan> Expand(
        LayerPlan plan, PlanOptions o, IReadOnlyDictionary<string, TensorInfo> byName)
    {
        if (!plan.IsAnalysed || o.Compat == CompatMode.WeightWatcher || plan.Tensor.Rank != 2)
        {
            return [plan];
        }

        if (o.SplitFused && LayerSplits.IsFusedQkv(plan.Name))
        {
            return LayerSplits.SplitFused(plan, o.Config);
        }

        if (o.SplitGates && plan.Type == LayerType.Recurrent)
        {
            return LayerSplits.SplitGates(plan, byName);
        }

        return [plan];
    }

    private static string? SizeSkip(LayerPlan p, PlanOptions o)
    {
        var ic = CultureInfo.InvariantCulture;
        // WeightWatcher tests its (possibly swapped) M times rf, or M alone with pool=False.
        var mrf = o.Pool ? (long)p.M * p.Rf : p.M;
        var what = o.Pool ? "M·rf" : "M";
        if (mrf < o.MinEvals)
        {
            return string.Create(ic, $"{what} = {mrf} < min_evals {o.MinEvals}");
        }

        if (o.EffectiveMaxEvals is int maxEvals && mrf > maxEvals)
        {
            return string.Create(ic, $"{what} = {mrf} > max_evals {maxEvals}");
        }

        if (o.EffectiveMaxN is int maxN && p.N > maxN)
        {
            return string.Create(ic, $"N = {p.N} > max_N {maxN}");
        }

        return null;
    }
}
