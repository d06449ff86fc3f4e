using GpuSpectral.Core.Planning;
using GpuSpectral.Core.Tensors;

namespace GpuSpectral.Engine.Compare;

/// <summary>
/// Pairs the layers of two checkpoints by name, or an adapter's LoRA pairs with the base model's layers. Every
/// layer that cannot be compared is returned as a <see cref="CompareSkip"/>, never dropped.
/// </summary>
internal static class LayerMatcher
{
    /// <summary>
    /// Plain comparison: a layer of A is compared with the layer of B with the same plan name
    /// (<see cref="LayerPlan.Name"/>, i.e. tensor name without <c>.weight</c>, plus the part suffix of split
    /// layers). Shapes must be equal, or a 2-D weight may be stored transposed in B.
    /// </summary>
    public static (List<CompareJob> Jobs, List<CompareSkip> Skipped) MatchPlans(
        IReadOnlyList<LayerPlan> plansA, IReadOnlyList<LayerPlan> plansB)
    {
        var byName = new Dictionary<string, LayerPlan>(StringComparer.Ordinal);
        foreach (var p in plansB)
        {
            byName.TryAdd(p.Name, p);
        }

        var jobs = new List<CompareJob>();
        var skipped = new List<CompareSkip>();
        var used = new HashSet<string>(StringComparer.Ordinal);
        foreach (var a in plansA)
        {
            if (!byName.TryGetValue(a.Name, out var b))
            {
                skipped.Add(new CompareSkip(a.Name, a.Tensor.ShapeText, null, "only in A"));
                continue;
            }

            used.Add(a.Name);
            var (sa, sb) = (a.Tensor.ShapeText, b.Tensor.ShapeText);
            if (!a.IsAnalysed || !b.IsAnalysed)
            {
                var why = !a.IsAnalysed ? $"not analysed in A: {a.SkipReason}" : $"not analysed in B: {b.SkipReason}";
                skipped.Add(new CompareSkip(a.Name, sa, sb, why));
            }
            else if (a.Tensor.Shape.SequenceEqual(b.Tensor.Shape) && SameGeometry(a, b))
            {
                jobs.Add(new CompareJob(a, a.Tensor, b.Tensor, DeltaSource.Weights, null, false));
            }
            else if (IsTransposed(a, b))
            {
                jobs.Add(new CompareJob(a, a.Tensor, b.Tensor, DeltaSource.WeightsTransposed, null, false));
            }
            else
            {
                skipped.Add(new CompareSkip(a.Name, sa, sb, $"shapes differ: {sa} in A, {sb} in B"));
            }
        }

        skipped.AddRange(plansB.Where(b => !used.Contains(b.Name))
            .Select(b => new CompareSkip(b.Name, null, b.Tensor.ShapeText, "only in B")));
        return (jobs, skipped);
    }

    /// <summary>
    /// Adapter comparison: each LoRA pair is matched to the base tensor named <see cref="LoraPair.BaseTensorName"/>;
    /// when no base tensor has that exact name, to the only base tensor whose name ends with "." + it, or that it
    /// ends with ("." + base name). Every base plan of that tensor is compared (all parts of a split weight).
    /// </summary>
    public static (List<CompareJob> Jobs, List<CompareSkip> Skipped) MatchAdapter(
        IReadOnlyList<LayerPlan> basePlans, PeftAdapter adapter, bool adapterIsA)
    {
        var tensors = basePlans.Select(p => p.Tensor).DistinctBy(t => t.Name).ToList();
        var skipped = new List<CompareSkip>(adapter.Unusable);
        var pairFor = new Dictionary<string, LoraPair>(StringComparer.Ordinal);
        foreach (var pair in adapter.Pairs)
        {
            var target = Resolve(tensors, pair.BaseTensorName);
            if (target is null)
            {
                skipped.Add(new CompareSkip(pair.Module, null, pair.A.ShapeText,
                    $"no base-model tensor named {pair.BaseTensorName} (or ending with it)"));
            }
            else if (!target.Shape.SequenceEqual(pair.DeltaShape))
            {
                var shape = "(" + string.Join(", ", pair.DeltaShape) + ")";
                skipped.Add(new CompareSkip(pair.Module, target.ShapeText, shape,
                    $"LoRA update is {shape} but base tensor {target.Name} is {target.ShapeText}"));
            }
            else if (!pairFor.TryAdd(target.Name, pair))
            {
                skipped.Add(new CompareSkip(pair.Module, target.ShapeText, null,
                    $"a second LoRA pair targets {target.Name}"));
            }
        }

        var jobs = new List<CompareJob>();
        foreach (var plan in basePlans)
        {
            var shape = plan.Tensor.ShapeText;
            if (!pairFor.TryGetValue(plan.Tensor.Name, out var pair))
            {
                skipped.Add(new CompareSkip(plan.Name, shape, null, plan.IsAnalysed
                    ? "not targeted by the adapter" : $"not analysed in the base model: {plan.SkipReason}"));
            }
            else if (!plan.IsAnalysed)
            {
                skipped.Add(new CompareSkip(plan.Name, shape, shape, $"not analysed in the base model: {plan.SkipReason}"));
            }
            else
            {
                jobs.Add(new CompareJob(plan, plan.Tensor, null, DeltaSource.Lora, pair, adapterIsA));
            }
        }

        return (jobs, skipped);
    }

    /// <summary>Same matrices: equal slice geometry and layout (parts of equally shaped weights plan alike).</summary>
    private static bool SameGeometry(LayerPlan a, LayerPlan b) =>
        a.SliceRows == b.SliceRows && a.SliceCols == b.SliceCols && a.SliceCount == b.SliceCount
        && a.Layout == b.Layout && a.Rows == b.Rows && a.Cols == b.Cols;

    private static bool IsTransposed(LayerPlan a, LayerPlan b) =>
        a.Tensor.Rank == 2 && b.Tensor.Rank == 2 && !a.IsPart && !b.IsPart
        && a.Tensor.Shape[0] == b.Tensor.Shape[1] && a.Tensor.Shape[1] == b.Tensor.Shape[0];

    private static TensorInfo? Resolve(List<TensorInfo> tensors, string name)
    {
        var exact = tensors.Find(t => t.Name == name);
        if (exact is not null)
        {
            return exact;
        }

        var near = tensors.Where(t => t.Name.EndsWith("." + name, StringComparison.Ordinal)
            || name.EndsWith("." + t.Name, StringComparison.Ordinal)).Take(2).ToList();
        return near.Count == 1 ? near[0] : null;
    }
}
