using System.Globalization;
using System.Numerics;
using GpuSpectral.Core.Tensors;

namespace GpuSpectral.Checkpoints.PyTorch;

/// <summary>
/// The closed set of values the restricted pickle VM can produce. Nothing here wraps a callable, a type or a
/// reflected member: a <see cref="PyGlobal"/> is only a tag from the fixed allow-list.
/// </summary>
internal abstract class PyValue
{
    /// <summary>Python-like type name, for messages.</summary>
    public abstract string TypeName { get; }

    /// <summary>Nesting depth (0 for scalars), tracked when containers are built.</summary>
    public int Depth { get; protected set; }
}

/// <summary>Python <c>None</c>.</summary>
internal sealed class PyNone : PyValue
{
    public static readonly PyNone Instance = new();

    private PyNone()
    {
    }

    public override string TypeName => "None";
}

/// <summary>Python <c>bool</c>.</summary>
internal sealed class PyBool : PyValue
{
    public static readonly PyBool True = new(true);
    public static readonly PyBool False = new(false);

    private PyBool(bool value) => Value = value;

    public bool Value { get; }

    public override string TypeName => "bool";
}

/// <summary>Python <c>int</c> (at most 64 bytes of two's complement, see the VM).</summary>
internal sealed class PyInt(BigInteger value) : PyValue
{
    public BigInteger Value { get; } = value;

    public override string TypeName => "int";

    public bool TryGetInt64(out long v)
    {
        if (Value >= long.MinValue && Value <= long.MaxValue)
        {
            v = (long)Value;
            return true;
        }

        v = 0;
        return false;
    }
}

/// <summary>Python <c>float</c>.</summary>
internal sealed class PyFloat(double value) : PyValue
{
    public double Value { get; } = value;

    public override string TypeName => "float";
}

/// <summary>Python <c>str</c>.</summary>
internal sealed class PyStr(string value) : PyValue
{
    public string Value { get; } = value;

    public override string TypeName => "str";
}

/// <summary>Python <c>bytes</c> / <c>bytearray</c>.</summary>
internal sealed class PyBytes(byte[] value) : PyValue
{
    public byte[] Value { get; } = value;

    public override string TypeName => "bytes";
}

/// <summary>Python <c>tuple</c> (immutable).</summary>
internal sealed class PyTuple : PyValue
{
    public PyTuple(PyValue[] items)
    {
        Items = items;
        foreach (var i in items)
        {
            Depth = Math.Max(Depth, i.Depth + 1);
        }
    }

    public PyValue[] Items { get; }

    public override string TypeName => "tuple";
}

/// <summary>Base of the mutable containers, whose depth grows as items are added.</summary>
internal abstract class PyContainer : PyValue
{
    /// <summary>Records that <paramref name="child"/> was added; returns the new depth.</summary>
    public int Adopt(PyValue child)
    {
        Depth = Math.Max(Depth, child.Depth + 1);
        return Depth;
    }
}

/// <summary>Python <c>list</c>.</summary>
internal sealed class PyList : PyContainer
{
    public List<PyValue> Items { get; } = [];

    public override string TypeName => "list";
}

/// <summary>Python <c>set</c> or <c>frozenset</c>: inert, never hashed or deduplicated.</summary>
internal sealed class PySet(bool frozen) : PyContainer
{
    public List<PyValue> Items { get; } = [];

    public bool Frozen { get; } = frozen;

    public override string TypeName => Frozen ? "frozenset" : "set";
}

/// <summary>Python <c>dict</c> or <c>collections.OrderedDict</c>, in insertion order.</summary>
internal sealed class PyDict(bool ordered) : PyContainer
{
    private readonly Dictionary<string, int> _index = new(StringComparer.Ordinal);

    public bool Ordered { get; } = ordered;

    public List<KeyValuePair<PyValue, PyValue>> Items { get; } = [];

    public override string TypeName => Ordered ? "collections.OrderedDict" : "dict";

