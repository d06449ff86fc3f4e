using GpuSpectral.Checkpoints.Decoding;
using GpuSpectral.Core.Tensors;

namespace GpuSpectral.Checkpoints.Onnx;

/// <content>Weight discovery: name scopes of graphs and subgraphs, the consumer rules that pick weights, and their hints.</content>
public sealed partial class OnnxReader
{
    private sealed class Scope(Scope? parent)
    {
        public Scope? Parent { get; } = parent;

        public Dictionary<string, OnnxTensor> Tensors { get; } = new(StringComparer.Ordinal);

        public HashSet<string> Sparse { get; } = new(StringComparer.Ordinal);

        public bool Defines(string name)
        {
            for (var s = this; s is not null; s = s.Parent)
            {
                if (s.Tensors.ContainsKey(name) || s.Sparse.Contains(name))
                {
                    return true;
                }
            }

            return false;
        }

        public OnnxTensor? Find(string name, out bool sparse)
        {
            for (var s = this; s is not null; s = s.Parent)
            {
                if (s.Tensors.TryGetValue(name, out var t))
                {
                    sparse = false;
                    return t;
                }

                if (s.Sparse.Contains(name))
                {
                    sparse = true;
                    return null;
                }
            }

            sparse = false;
            return null;
        }
    }

    private void Define(Scope scope, string name, OnnxTensor t)
    {
        if (scope.Defines(name))
        {
            throw Error("duplicate tensor name (initializer or Constant output defined twice)", name,
                t.MessageStart);
        }

        scope.Tensors.Add(name, t);
    }

    private void Walk(OnnxGraph graph, Scope? parent)
    {
        var scope = new Scope(parent);
        foreach (var init in graph.Initializers)
        {
            if (init.Name.Length == 0)
            {
                throw Error("initializer without a name", offset: init.MessageStart);
            }

            Define(scope, init.Name, init);
        }

        foreach (var name in graph.SparseInitializerNames)
        {
            if (name.Length > 0 && !scope.Defines(name))
            {
                scope.Sparse.Add(name);
            }
        }

        foreach (var node in graph.Nodes)
        {
            if (node.OpType == "Constant" && node.IsDefaultDomain && node.Outputs.Count > 0
                && node.Outputs[0].Length > 0)
            {
                var value = node.Attribute("value");
                if (value?.T is not null)
                {
                    Define(scope, node.Outputs[0], value.T);
                }
                else if (node.Attribute("sparse_value") is { HasSparseTensor: true } && !scope.Defines(node.Outputs[0]))
                {
                    scope.Sparse.Add(node.Outputs[0]);
                }
            }
        }

        foreach (var node in graph.Nodes)
        {
            if (node.IsDefaultDomain)
            {
                Consume(node, scope);
            }

            foreach (var attr in node.Attributes)
            {
                foreach (var sub in attr.Graphs)
                {
                    Walk(sub, scope);
                }
            }
        }
    }

    private void Consume(OnnxNode node, Scope scope)
    {
        switch (node.OpType)
        {
            case "Conv":
                TryList(node, 1, scope, Consumer.Conv);
                break;
            case "ConvTranspose":
                TryList(node, 1, scope, Consumer.ConvTranspose);
                break;
            case "MatMul":
                if (!TryList(node, 1, scope, Consumer.MatMulB) && Input(node, 0, scope) is not null
                    && Input(node, 1, scope) is null)
                {
                    TryList(node, 0, scope, Consumer.MatMulA);
                }

                break;
            case "Gemm":
                TryList(node, 1, scope, (node.Attribute("transB")?.I ?? 0) == 1 ? Consumer.GemmT : Consumer.Gemm);
                break;
            case "LSTM":
            case "GRU":
            case "RNN":
                TryList(node, 1, scope, Consumer.Recurrent);
                TryList(node, 2, scope, Consumer.Recurrent);
                break;
            case "Gather":
                TryList(node, 0, scope, Consumer.Gather);
                break;
        }
    }

    private enum Consumer
    {
        Conv,
        ConvTranspose,
        MatMulB,
        MatMulA,
        Gemm,
        GemmT,
        Recurrent,
        Gather,
    }

