using System.Globalization;
using System.Text.Json;
using GpuSpectral.Checkpoints.Decoding;
using GpuSpectral.Core.Errors;
using GpuSpectral.Core.Tensors;
using PureHDF;
using PureHDF.VOL.Native;

namespace GpuSpectral.Checkpoints.Keras;

/// <summary>
/// The Keras weight catalogue of one HDF5 file (a standalone <c>.h5</c> or the <c>model.weights.h5</c> member of a
/// <c>.keras</c> archive), read through PureHDF over a seekable stream. Understands Keras 2 / tf.keras and Keras 3
/// legacy layouts (<c>layer_names</c> / <c>weight_names</c>, with or without <c>model_weights</c>) and the Keras 3
/// <c>layers/&lt;name&gt;/vars/&lt;i&gt;</c> layout. Every PureHDF or JSON failure becomes a
/// <see cref="CheckpointFormatException"/>; every PureHDF call is serialised and runs under a read budget.
/// </summary>
internal sealed class KerasH5Store : IDisposable
{
    /// <summary>Nesting depth of groups walked in the Keras 3 layout.</summary>
    private const int MaxDepth = 32;

    /// <summary>HDF5 objects (groups, datasets, names) visited while building the catalogue.</summary>
    private const int MaxObjects = 1_000_000;

    /// <summary>Chunked datasets may declare at most this many times the container size (Keras' own bomb guard).</summary>
    private const long MaxChunkedRatio = 1000;

    /// <summary>Size floor below which a chunked dataset is always accepted.</summary>
    private const long ChunkedFloor = 16L << 20;

    /// <summary>Bytes PureHDF may read on top of the size-proportional part of a budget.</summary>
    private const long BudgetFloor = 64L << 20;

    private readonly object _gate = new();
    private readonly string _path;
    private readonly string _where;
    private readonly long _length;
    private readonly BudgetStream _stream;
    private readonly NativeFile _h5;
    private readonly KerasLayerNode? _archiveConfig;
    private readonly List<TensorInfo> _tensors = [];
    private readonly Dictionary<string, (TensorInfo Info, IH5Dataset Dataset)> _byName = new(StringComparer.Ordinal);
    private int _objects;

    private KerasH5Store(
        string path, string? member, Stream data, long length, KerasLayerNode? archiveConfig)
    {
        _path = path;
        _where = member is null ? string.Empty : $"member '{member}': ";
        _length = length;
        _archiveConfig = archiveConfig;
        _stream = new BudgetStream(data);
        _stream.Reset(BudgetFloor + (16 * length));
        _h5 = H5File.Open(_stream, leaveOpen: true);
    }

    /// <summary>Tensors in Keras' own order.</summary>
    public IReadOnlyList<TensorInfo> Tensors => _tensors;

    /// <summary>
    /// Opens the HDF5 data in <paramref name="data"/> and builds the catalogue. Takes ownership of the stream.
    /// </summary>
    /// <param name="path">File named in messages and used as <see cref="TensorInfo.SourceFile"/>.</param>
    /// <param name="member">Archive member holding the HDF5 data, or null for a standalone file.</param>
    /// <param name="data">Seekable stream positioned anywhere; offset 0 is the start of the HDF5 data.</param>
    /// <param name="length">Bytes of HDF5 data.</param>
    /// <param name="archiveConfig">Parsed <c>config.json</c> of a <c>.keras</c> archive, or null.</param>
    public static KerasH5Store Open(string path, string? member, Stream data, long length, KerasLayerNode? archiveConfig)
    {
        KerasH5Store? store = null;
        try
        {
            store = new KerasH5Store(path, member, data, length, archiveConfig);
            store.Catalogue();
            return store;
        }
        catch (Exception e) when (e is not CheckpointFormatException && !IsFatal(e))
        {
            var why = store?._stream.Exhausted == true
                ? "the HDF5 structure needs too many reads (cyclic or corrupt metadata)"
                : "malformed HDF5 data: " + OneLine(e.Message);
            store?.Dispose();
            data.Dispose();
            throw new CheckpointFormatException(path, (member is null ? string.Empty : $"member '{member}': ") + why,
                inner: e);
        }
        catch
        {
            store?.Dispose();
            data.Dispose();
            throw;
        }
    }

