namespace GpuSpectral.Checkpoints.Onnx;

/// <summary>The parts of a ModelProto that the reader needs (metadata only; tensor values stay in the file).</summary>
internal sealed class OnnxModel
{
    public long IrVersion { get; set; }

    /// <summary>Version of the default (<c>""</c> / <c>ai.onnx</c>) opset, or 0 when none is declared.</summary>
    public long OpsetVersion { get; set; }

    public OnnxGraph? Graph { get; set; }
}

/// <summary>A GraphProto: nodes in order, initializers, and the names of sparse initializers.</summary>
internal sealed class OnnxGraph
{
    public List<OnnxNode> Nodes { get; } = [];

    public List<OnnxTensor> Initializers { get; } = [];

    public List<string> SparseInitializerNames { get; } = [];

    /// <summary>File offset of the GraphProto.</summary>
    public long Offset { get; init; }
}

/// <summary>A NodeProto.</summary>
internal sealed class OnnxNode
{
    public string OpType { get; set; } = "";

    public string Domain { get; set; } = "";

    public string Name { get; set; } = "";

    public List<string> Inputs { get; } = [];

    public List<string> Outputs { get; } = [];

    public List<OnnxAttribute> Attributes { get; } = [];

    public long Offset { get; init; }

    /// <summary>True for the default ONNX domain.</summary>
    public bool IsDefaultDomain => Domain.Length == 0 || Domain == "ai.onnx";

    public OnnxAttribute? Attribute(string name) => Attributes.LastOrDefault(a => a.Name == name);
}

/// <summary>An AttributeProto (only the fields the reader uses).</summary>
internal sealed class OnnxAttribute
{
    public string Name { get; set; } = "";

    public long Type { get; set; }

    public long I { get; set; }

    public bool HasI { get; set; }

    public OnnxTensor? T { get; set; }

    public bool HasSparseTensor { get; set; }

    /// <summary>Subgraphs from <c>g</c> and <c>graphs</c>, in the order they appear.</summary>
    public List<OnnxGraph> Graphs { get; } = [];
}

/// <summary>Where a TensorProto keeps its values.</summary>
internal enum OnnxStorage
{
    /// <summary>No values at all (only valid for an empty tensor).</summary>
    None,

    /// <summary><c>raw_data</c>.</summary>
    Raw,

    /// <summary>A typed repeated field (float_data, int32_data, int64_data, double_data, uint64_data…).</summary>
    Typed,

    /// <summary>An external file.</summary>
    External,
}

/// <summary>A TensorProto's metadata and the byte ranges of its values; nothing is decoded.</summary>
internal sealed class OnnxTensor
{
    public string Name { get; set; } = "";

    public long DataType { get; set; }

    public List<long> Dims { get; } = [];

    public bool HasSegment { get; set; }

    /// <summary>File offset of the TensorProto message.</summary>
    public int MessageStart { get; init; }

    /// <summary>File offset just past the TensorProto message.</summary>
    public int MessageEnd { get; init; }

    /// <summary>Offset of the last <c>raw_data</c> payload, or -1.</summary>
    public long RawOffset { get; set; } = -1;

    public long RawLength { get; set; }

    public long FloatCount { get; set; }

    public long Int32Count { get; set; }

    public long Int64Count { get; set; }

    public long DoubleCount { get; set; }

    public long UInt64Count { get; set; }

    public long StringCount { get; set; }

    public long DataLocation { get; set; }

    public List<KeyValuePair<string, string>> ExternalData { get; } = [];

    public long TypedCount => FloatCount + Int32Count + Int64Count + DoubleCount + UInt64Count + StringCount;
}
