using GpuSpectral.Core.Tensors;

namespace GpuSpectral.Checkpoints.PyTorch;

/// <summary>What an allow-listed global is, and so what the VM may do with it.</summary>
internal enum GlobalKind
{
    /// <summary><c>collections.OrderedDict</c>: REDUCE/NEWOBJ with <c>()</c> gives an empty ordered dict.</summary>
    OrderedDict,

    /// <summary><c>torch._utils._rebuild_tensor_v2</c>.</summary>
    RebuildTensorV2,

    /// <summary><c>torch._utils._rebuild_tensor_v3</c> (dtype as an argument).</summary>
    RebuildTensorV3,

    /// <summary><c>torch._utils._rebuild_tensor</c> (oldest form).</summary>
    RebuildTensor,

    /// <summary><c>torch._utils._rebuild_parameter</c>.</summary>
    RebuildParameter,

    /// <summary><c>torch._utils._rebuild_parameter_with_state</c>.</summary>
    RebuildParameterWithState,

    /// <summary><c>torch._tensor._rebuild_from_type_v2</c>.</summary>
    RebuildFromTypeV2,

    /// <summary><c>torch.Tensor</c> or <c>torch.nn.parameter.Parameter</c>: only as an argument.</summary>
    TensorType,

    /// <summary>A storage class, only as element 1 of a persistent id.</summary>
    Storage,

    /// <summary>A dtype value (<c>torch.float32</c> …).</summary>
    Dtype,

    /// <summary><c>torch.Size</c>: REDUCE with one tuple of ints gives that tuple.</summary>
    TorchSize,

    /// <summary><c>torch.device</c>: REDUCE gives an inert value.</summary>
    TorchDevice,

    /// <summary><c>_codecs.encode(str, 'latin1')</c>: protocol-2 bytes.</summary>
    CodecsEncode,

    /// <summary><c>builtins.set</c> / <c>builtins.frozenset</c>.</summary>
    Set,

    /// <summary>A known tensor kind this reader does not support (quantized, sparse, …): calling it fails.</summary>
    UnsupportedTensor,
}

/// <summary>Entry of the allow-list.</summary>
/// <param name="Kind">What the global is.</param>
/// <param name="DType">Element type (storages and dtypes); null for untyped storages or unsupported dtypes.</param>
/// <param name="ElementSize">Bytes per storage unit for storages (1 for untyped), else 0.</param>
/// <param name="Unsupported">When not null, the global is recognised but using it fails with this reason.</param>
internal sealed record GlobalSpec(GlobalKind Kind, DType? DType = null, int ElementSize = 0, string? Unsupported = null);

/// <summary>
/// The fixed table of globals the pickle VM resolves (checkpoint-formats.md §4.3). Lookup is a dictionary of
/// string pairs: nothing is imported, reflected or looked up by name anywhere else.
/// </summary>
internal static class PickleAllowList
{
    private static readonly Dictionary<(string Module, string Name), GlobalSpec> Table = Build();

    /// <summary>The spec of <paramref name="module"/>.<paramref name="name"/>, or null when it is not allowed.</summary>
    public static GlobalSpec? Resolve(string module, string name)
    {
        module = module switch
        {
            "__builtin__" => "builtins",
            "torch.tensor" => "torch._tensor",
            _ => module,
        };

        // torch's own unpickler always blocks these modules, whatever the table says.
        if (module is "sys" or "os" or "posix" or "nt" || module.StartsWith("os.", StringComparison.Ordinal))
        {
            return null;
        }

        return Table.GetValueOrDefault((module, name));
    }