    /// <summary>Decodes <paramref name="tensor"/> into <paramref name="destination"/> (checked by the caller).</summary>
    public void Read(TensorInfo tensor, Span<double> destination, string readerPath)
    {
        ArgumentNullException.ThrowIfNull(tensor);
        if (!_byName.TryGetValue(tensor.Name, out var entry) || !ReferenceEquals(entry.Info, tensor) && !entry.Info.Equals(tensor))
        {
            throw new ArgumentException($"tensor '{tensor.Name}' is not from {readerPath}", nameof(tensor));
        }

        var count = TensorDataDecoder.CheckDestination(tensor, destination);
        lock (_gate)
        {
            try
            {
                _stream.Reset(BudgetFloor + (4 * _length));
                ReadCore(entry.Dataset, tensor.DType, count, destination);
            }
            catch (Exception e) when (e is not CheckpointFormatException && !IsFatal(e))
            {
                throw Fail(
                    _stream.Exhausted
                        ? "reading the dataset needs too many reads (cyclic or corrupt metadata)"
                        : "cannot read the dataset: " + OneLine(e.Message),
                    tensor.Name, e);
            }
        }
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        lock (_gate)
        {
            _h5?.Dispose();
            _stream.Dispose();
        }
    }

    /// <summary>
    /// Exceptions that are never turned into format errors. OutOfMemoryException is deliberately absent: PureHDF sizes
    /// some allocations (variable-length strings, heaps) from lengths stored in the file, so a corrupt length shows up
    /// as an impossible allocation, which is a property of the input.
    /// </summary>
    private static bool IsFatal(Exception e) => e is StackOverflowException or AccessViolationException
        or ThreadAbortException;

    private static string OneLine(string s) => s.ReplaceLineEndings(" ");

    private static string Join(string prefix, string name) => prefix.Length == 0 ? name : prefix + "/" + name;

    private CheckpointFormatException Fail(string reason, string? tensor = null, Exception? inner = null) =>
        new(_path, _where + reason, tensor, inner: inner);

    private void Count()
    {
        if (++_objects > MaxObjects)
        {
            throw Fail($"more than {MaxObjects} HDF5 objects in the weight catalogue");
        }
    }

    private void Catalogue()
    {
        var root = _h5;
        if (root.LinkExists("model_weights"))
        {
            var config = _archiveConfig ?? ModelConfig(root);
            CatalogueLegacy(Group(root, "model_weights", "model_weights"), config);
        }
        else if (HasAttribute(root, "layer_names"))
        {
            CatalogueLegacy(root, _archiveConfig ?? ModelConfig(root));
        }
        else if (root.LinkExists("layers") || root.LinkExists("vars"))
        {
            CatalogueKeras3(root);
        }
        else
        {
            throw Fail("not a Keras weights file: no 'model_weights' group, 'layer_names' attribute or 'layers' group");
        }
    }

    // ----- Keras 2 / tf.keras / Keras 3 legacy h5 -----

    private KerasLayerNode? ModelConfig(NativeFile root)
    {
        if (!root.AttributeExists("model_config"))
        {
            return null;
        }

        var json = ReadStrings(root, "model_config");
        if (json.Count != 1)
        {
            throw Fail("attribute 'model_config' is not a single string");
        }

        try
        {
            return KerasLayerNode.Parse(json[0]);
        }
        catch (Exception e) when (e is JsonException or FormatException or ArgumentException)
        {
            throw Fail("attribute 'model_config' is not a valid Keras model config: " + OneLine(e.Message), inner: e);
        }
    }

