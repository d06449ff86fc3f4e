using GpuSpectral.Core.Errors;

namespace GpuSpectral.Checkpoints.Onnx;

/// <summary>
/// One forward pass over a serialized ModelProto that keeps the graph structure (nodes, initializers, Constant
/// tensors, subgraphs) and records where tensor values lie without decoding them.
/// </summary>
internal sealed class OnnxModelParser
{
    /// <summary>Deepest message nesting accepted (ModelProto is depth 1).</summary>
    public const int MaxDepth = 64;

    /// <summary>Deepest subgraph nesting accepted (the main graph is level 0).</summary>
    public const int MaxGraphNesting = 16;

    /// <summary>Most dimensions accepted on any TensorProto.</summary>
    public const int MaxDims = 64;

    /// <summary>Most nodes, tensors and attributes in the whole model (a message-count cap).</summary>
    public const long MaxMessages = 16_000_000;

    private readonly string _path;
    private long _messages;

    private OnnxModelParser(string path) => _path = path;

    /// <summary>Parses the whole file <paramref name="data"/>.</summary>
    public static OnnxModel Parse(ReadOnlySpan<byte> data, string path)
    {
        var parser = new OnnxModelParser(path);
        var r = new ProtoReader(data, 0, data.Length, path);
        return parser.ParseModel(data, ref r);
    }

    private OnnxModel ParseModel(ReadOnlySpan<byte> data, ref ProtoReader r)
    {
        var model = new OnnxModel();
        while (r.TryReadTag(out var field, out var wt))
        {
            switch (field)
            {
                case 1:
                    r.Expect(wt, WireType.Varint, "ModelProto.ir_version");
                    model.IrVersion = (long)r.ReadVarint();
                    break;
                case 7:
                {
                    r.Expect(wt, WireType.Len, "ModelProto.graph");
                    var at = r.TagOffset;
                    var start = r.ReadLength(out var len);
                    var sub = new ProtoReader(data, start, start + len, _path);

                    // A repeated singular message field merges; a second graph is not something exporters write.
                    if (model.Graph is not null)
                    {
                        throw r.Error("ModelProto has more than one graph", at);
                    }

                    model.Graph = ParseGraph(data, ref sub, depth: 2, nesting: 0);
                    break;
                }

                case 8:
                {
                    r.Expect(wt, WireType.Len, "ModelProto.opset_import");
                    var start = r.ReadLength(out var len);
                    var sub = new ProtoReader(data, start, start + len, _path);
                    ParseOpset(ref sub, model);
                    break;
                }

                default:
                    r.Skip(wt);
                    break;
            }
        }

        return model;
    }

    private static void ParseOpset(ref ProtoReader r, OnnxModel model)
    {
        var domain = "";
        long version = 0;
        while (r.TryReadTag(out var field, out var wt))
        {
            switch (field)
            {
                case 1:
                    r.Expect(wt, WireType.Len, "OperatorSetIdProto.domain");
                    domain = r.ReadString();
                    break;
                case 2:
                    r.Expect(wt, WireType.Varint, "OperatorSetIdProto.version");
                    version = (long)r.ReadVarint();
                    break;
                default:
                    r.Skip(wt);
                    break;
            }
        }

        if (domain.Length == 0 || domain == "ai.onnx")
        {
            model.OpsetVersion = version;
        }
    }

    private void Count(ref ProtoReader r, long offset)
    {
        if (++_messages > MaxMessages)
        {
            throw r.Error($"more than {MaxMessages} nodes, tensors and attributes", offset);
        }
    }

    private static void CheckDepth(ref ProtoReader r, int depth, long offset)
    {
        if (depth > MaxDepth)
        {
            throw r.Error($"protobuf messages nest deeper than {MaxDepth} levels", offset);
        }
    }

    private OnnxGraph ParseGraph(ReadOnlySpan<byte> data, ref ProtoReader r, int depth, int nesting)
    {
        CheckDepth(ref r, depth, r.Position);
        if (nesting > MaxGraphNesting)
        {
            throw r.Error($"subgraphs nest deeper than {MaxGraphNesting} levels", r.Position);
        }

        var graph = new OnnxGraph { Offset = r.Position };
        while (r.TryReadTag(out var field, out var wt))
        {
            switch (field)
            {
                case 1:
                {
                    r.Expect(wt, WireType.Len, "GraphProto.node");
                    Count(ref r, r.TagOffset);
                    var start = r.ReadLength(out var len);
                    var sub = new ProtoReader(data, start, start + len, _path);
                    graph.Nodes.Add(ParseNode(data, ref sub, depth + 1, nesting));
                    break;
                }

                case 5:
                {
                    r.Expect(wt, WireType.Len, "GraphProto.initializer");
                    Count(ref r, r.TagOffset);
                    var start = r.ReadLength(out var len);
                    var sub = new ProtoReader(data, start, start + len, _path);
                    graph.Initializers.Add(ParseTensor(ref sub, depth + 1));
                    break;
                }

                case 15:
                {
                    r.Expect(wt, WireType.Len, "GraphProto.sparse_initializer");
                    Count(ref r, r.TagOffset);
                    var start = r.ReadLength(out var len);
                    var sub = new ProtoReader(data, start, start + len, _path);
                    graph.SparseInitializerNames.Add(ParseSparseName(ref sub, depth + 1));
                    break;
                }

                default:
                    r.Skip(wt);
                    break;
            }
        }

        return graph;
    }