    /// <summary>Python key identity for the hashable scalar types; null when the key type is not accepted.</summary>
    public static string? KeyOf(PyValue key) => key switch
    {
        PyStr s => "s:" + s.Value,
        PyInt i => "i:" + i.Value.ToString(CultureInfo.InvariantCulture),
        PyBool b => b.Value ? "i:1" : "i:0",
        PyNone => "n",
        PyFloat f when double.IsFinite(f.Value) && Math.Floor(f.Value) == f.Value && Math.Abs(f.Value) < 1e300 =>
            "i:" + new BigInteger(f.Value).ToString(CultureInfo.InvariantCulture),
        PyFloat f => "f:" + BitConverter.DoubleToInt64Bits(f.Value).ToString(CultureInfo.InvariantCulture),
        PyBytes b => "b:" + Convert.ToHexString(b.Value),
        _ => null,
    };

    /// <summary>Sets <c>self[key] = value</c> (Python semantics: a repeated key keeps its position).</summary>
    public void Set(string keyId, PyValue key, PyValue value)
    {
        if (_index.TryGetValue(keyId, out var at))
        {
            Items[at] = new KeyValuePair<PyValue, PyValue>(Items[at].Key, value);
        }
        else
        {
            _index.Add(keyId, Items.Count);
            Items.Add(new KeyValuePair<PyValue, PyValue>(key, value));
        }
    }

    /// <summary>Value stored under the string key <paramref name="key"/>, or null.</summary>
    public PyValue? Get(string key) => _index.TryGetValue("s:" + key, out var at) ? Items[at].Value : null;
}

/// <summary>A resolved allow-listed global: a tag, never a callable.</summary>
internal sealed class PyGlobal(string module, string name, GlobalSpec spec) : PyValue
{
    public string Module { get; } = module;

    public string Name { get; } = name;

    public GlobalSpec Spec { get; } = spec;

    public string FullName => Module + "." + Name;

    public override string TypeName => "global " + FullName;
}

/// <summary>An inert value of an allow-listed but uninteresting type (for example <c>torch.device</c>).</summary>
internal sealed class PyOpaque(string what) : PyValue
{
    public string What { get; } = what;

    public override string TypeName => What;
}

/// <summary>One storage referenced by a persistent id, shared by every pid with the same key.</summary>
/// <param name="Key">Storage key (<c>data/&lt;key&gt;</c> in zip archives, the root key in legacy files).</param>
/// <param name="TypeName">Storage class as pickled, for messages.</param>
/// <param name="DType">Element type; null for <c>UntypedStorage</c> (bytes).</param>
/// <param name="ElementSize">Bytes per storage unit (1 for untyped storages).</param>
/// <param name="Numel">Storage units as declared by the pid.</param>
/// <param name="ByteLength">Numel × ElementSize (checked).</param>
internal sealed record TorchStorage(
    string Key, string TypeName, DType? DType, int ElementSize, long Numel, long ByteLength);

/// <summary>A storage, or (legacy files only) a view of <c>[ByteOffset, ByteOffset + ByteLength)</c> of one.</summary>
internal sealed class PyStorage(TorchStorage root, long byteOffset, long byteLength) : PyValue
{
    public TorchStorage Root { get; } = root;

    public long ByteOffset { get; } = byteOffset;

    public long ByteLength { get; } = byteLength;

    public override string TypeName => "storage";
}

/// <summary>A tensor rebuilt by an allow-listed function: a strided view of a storage, validated in bounds.</summary>
internal sealed class PyTensor(PyStorage storage, DType dtype, long offset, long[] size, long[] stride) : PyValue
{
    public PyStorage Storage { get; } = storage;

    public DType DType { get; } = dtype;

    /// <summary>Storage offset in elements of <see cref="DType"/>.</summary>
    public long Offset { get; } = offset;

    public long[] Size { get; } = size;

    /// <summary>Strides in elements of <see cref="DType"/>.</summary>
    public long[] Stride { get; } = stride;

    public override string TypeName => "tensor";
}

/// <summary>A <c>torch.&lt;dtype&gt;</c> value.</summary>
internal sealed class PyDtype(string name, DType? type) : PyValue
{
    public string Name { get; } = name;

    /// <summary>The matching element type, or null when this reader does not support it.</summary>
    public DType? Type { get; } = type;

    public override string TypeName => "torch." + Name;
}