    private void CatalogueLegacy(IH5Group weights, KerasLayerNode? config)
    {
        var layers = ReadStrings(weights, "layer_names");
        var seenLayers = new HashSet<string>(StringComparer.Ordinal);
        foreach (var layer in layers)
        {
            Count();
            CheckRelativePath(layer, "layer name");
            if (!seenLayers.Add(layer))
            {
                throw Fail($"layer '{layer}' appears twice in 'layer_names'");
            }

            if (!weights.LinkExists(layer))
            {
                throw Fail($"layer '{layer}' is listed in 'layer_names' but has no group");
            }

            var group = Group(weights, layer, layer);
            var weightNames = HasAttribute(group, "weight_names") ? ReadStrings(group, "weight_names") : [];
            foreach (var weightName in weightNames)
            {
                Count();
                CheckRelativePath(weightName, "weight name");
                var name = LegacyTensorName(layer, weightName);
                if (!group.LinkExists(weightName))
                {
                    throw Fail($"'weight_names' of layer '{layer}' lists '{weightName}' but no such dataset exists",
                        name);
                }

                if (group.Get(weightName) is not IH5Dataset dataset)
                {
                    throw Fail($"'{weightName}' of layer '{layer}' is not a dataset", name);
                }

                var segments = name.Split('/');
                var cls = ResolveClass(config, segments);
                Add(name, dataset, KerasLayerKinds.Hint(cls, segments[^1]));
            }
        }
    }

    private static string LegacyTensorName(string layer, string weightName)
    {
        var name = weightName.EndsWith(":0", StringComparison.Ordinal) ? weightName[..^2] : weightName;
        return name.StartsWith(layer + "/", StringComparison.Ordinal) ? name : layer + "/" + name;
    }

    /// <summary>The class of the innermost config layer named along <paramref name="segments"/> (the variable excluded).</summary>
    private static string? ResolveClass(KerasLayerNode? config, string[] segments)
    {
        var node = config;
        string? cls = null;
        for (var i = 0; i < segments.Length - 1 && node is not null; i++)
        {
            var child = FindNested(node, segments[i]);
            if (child is not null)
            {
                node = child;
                cls = Effective(child).ClassName;
            }
        }

        return cls;
    }

    private static KerasLayerNode? FindNested(KerasLayerNode node, string name)
    {
        for (var depth = 0; depth < 8; depth++)
        {
            var found = node.FindLayer(name);
            if (found is not null || node.Wrapped.Count == 0)
            {
                return found;
            }

            node = node.Wrapped[0];
        }

        return null;
    }

    private static KerasLayerNode Effective(KerasLayerNode node)
    {
        for (var depth = 0; depth < 8 && node.Layers.Count == 0 && node.Wrapped.Count > 0; depth++)
        {
            node = node.Wrapped[0];
        }

        return node;
    }

    // ----- Keras 3 layers/<name>/vars/<i> -----

    private void CatalogueKeras3(NativeFile root)
    {
        var model = _archiveConfig;
        if (root.LinkExists("vars"))
        {
            EmitVars(Group(root, "vars", "vars"), string.Empty, model, model?.ClassName);
        }

        if (root.LinkExists("layers"))
        {
            WalkContainer(Group(root, "layers", "layers"), string.Empty, model, 1);
        }
    }

    private void WalkLayer(IH5Group group, string prefix, KerasLayerNode? node, string? cls, int depth)
    {
        if (depth > MaxDepth)
        {
            throw Fail($"layer groups are nested deeper than {MaxDepth} at '{prefix}'");
        }

        var children = Children(group);
        if (children.TryGetValue("vars", out var vars))
        {
            EmitVars(AsGroup(vars, prefix + "/vars"), prefix, node, cls);
        }

        foreach (var (name, child) in children.OrderBy(kv => kv.Key, StringComparer.Ordinal))
        {
            if (name == "vars")
            {
                continue;
            }

            var sub = AsGroup(child, prefix + "/" + name);
            if (name == "layers")
            {
                WalkContainer(sub, prefix, node, depth + 1);
            }
            else
            {
                var (childNode, childCls) = ResolveAttribute(node, cls, name);
                WalkLayer(sub, Join(prefix, name), childNode, childCls, depth + 1);
            }
        }
    }