    private string ParseSparseName(ref ProtoReader r, int depth)
    {
        CheckDepth(ref r, depth, r.Position);
        var name = "";
        while (r.TryReadTag(out var field, out var wt))
        {
            if (field == 1 && wt == WireType.Len)
            {
                // values: a TensorProto whose name is the sparse tensor's name.
                var start = r.ReadLength(out var len);
                var sub = new ProtoReader(r.Data, start, start + len, r.Path);
                name = ParseTensor(ref sub, depth + 1).Name;
            }
            else
            {
                r.Skip(wt);
            }
        }

        return name;
    }

    private OnnxNode ParseNode(ReadOnlySpan<byte> data, ref ProtoReader r, int depth, int nesting)
    {
        CheckDepth(ref r, depth, r.Position);
        var node = new OnnxNode { Offset = r.Position };
        while (r.TryReadTag(out var field, out var wt))
        {
            switch (field)
            {
                case 1:
                    r.Expect(wt, WireType.Len, "NodeProto.input");
                    node.Inputs.Add(r.ReadString());
                    break;
                case 2:
                    r.Expect(wt, WireType.Len, "NodeProto.output");
                    node.Outputs.Add(r.ReadString());
                    break;
                case 3:
                    r.Expect(wt, WireType.Len, "NodeProto.name");
                    node.Name = r.ReadString();
                    break;
                case 4:
                    r.Expect(wt, WireType.Len, "NodeProto.op_type");
                    node.OpType = r.ReadString();
                    break;
                case 5:
                {
                    r.Expect(wt, WireType.Len, "NodeProto.attribute");
                    Count(ref r, r.TagOffset);
                    var start = r.ReadLength(out var len);
                    var sub = new ProtoReader(data, start, start + len, _path);
                    node.Attributes.Add(ParseAttribute(data, ref sub, depth + 1, nesting));
                    break;
                }

                case 7:
                    r.Expect(wt, WireType.Len, "NodeProto.domain");
                    node.Domain = r.ReadString();
                    break;
                default:
                    r.Skip(wt);
                    break;
            }
        }

        return node;
    }

    private OnnxAttribute ParseAttribute(ReadOnlySpan<byte> data, ref ProtoReader r, int depth, int nesting)
    {
        CheckDepth(ref r, depth, r.Position);
        var a = new OnnxAttribute();
        while (r.TryReadTag(out var field, out var wt))
        {
            switch (field)
            {
                case 1:
                    r.Expect(wt, WireType.Len, "AttributeProto.name");
                    a.Name = r.ReadString();
                    break;
                case 3:
                    r.Expect(wt, WireType.Varint, "AttributeProto.i");
                    a.I = (long)r.ReadVarint();
                    a.HasI = true;
                    break;
                case 5:
                {
                    r.Expect(wt, WireType.Len, "AttributeProto.t");
                    var start = r.ReadLength(out var len);
                    var sub = new ProtoReader(data, start, start + len, _path);
                    a.T = ParseTensor(ref sub, depth + 1);
                    break;
                }

                case 6:
                case 11:
                {
                    r.Expect(wt, WireType.Len, field == 6 ? "AttributeProto.g" : "AttributeProto.graphs");
                    var start = r.ReadLength(out var len);
                    var sub = new ProtoReader(data, start, start + len, _path);
                    a.Graphs.Add(ParseGraph(data, ref sub, depth + 1, nesting + 1));
                    break;
                }

                case 20:
                    r.Expect(wt, WireType.Varint, "AttributeProto.type");
                    a.Type = (long)r.ReadVarint();
                    break;
                case 22:
                    r.Expect(wt, WireType.Len, "AttributeProto.sparse_tensor");
                    r.Skip(wt);
                    a.HasSparseTensor = true;
                    break;
                default:
                    r.Skip(wt);
                    break;
            }
        }

        return a;
    }