    private OnnxTensor? Input(OnnxNode node, int index, Scope scope)
    {
        if (index >= node.Inputs.Count || node.Inputs[index].Length == 0)
        {
            return null;
        }

        var t = scope.Find(node.Inputs[index], out var sparse);
        if (sparse)
        {
            throw Error($"sparse tensors are not supported (consumed by {node.OpType} node '{node.Name}')",
                node.Inputs[index], node.Offset);
        }

        return t;
    }

    /// <summary>Lists input <paramref name="index"/> when it is a constant; true when it is a constant (of any
    /// type, listed or not).</summary>
    private bool TryList(OnnxNode node, int index, Scope scope, Consumer consumer)
    {
        var t = Input(node, index, scope);
        if (t is null)
        {
            return false;
        }

        if (_listed.Contains(t))
        {
            return true;
        }

        var name = node.Inputs[index];
        var dtype = FloatType(t, name);
        if (dtype is null)
        {
            return true;
        }

        var shape = t.Dims.ToArray();
        if (consumer == Consumer.Gather && shape.Length != 2)
        {
            return true;
        }

        if (shape.Length > TensorSizes.MaxRank)
        {
            throw Error($"rank {shape.Length} exceeds the limit of {TensorSizes.MaxRank}", name, t.MessageStart);
        }

        if (!TensorSizes.TryByteLength(shape, dtype.Value, out var count, out var bytes))
        {
            throw Error($"dims {string.Join('x', shape)} are negative or their product overflows", name,
                t.MessageStart);
        }

        if (t.HasSegment)
        {
            throw Error("segmented tensors are not supported", name, t.MessageStart);
        }

        var (storage, source, offset) = Locate(t, name, dtype.Value, count, bytes);
        var (kind, layout) = Hint(node, consumer, shape);
        var info = new TensorInfo(name, dtype.Value, shape, bytes, source.Path)
        {
            KindHint = kind,
            Layout = layout,
        };
        if (!_byName.TryAdd(name, new Entry(info, t, storage, source, offset)))
        {
            throw Error("two different weights have the same name", name, t.MessageStart);
        }

        _listed.Add(t);
        _tensors.Add(info);
        return true;
    }

    private static (LayerKindHint Kind, WeightLayout Layout) Hint(OnnxNode node, Consumer consumer, long[] shape)
    {
        switch (consumer)
        {
            case Consumer.Conv:
                var group = node.Attribute("group")?.I ?? 1;
                if (shape.Length >= 3 && group == shape[0] && shape[1] == 1)
                {
                    return (LayerKindHint.DepthwiseConv, WeightLayout.PyTorch);
                }

                return (shape.Length switch
                {
                    4 => LayerKindHint.Conv2D,
                    3 => LayerKindHint.Conv1D,
                    _ => LayerKindHint.None,
                }, WeightLayout.PyTorch);
            case Consumer.ConvTranspose:
                return (LayerKindHint.ConvTranspose, WeightLayout.PyTorch);
            case Consumer.MatMulB:
            case Consumer.Gemm:
                return (LayerKindHint.Dense, WeightLayout.Keras);
            case Consumer.MatMulA:
            case Consumer.GemmT:
                return (LayerKindHint.Dense, WeightLayout.PyTorch);
            case Consumer.Recurrent:
                return (LayerKindHint.Recurrent, WeightLayout.PyTorch);
            default:
                return (LayerKindHint.Embedding, WeightLayout.PyTorch);
        }
    }

    /// <summary>The DType of a float tensor; null for other known types; throws for unknown types.</summary>
    private DType? FloatType(OnnxTensor t, string name)
    {
        switch (t.DataType)
        {
            case 1:
                return DType.F32;
            case 10:
                return DType.F16;
            case 11:
                return DType.F64;
            case 16:
                return DType.BF16;
            case >= 2 and <= 26:
                return null;
            default:
                throw Error($"unknown TensorProto data_type {t.DataType}", name, t.MessageStart);
        }
    }
}