    private void WalkContainer(IH5Group container, string prefix, KerasLayerNode? parent, int depth)
    {
        if (depth > MaxDepth)
        {
            throw Fail($"layer groups are nested deeper than {MaxDepth} at '{prefix}'");
        }

        var groups = Children(container);
        var ordered = new List<(string Name, IH5Object Group, KerasLayerNode? Node, string? Cls)>();
        if (parent is not null)
        {
            // Keras 3 names container members snake_case(class) + "_N" in container order: replay that naming.
            var used = new Dictionary<string, int>(StringComparer.Ordinal);
            foreach (var layer in parent.Layers)
            {
                var baseName = KerasLayerKinds.ToSnakeCase(layer.ClassName);
                if (baseName.Length == 0)
                {
                    continue;
                }

                string auto;
                if (used.TryGetValue(baseName, out var n))
                {
                    used[baseName] = n + 1;
                    auto = $"{baseName}_{n + 1}";
                }
                else
                {
                    used[baseName] = 0;
                    auto = baseName;
                }

                if (groups.Remove(auto, out var g))
                {
                    ordered.Add((auto, g, layer, layer.ClassName));
                }
            }
        }

        foreach (var (name, g) in groups.OrderBy(kv => AutoNameKey(kv.Key).Base, StringComparer.Ordinal)
                     .ThenBy(kv => AutoNameKey(kv.Key).Index)
                     .ThenBy(kv => kv.Key, StringComparer.Ordinal))
        {
            ordered.Add((name, g, null, KerasLayerKinds.ClassFromAutoName(name)));
        }

        foreach (var (name, g, node, cls) in ordered)
        {
            WalkLayer(AsGroup(g, Join(prefix, name)), Join(prefix, name), node, cls, depth + 1);
        }
    }