    private OnnxTensor ParseTensor(ref ProtoReader r, int depth)
    {
        CheckDepth(ref r, depth, r.Position);
        var t = new OnnxTensor { MessageStart = r.Position, MessageEnd = r.End };
        while (r.TryReadTag(out var field, out var wt))
        {
            switch (field)
            {
                case 1:
                    if (wt == WireType.Len)
                    {
                        var start = r.ReadLength(out var len);
                        var sub = new ProtoReader(r.Data, start, start + len, _path);
                        while (sub.Position < sub.End)
                        {
                            AddDim(ref r, t, (long)sub.ReadVarint());
                        }
                    }
                    else
                    {
                        r.Expect(wt, WireType.Varint, "TensorProto.dims");
                        AddDim(ref r, t, (long)r.ReadVarint());
                    }

                    break;
                case 2:
                    r.Expect(wt, WireType.Varint, "TensorProto.data_type");
                    t.DataType = (long)r.ReadVarint();
                    break;
                case 3:
                    r.Expect(wt, WireType.Len, "TensorProto.segment");
                    r.Skip(wt);
                    t.HasSegment = true;
                    break;
                case 4:
                    t.FloatCount += CountRepeated(ref r, wt, WireType.Fixed32, 4, "TensorProto.float_data");
                    break;
                case 5:
                    t.Int32Count += CountRepeated(ref r, wt, WireType.Varint, 0, "TensorProto.int32_data");
                    break;
                case 6:
                    r.Expect(wt, WireType.Len, "TensorProto.string_data");
                    r.Skip(wt);
                    t.StringCount++;
                    break;
                case 7:
                    t.Int64Count += CountRepeated(ref r, wt, WireType.Varint, 0, "TensorProto.int64_data");
                    break;
                case 8:
                    r.Expect(wt, WireType.Len, "TensorProto.name");
                    t.Name = r.ReadString();
                    break;
                case 9:
                {
                    r.Expect(wt, WireType.Len, "TensorProto.raw_data");
                    t.RawOffset = r.ReadLength(out var len);
                    t.RawLength = len;
                    break;
                }

                case 10:
                    t.DoubleCount += CountRepeated(ref r, wt, WireType.Fixed64, 8, "TensorProto.double_data");
                    break;
                case 11:
                    t.UInt64Count += CountRepeated(ref r, wt, WireType.Varint, 0, "TensorProto.uint64_data");
                    break;
                case 13:
                {
                    r.Expect(wt, WireType.Len, "TensorProto.external_data");
                    var start = r.ReadLength(out var len);
                    var sub = new ProtoReader(r.Data, start, start + len, _path);
                    t.ExternalData.Add(ParseKeyValue(ref sub, depth + 1));
                    break;
                }

                case 14:
                    r.Expect(wt, WireType.Varint, "TensorProto.data_location");
                    t.DataLocation = (long)r.ReadVarint();
                    break;
                default:
                    r.Skip(wt);
                    break;
            }
        }

        return t;
    }

    private static void AddDim(ref ProtoReader r, OnnxTensor t, long d)
    {
        if (t.Dims.Count >= MaxDims)
        {
            throw r.Error($"tensor '{t.Name}' has more than {MaxDims} dims", r.Position);
        }

        t.Dims.Add(d);
    }

    private static KeyValuePair<string, string> ParseKeyValue(ref ProtoReader r, int depth)
    {
        CheckDepth(ref r, depth, r.Position);
        string key = "", value = "";
        while (r.TryReadTag(out var field, out var wt))
        {
            switch (field)
            {
                case 1:
                    r.Expect(wt, WireType.Len, "StringStringEntryProto.key");
                    key = r.ReadString();
                    break;
                case 2:
                    r.Expect(wt, WireType.Len, "StringStringEntryProto.value");
                    value = r.ReadString();
                    break;
                default:
                    r.Skip(wt);
                    break;
            }
        }

        return new KeyValuePair<string, string>(key, value);
    }

    /// <summary>Counts the elements of one occurrence of a repeated scalar field (packed or not).</summary>
    private static long CountRepeated(ref ProtoReader r, WireType wt, WireType element, int fixedSize, string what)
    {
        if (wt == WireType.Len)
        {
            var at = r.TagOffset;
            var start = r.ReadLength(out var len);
            if (fixedSize == 0)
            {
                return r.CountPackedVarints(start, len);
            }

            if (len % fixedSize != 0)
            {
                throw r.Error($"packed {what} of {len} bytes is not a multiple of {fixedSize}", at);
            }

            return len / fixedSize;
        }

        r.Expect(wt, element, what);
        r.Skip(wt);
        return 1;
    }
}
