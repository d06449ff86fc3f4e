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
    /// <summary>Name endings of tensors that are not weight matrices and take no layer id (biases and
    /// BatchNorm buffers; WeightWatcher's state-dict path numbers only <c>*.weight</c> keys).</summary>
    private static readonly string[] NonLayerSuffixes =
        [".bias", ".running_mean", ".running_var", ".num_batches_tracked"];

    /// <summary>Plans every tensor.</summary>
    /// <param name="tensors">Tensors in the checkpoint's own order.</param>
    /// <param name="layout">How the checkpoint is stored (decides WeightWatcher's order and first id).</param>
    /// <param name="options">Planning options.</param>
    /// <returns>One plan per layer tensor (<c>*.weight</c> or a bare name; not biases or BatchNorm buffers), in
    /// analysis order; skipped ones carry a reason.</returns>
    public static IReadOnlyList<LayerPlan> Plan(
        IReadOnlyList<TensorInfo> tensors, CheckpointLayout layout, PlanOptions options)
    {
        var plans = new List<LayerPlan>();
        var nextId = layout.IsFolder ? 0 : 1;
        foreach (var t in Order(tensors, layout, options.Compat))
        {
            if (IsLayerTensor(t.Name))
            {
                plans.Add(PlanOne(t, nextId++, options));
            }
        }

        return plans;
    }

    /// <summary>True for a tensor that takes a layer id: <c>*.weight</c>, or any name without a bias/buffer
    /// ending (the reference harness' convention: a bare key is a weight).</summary>
    public static bool IsLayerTensor(string name) =>
        name.EndsWith(".weight", StringComparison.Ordinal)
        || !NonLayerSuffixes.Any(s => name.EndsWith(s, StringComparison.Ordinal));

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
        var name = t.Name.EndsWith(".weight", StringComparison.Ordinal) ? t.Name[..^".weight".Length] : t.Name;
        if (t.Shape.Any(d => d > int.MaxValue) || t.ElementCount > Array.MaxLength)
        {
            return new LayerPlan
            {
                LayerId = id, Name = name, Tensor = t, Type = LayerType.Unsupported,
                SkipReason = string.Create(CultureInfo.InvariantCulture,
                    $"{t.ShapeText} is too large for one in-memory matrix ({Array.MaxLength} elements at most)"),
            };
        }

        var plan = t.Rank switch
        {
            2 => Dense(t, id, name),
            4 => Conv(t, id, name, o),
            1 => new LayerPlan
            {
                LayerId = id, Name = name, Tensor = t, Type = LayerType.Norm,
                SkipReason = "1-D tensor (norm or bias vector)",
            },
            _ => new LayerPlan
            {
                LayerId = id, Name = name, Tensor = t, Type = LayerType.Unsupported,
                SkipReason = t.Rank == 3
                    ? "3-D tensor (Conv1d kernel): not analysed by this version"
                    : string.Create(CultureInfo.InvariantCulture, $"{t.Rank}-D tensor: not a weight matrix"),
            },
        };
        if (!o.Selection.Keeps(id, name, plan.Type))
        {
            return plan with { SkipReason = "excluded by --layers" };
        }

        return plan.SkipReason is null ? plan with { SkipReason = SizeSkip(plan, o) } : plan;
    }

    private static LayerPlan Dense(TensorInfo t, int id, string name)
    {
        var rows = ToInt(t.Shape[0]);
        var cols = ToInt(t.Shape[1]);
        return new LayerPlan
        {
            LayerId = id, Name = name, Tensor = t, Type = LayerType.Dense,
            N = Math.Max(rows, cols), M = Math.Min(rows, cols), Rf = 1, SliceCount = 1,
            SliceRows = rows, SliceCols = cols, NumEvals = Math.Min(rows, cols),
        };
    }

    private static LayerPlan Conv(TensorInfo t, int id, string name, PlanOptions o)
    {
        var s = t.Shape.Select(ToInt).ToArray();
        // WeightWatcher's layout test: PyTorch (out, in, kh, kw) when out + in >= kh + kw.
        var torch = (long)s[0] + s[1] >= (long)s[2] + s[3];
        var (rows, cols, kh, kw) = torch ? (s[0], s[1], s[2], s[3]) : (s[2], s[3], s[0], s[1]);
        var rf = checked(kh * kw);
        int n = Math.Max(rows, cols), m = Math.Min(rows, cols);
        if (o.Compat == CompatMode.WeightWatcher && rows < cols && rf % 2 == 0)
        {
            // WW toggles N and M at every transposed slice: an even count leaves them swapped (WW:1277).
            (n, m) = (m, n);
        }

        return new LayerPlan
        {
            LayerId = id, Name = name, Tensor = t, Type = LayerType.Conv2D,
            N = n, M = m, Rf = rf, SliceCount = rf, SliceRows = rows, SliceCols = cols,
            NumEvals = checked(Math.Min(rows, cols) * rf),
            Layout = torch ? ConvLayout.OutInHW : ConvLayout.HWInOut,
            EvalScale = o.Conv2DNorm ? 0.5 : 1.0,
        };
    }

    private static string? SizeSkip(LayerPlan p, PlanOptions o)
    {
        var ic = CultureInfo.InvariantCulture;
        if (p.SliceRows == 0 || p.SliceCols == 0)
        {
            return "empty tensor (a zero dimension)";
        }

        // WeightWatcher tests its (possibly swapped) M times rf.
        var mrf = (long)p.M * p.Rf;
        if (mrf < o.MinEvals)
        {
            return string.Create(ic, $"M·rf = {mrf} < min_evals {o.MinEvals}");
        }

        if (o.EffectiveMaxEvals is int maxEvals && mrf > maxEvals)
        {
            return string.Create(ic, $"M·rf = {mrf} > max_evals {maxEvals}");
        }

        if (o.EffectiveMaxN is int maxN && p.N > maxN)
        {
            return string.Create(ic, $"N = {p.N} > max_N {maxN}");
        }

        return null;
    }

    private static int ToInt(long d) =>
        d <= int.MaxValue ? (int)d : throw new OverflowException($"dimension {d} exceeds {int.MaxValue}");
}