    private static (string Base, long Index) AutoNameKey(string name)
    {
        var cut = name.LastIndexOf('_');
        return cut > 0 && cut < name.Length - 1 && cut >= name.Length - 10
                       && long.TryParse(name.AsSpan(cut + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var i)
            ? (name[..cut], i)
            : (name, 0);
    }

    private static (KerasLayerNode? Node, string? Cls) ResolveAttribute(KerasLayerNode? node, string? cls, string attribute)
    {
        if (KerasLayerKinds.IsRecurrentLayer(cls) && attribute == "cell")
        {
            return (node, cls + "Cell");
        }

        if (cls is "Bidirectional" or "TimeDistributed" && attribute is "layer" or "forward_layer" or "backward_layer")
        {
            var wrapped = node?.Wrapped;
            var inner = wrapped is null || wrapped.Count == 0
                ? null
                : attribute == "backward_layer" && wrapped.Count > 1 ? wrapped[1] : wrapped[0];
            return (inner, inner?.ClassName);
        }

        return (null, KerasLayerKinds.ClassFromAutoName(attribute));
    }

    private void EmitVars(IH5Group vars, string prefix, KerasLayerNode? node, string? cls)
    {
        var children = Children(vars);
        var datasets = new IH5Dataset[children.Count];
        foreach (var (name, obj) in children)
        {
            var where = Join(prefix, "vars/" + name);
            if (!int.TryParse(name, NumberStyles.None, CultureInfo.InvariantCulture, out var index)
                || index >= datasets.Length || index.ToString(CultureInfo.InvariantCulture) != name)
            {
                throw Fail($"unexpected entry '{name}' in a vars group (expected 0..{datasets.Length - 1})", where);
            }

            datasets[index] = obj as IH5Dataset ?? throw Fail("vars entry is not a dataset", where);
        }

        var names = KerasLayerKinds.VariableNames(node, cls, datasets.Length);
        for (var i = 0; i < datasets.Length; i++)
        {
            var variable = names?[i];
            var name = Join(prefix, variable ?? "vars/" + i.ToString(CultureInfo.InvariantCulture));
            Add(name, datasets[i], KerasLayerKinds.Hint(cls, variable ?? string.Empty));
        }
    }

    // ----- shared helpers -----

    private Dictionary<string, IH5Object> Children(IH5Group group)
    {
        var result = new Dictionary<string, IH5Object>(StringComparer.Ordinal);
        foreach (var child in group.Children())
        {
            Count();
            if (child is IH5UnresolvedLink link)
            {
                throw Fail($"link '{link.Name}' cannot be resolved: {OneLine(link.Reason?.Message ?? "unknown")}");
            }

            if (!result.TryAdd(child.Name, child))
            {
                throw Fail($"duplicate link name '{child.Name}'");
            }
        }

        return result;
    }

    private IH5Group Group(IH5Group parent, string path, string what) =>
        parent.Get(path) as IH5Group ?? throw Fail($"'{what}' is not a group");

    private IH5Group AsGroup(IH5Object obj, string what) =>
        obj as IH5Group ?? throw Fail($"'{what}' is not a group");

    private void CheckRelativePath(string name, string what)
    {
        if (name.Length == 0 || name.Length > 4096 || name.Contains('\0', StringComparison.Ordinal))
        {
            throw Fail($"invalid {what} '{OneLine(name)}'");
        }

        foreach (var segment in name.Split('/'))
        {
            if (segment.Length == 0 || segment is "." or "..")
            {
                throw Fail($"invalid {what} '{OneLine(name)}' (empty, '.' or '..' path segment)");
            }
        }
    }

    private static bool HasAttribute(IH5Object obj, string name) =>
        obj.AttributeExists(name) || obj.AttributeExists(name + "0");

    /// <summary>A string-list attribute, joined from <c>name0</c>, <c>name1</c>, … when Keras split it.</summary>
    private List<string> ReadStrings(IH5Object obj, string name)
    {
        if (obj.AttributeExists(name))
        {
            return ReadStringAttribute(obj.Attribute(name), name);
        }

        var result = new List<string>();
        for (var chunk = 0; obj.AttributeExists(name + chunk.ToString(CultureInfo.InvariantCulture)); chunk++)
        {
            Count();
            var part = name + chunk.ToString(CultureInfo.InvariantCulture);
            result.AddRange(ReadStringAttribute(obj.Attribute(part), part));
        }

        return result;
    }

    private List<string> ReadStringAttribute(IH5Attribute attribute, string name)
    {
        var type = attribute.Type;
        if (type.Class is not H5DataTypeClass.String and not H5DataTypeClass.VariableLength)
        {
            throw Fail($"attribute '{name}' is not a string (HDF5 class {type.Class})");
        }

        var space = attribute.Space;
        switch (space.Type)
        {
            case H5DataspaceType.Null:
                return [];
            case H5DataspaceType.Scalar:
                return [attribute.Read<string>() ?? throw Fail($"attribute '{name}' holds a null string")];
        }

        var dims = space.Dimensions;
        var perElement = Math.Max(1, type.Size);
        if (dims.Length != 1 || dims[0] > (ulong)(_length / perElement) || dims[0] > (ulong)Array.MaxLength)
        {
            throw Fail($"attribute '{name}' has an implausible shape ({string.Join(", ", dims)})");
        }

        var values = attribute.Read<string[]>();
        var list = new List<string>(values.Length);
        foreach (var v in values)
        {
            Count();
            list.Add(v ?? throw Fail($"attribute '{name}' holds a null string"));
        }

        return list;
    }

    private void Add(string name, IH5Dataset dataset, LayerKindHint hint)
    {
        if (_byName.ContainsKey(name))
        {
            throw Fail("duplicate tensor name", name);
        }

        var info = Describe(dataset, name) with { Layout = WeightLayout.Keras, KindHint = hint };
        _byName.Add(name, (info, dataset));
        _tensors.Add(info);
    }

    private TensorInfo Describe(IH5Dataset dataset, string name)
    {
        var type = dataset.Type;
        var dtype = (type.Class, type.Size) switch
        {
            (H5DataTypeClass.FloatingPoint, 2) => DType.F16,
            (H5DataTypeClass.FloatingPoint, 4) => DType.F32,
            (H5DataTypeClass.FloatingPoint, 8) => DType.F64,
            (H5DataTypeClass.FixedPoint, 1) => type.FixedPoint.IsSigned ? DType.I8 : DType.U8,
            (H5DataTypeClass.FixedPoint, 2) => type.FixedPoint.IsSigned ? DType.I16 : DType.U16,
            (H5DataTypeClass.FixedPoint, 4) => type.FixedPoint.IsSigned ? DType.I32 : DType.U32,
            (H5DataTypeClass.FixedPoint, 8) => type.FixedPoint.IsSigned ? DType.I64 : DType.U64,
            _ => throw Fail($"unsupported HDF5 datatype (class {type.Class}, {type.Size} bytes)", name),
        };

        var space = dataset.Space;
        ulong[] dims = space.Type switch
        {
            H5DataspaceType.Scalar => [],
            H5DataspaceType.Simple => space.Dimensions,
            _ => throw Fail($"unsupported dataspace {space.Type}", name),
        };

        if (dims.Length > TensorSizes.MaxRank)
        {
            throw Fail($"rank {dims.Length} exceeds {TensorSizes.MaxRank}", name);
        }

        var shape = new long[dims.Length];
        for (var i = 0; i < dims.Length; i++)
        {
            shape[i] = dims[i] <= long.MaxValue ? (long)dims[i] : throw Fail("dimension exceeds 2^63", name);
        }

        if (!TensorSizes.TryByteLength(shape, dtype, out var count, out var bytes))
        {
            throw Fail($"shape ({string.Join(", ", shape)}) overflows", name);
        }

        var layout = dataset.Layout.Class;
        var limit = layout switch
        {
            H5DataLayoutClass.Compact or H5DataLayoutClass.Contiguous => _length,
            H5DataLayoutClass.Chunked => Math.Max(ChunkedFloor, _length > long.MaxValue / MaxChunkedRatio
                ? long.MaxValue
                : _length * MaxChunkedRatio),
            _ => throw Fail($"unsupported HDF5 storage layout {layout}", name),
        };

        if (bytes > limit || count > Array.MaxLength)
        {
            throw Fail($"shape ({string.Join(", ", shape)}) of {dtype} needs {bytes} bytes, more than the "
                       + $"{(layout == H5DataLayoutClass.Chunked ? "chunked-data limit" : "data")} of {limit} bytes",
                name);
        }

        return new TensorInfo(name, dtype, shape, bytes, _path);
    }

    private static void ReadCore(IH5Dataset dataset, DType dtype, int count, Span<double> destination)
    {
        switch (dtype)
        {
            case DType.F64:
                Read<double>(dataset, count).AsSpan().CopyTo(destination);
                break;
            case DType.F32:
                Convert(Read<float>(dataset, count), destination, static v => v);
                break;
            case DType.F16:
                Convert(Read<Half>(dataset, count), destination, static v => (double)v);
                break;
            case DType.I8:
                Convert(Read<sbyte>(dataset, count), destination, static v => v);
                break;
            case DType.U8:
                Convert(Read<byte>(dataset, count), destination, static v => v);
                break;
            case DType.I16:
                Convert(Read<short>(dataset, count), destination, static v => v);
                break;
            case DType.U16:
                Convert(Read<ushort>(dataset, count), destination, static v => v);
                break;
            case DType.I32:
                Convert(Read<int>(dataset, count), destination, static v => v);
                break;
            case DType.U32:
                Convert(Read<uint>(dataset, count), destination, static v => v);
                break;
            case DType.I64:
                Convert(Read<long>(dataset, count), destination, static v => v);
                break;
            case DType.U64:
                Convert(Read<ulong>(dataset, count), destination, static v => v);
                break;
            default:
                throw new InvalidOperationException($"dtype {dtype} is never catalogued");
        }
    }

    private static T[] Read<T>(IH5Dataset dataset, int count)
        where T : unmanaged
    {
        var buffer = new T[count];
        if (count > 0)
        {
            dataset.Read(buffer);
        }

        return buffer;
    }

    private static void Convert<T>(T[] source, Span<double> destination, Func<T, double> convert)
    {
        for (var i = 0; i < source.Length; i++)
        {
            destination[i] = convert(source[i]);
        }
    }
}