    private static Dictionary<(string, string), GlobalSpec> Build()
    {
        var t = new Dictionary<(string, string), GlobalSpec>
        {
            [("collections", "OrderedDict")] = new(GlobalKind.OrderedDict),
            [("torch._utils", "_rebuild_tensor_v2")] = new(GlobalKind.RebuildTensorV2),
            [("torch._utils", "_rebuild_tensor_v3")] = new(GlobalKind.RebuildTensorV3),
            [("torch._utils", "_rebuild_tensor")] = new(GlobalKind.RebuildTensor),
            [("torch._utils", "_rebuild_parameter")] = new(GlobalKind.RebuildParameter),
            [("torch._utils", "_rebuild_parameter_with_state")] = new(GlobalKind.RebuildParameterWithState),
            [("torch._tensor", "_rebuild_from_type_v2")] = new(GlobalKind.RebuildFromTypeV2),
            [("torch", "Tensor")] = new(GlobalKind.TensorType),
            [("torch.nn.parameter", "Parameter")] = new(GlobalKind.TensorType),
            [("torch", "Size")] = new(GlobalKind.TorchSize),
            [("torch", "device")] = new(GlobalKind.TorchDevice),
            [("_codecs", "encode")] = new(GlobalKind.CodecsEncode),
            [("builtins", "set")] = new(GlobalKind.Set),
            [("builtins", "frozenset")] = new(GlobalKind.Set),
            [("torch", "UntypedStorage")] = new(GlobalKind.Storage, null, 1),
            [("torch.storage", "UntypedStorage")] = new(GlobalKind.Storage, null, 1),
            [("torch.storage", "TypedStorage")] = new(
                GlobalKind.Storage, Unsupported: "a TypedStorage persistent id does not say its element type"),
        };

        (string Name, DType Type)[] storages =
        [
            ("DoubleStorage", DType.F64), ("FloatStorage", DType.F32), ("HalfStorage", DType.F16),
            ("BFloat16Storage", DType.BF16), ("LongStorage", DType.I64), ("IntStorage", DType.I32),
            ("ShortStorage", DType.I16), ("CharStorage", DType.I8), ("ByteStorage", DType.U8),
            ("BoolStorage", DType.Bool),
        ];
        foreach (var (name, type) in storages)
        {
            var spec = new GlobalSpec(GlobalKind.Storage, type, DTypeInfo.SizeInBytes(type));
            t[("torch", name)] = spec;
            t[("torch.cuda", name)] = spec;
        }

        foreach (var name in (string[])["ComplexDoubleStorage", "ComplexFloatStorage", "QInt8Storage", "QUInt8Storage",
                     "QInt32Storage", "QUInt4x2Storage", "QUInt2x4Storage"])
        {
            var spec = new GlobalSpec(
                GlobalKind.Storage, Unsupported: $"storage type '{name}' (complex or quantized) is not supported");
            t[("torch", name)] = spec;
            t[("torch.cuda", name)] = spec;
        }

        (string Name, DType? Type)[] dtypes =
        [
            ("float64", DType.F64), ("float32", DType.F32), ("float16", DType.F16), ("bfloat16", DType.BF16),
            ("int64", DType.I64), ("int32", DType.I32), ("int16", DType.I16), ("int8", DType.I8),
            ("uint8", DType.U8), ("bool", DType.Bool), ("uint16", DType.U16), ("uint32", DType.U32),
            ("uint64", DType.U64), ("float8_e4m3fn", DType.F8E4M3), ("float8_e5m2", DType.F8E5M2),
            ("complex32", null), ("complex64", null), ("complex128", null), ("qint8", null), ("quint8", null),
            ("qint32", null), ("quint4x2", null), ("quint2x4", null), ("float8_e5m2fnuz", null),
            ("float8_e4m3fnuz", null), ("float8_e8m0fnu", null), ("float4_e2m1fn_x2", null), ("bits8", null),
            ("bits16", null), ("bits1x8", null), ("bits2x4", null), ("bits4x2", null),
        ];
        foreach (var (name, type) in dtypes)
        {
            t[("torch", name)] = new GlobalSpec(GlobalKind.Dtype, type);
        }

        for (var i = 1; i <= 7; i++)
        {
            t[("torch", $"int{i}")] = new GlobalSpec(GlobalKind.Dtype);
            t[("torch", $"uint{i}")] = new GlobalSpec(GlobalKind.Dtype);
        }

        const string unsupported = "is an unsupported tensor kind (only dense tensors are read)";
        foreach (var name in (string[])["_rebuild_qtensor", "_rebuild_sparse_tensor", "_rebuild_nested_tensor",
                     "_rebuild_meta_tensor_no_storage", "_rebuild_wrapper_subclass",
                     "_rebuild_device_tensor_from_cpu_tensor", "_rebuild_device_tensor_from_numpy",
                     "_rebuild_sparse_csr_tensor", "_rebuild_xla_tensor", "_rebuild_mlc_tensor"])
        {
            t[("torch._utils", name)] = new GlobalSpec(
                GlobalKind.UnsupportedTensor, Unsupported: $"'torch._utils.{name}' {unsupported}");
        }

        foreach (var name in (string[])["per_tensor_affine", "per_tensor_symmetric", "per_channel_affine",
                     "per_channel_symmetric", "per_channel_affine_float_qparams"])
        {
            t[("torch", name)] = new GlobalSpec(
                GlobalKind.UnsupportedTensor, Unsupported: $"'torch.{name}' (quantized tensor) {unsupported}");
        }

        t[("torch.serialization", "_get_layout")] = new GlobalSpec(
            GlobalKind.UnsupportedTensor, Unsupported: $"'torch.serialization._get_layout' (sparse tensor) {unsupported}");
        return t;
    }
}
