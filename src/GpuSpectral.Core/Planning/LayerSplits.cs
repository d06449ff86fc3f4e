using GpuSpectral.Core.Tensors;

namespace GpuSpectral.Core.Planning;

/// <summary>
/// Splits a 2-D weight into parts analysed as separate layers: fused Q/K/V projections (<c>--split-fused</c>) and
/// the gate blocks of recurrent weights (<c>--split-gates</c>). A weight that cannot be split safely stays whole,
/// with a <see cref="LayerPlan.Note"/> saying why.
/// </summary>
internal static class LayerSplits
{
    private static readonly string[] ContiguousRowsQkv = ["qkv_proj", "qkv", "Wqkv", "in_proj_weight"];

    /// <summary>True when <paramref name="name"/> names a fused Q/K/V projection.</summary>
    public static bool IsFusedQkv(string name)
    {
        var last = LastComponent(name);
        return last is "c_attn" or "query_key_value" || ContiguousRowsQkv.Contains(last);
    }

    /// <summary>The parts of a fused QKV weight, or the whole plan with a note when it cannot be split.</summary>
    public static IReadOnlyList<LayerPlan> SplitFused(LayerPlan p, ModelConfig config)
    {
        int rows = p.SliceRows, cols = p.SliceCols;
        var last = LastComponent(p.Name);
        if (last == "query_key_value")
        {
            // GPT-NeoX/BLOOM: rows are (heads, 3, head_dim): Q, K and V interleave per head.
            if (config.AttentionHeads is not int heads || heads <= 0 || rows % (3 * heads) != 0)
            {
                return [p with { Note = "fused query_key_value not split: num_attention_heads unknown (config.json)" }];
            }

            var d = rows / (3 * heads);
            return Parts(p, ["q", "k", "v"], k => new AxisBlocks(0, k * d, d, 3 * d, heads));
        }

        if (last == "c_attn" && cols == 3 * rows)
        {
            // GPT-2's HF Conv1D stores (in, 3·out): Q, K, V are column thirds.
            return Parts(p, ["q", "k", "v"], k => AxisBlocks.Range(1, k * rows, rows));
        }

        var sizes = QkvSizes(rows, cols, config);
        if (sizes is null)
        {
            return [p with { Note = $"fused {last} not split: {p.Tensor.ShapeText} is not [q; k; v] by rows" }];
        }

        var (q, kv) = sizes.Value;
        int[] offsets = [0, q, q + kv];
        int[] counts = [q, kv, kv];
        return Parts(p, ["q", "k", "v"], k => AxisBlocks.Range(0, offsets[k], counts[k]));
    }

    /// <summary>Gate parts of a recurrent weight whose hidden size is known, else the whole plan.</summary>
    public static IReadOnlyList<LayerPlan> SplitGates(LayerPlan p, IReadOnlyDictionary<string, TensorInfo> byName)
    {
        var keras = p.Tensor.Layout == WeightLayout.Keras;
        var hidden = keras ? KerasUnits(p.Tensor.Name, byName) : TorchHidden(p.Tensor.Name, byName);
        var gateAxis = keras ? p.SliceCols : p.SliceRows;
        if (hidden is not int h || h <= 0 || gateAxis % h != 0 || gateAxis / h is not (3 or 4))
        {
            return [p with { Note = "recurrent weight not split: gate layout not recognised" }];
        }

        string[] names = (gateAxis / h, keras) switch
        {
            (4, false) => ["i", "f", "g", "o"],
            (4, true) => ["i", "f", "c", "o"],
            (3, false) => ["r", "z", "n"],
            _ => ["z", "r", "h"],
        };
        return Parts(p, names, k => AxisBlocks.Range(keras ? 1 : 0, k * h, h));
    }

    private static (int Q, int Kv)? QkvSizes(int rows, int cols, ModelConfig c)
    {
        if (c.AttentionHeads is int heads && c.KeyValueHeads is int kvHeads && heads > 0 && kvHeads != heads)
        {
            var hidden = c.HiddenSize ?? cols;
            if (hidden % heads == 0)
            {
                var d = hidden / heads;
                if (rows == (heads + (2 * kvHeads)) * d)
                {
                    return (heads * d, kvHeads * d);
                }
            }
        }

        return rows == 3 * cols ? (cols, cols) : null;
    }

    private static List<LayerPlan> Parts(LayerPlan p, string[] names, Func<int, AxisBlocks> select)
    {
        var parts = new List<LayerPlan>();
        for (var k = 0; k < names.Length; k++)
        {
            var sel = select(k);
            var (rows, cols) = sel.Axis == 0 ? (sel.Count, p.SliceCols) : (p.SliceRows, sel.Count);
            parts.Add(p with
            {
                Name = $"{p.Name}[{names[k]}]",
                Rows = sel.Axis == 0 ? sel : null,
                Cols = sel.Axis == 1 ? sel : null,
                SliceRows = rows, SliceCols = cols,
                N = Math.Max(rows, cols), M = Math.Min(rows, cols), NumEvals = Math.Min(rows, cols),
            });
        }

        return parts;
    }

    private static int? TorchHidden(string name, IReadOnlyDictionary<string, TensorInfo> byName)
    {
        var hh = name.Replace("weight_ih_", "weight_hh_", StringComparison.Ordinal);
        return byName.TryGetValue(hh, out var t) && t.Rank == 2 ? (int)t.Shape[1] : null;
    }

    private static int? KerasUnits(string name, IReadOnlyDictionary<string, TensorInfo> byName)
    {
        var slash = name.LastIndexOf('/');
        var rk = (slash < 0 ? string.Empty : name[..(slash + 1)]) + "recurrent_kernel";
        return byName.TryGetValue(rk, out var t) && t.Rank == 2 ? (int)t.Shape[0] : null;
    }

    private static string LastComponent(string name)
    {
        var i = name.LastIndexOfAny(['.', '/']);
        return i < 0 ? name : name[(i + 1)..];
    }
}
