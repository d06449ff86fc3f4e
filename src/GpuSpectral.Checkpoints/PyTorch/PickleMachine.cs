using System.Buffers.Binary;
using System.Numerics;
using System.Text;
using GpuSpectral.Checkpoints.Decoding;
using GpuSpectral.Core.Errors;
using GpuSpectral.Core.Tensors;

namespace GpuSpectral.Checkpoints.PyTorch;

/// <summary>Which persistent ids a pickle may contain.</summary>
internal enum PersistentIdKind
{
    /// <summary>None: BINPERSID is refused.</summary>
    None,

    /// <summary><c>('storage', type, key, location, numel)</c> (torch.save zip format).</summary>
    Zip,

    /// <summary><c>('storage', type, root_key, location, numel, view_metadata)</c> (legacy format).</summary>
    Legacy,
}

/// <summary>
/// A restricted pickle interpreter for protocols 2–5 (checkpoint-formats.md §4). It implements only the opcodes
/// torch.save emits, produces only the closed value set of <see cref="PyValue"/>, resolves globals only through
/// <see cref="PickleAllowList"/>, and models every allowed call (tensor rebuild functions, <c>OrderedDict()</c>, …)
/// as pure data construction. Nothing in a pickle is ever executed, imported or reflected. Every length is
/// checked against the remaining bytes before anything is allocated, and memo, stack, MARK depth, value nesting,
/// container items and opcode count are capped.
/// </summary>
internal sealed class PickleMachine
{
    /// <summary>Largest pickle accepted (checkpoint-formats.md §1.3).</summary>
    public const int MaxPickleBytes = 256 << 20;

    /// <summary>Most memo entries.</summary>
    public const int MaxMemo = 1 << 20;

    /// <summary>Most values on the stack.</summary>
    public const int MaxStack = 1 << 20;

    /// <summary>Most open MARKs, and deepest value nesting.</summary>
    public const int MaxDepth = 64;

    /// <summary>Most opcodes executed per pickle.</summary>
    public const long MaxOps = 50_000_000;

    /// <summary>Most items put into containers (tuples, lists, dicts, sets) per pickle.</summary>
    public const long MaxItems = 16_000_000;

    /// <summary>Longest GLOBAL line or STACK_GLOBAL string.</summary>
    public const int MaxGlobalLine = 256;

    /// <summary>Longest LONG1/LONG4 integer, in bytes.</summary>
    public const int MaxLongBytes = 64;

    private static readonly UTF8Encoding StrictUtf8 = new(false, true);

    private readonly string _path;
    private readonly string _what;
    private readonly PersistentIdKind _pids;
    private readonly Dictionary<string, TorchStorage> _storages = new(StringComparer.Ordinal);
    private readonly List<TorchStorage> _storageOrder = [];

    private readonly List<PyValue> _stack = [];
    private readonly List<int> _marks = [];
    private readonly Dictionary<uint, PyValue> _memo = [];
    private long _base;
    private long _at;
    private long _items;

    /// <summary>Creates a machine for pickles found in <paramref name="path"/>.</summary>
    /// <param name="path">File path, for messages.</param>
    /// <param name="what">Name of the pickle, for messages (for example <c>digits/data.pkl</c>).</param>
    /// <param name="pids">Which persistent ids are accepted.</param>
    public PickleMachine(string path, string what, PersistentIdKind pids)
    {
        _path = path;
        _what = what;
        _pids = pids;
    }

    /// <summary>Storages referenced by persistent ids so far, in order of first appearance.</summary>
    public IReadOnlyList<TorchStorage> Storages => _storageOrder;

    /// <summary>
    /// Interprets one pickle at the start of <paramref name="data"/>, up to and including its STOP.
    /// </summary>
    /// <param name="data">Bytes starting at the pickle's PROTO opcode (may extend beyond its STOP).</param>
    /// <param name="baseOffset">File offset of <c>data[0]</c>, for messages.</param>
    /// <param name="consumed">Bytes up to and including STOP.</param>
    /// <returns>The single value left by STOP.</returns>
    /// <exception cref="CheckpointFormatException">The pickle is malformed or uses anything not allowed.</exception>
    public PyValue Run(ReadOnlySpan<byte> data, long baseOffset, out int consumed)
    {
        _stack.Clear();
        _marks.Clear();
        _memo.Clear();
        _items = 0;
        _base = baseOffset;
        if (data.Length > MaxPickleBytes)
        {
            data = data[..MaxPickleBytes];
        }

        var c = new Cursor { Data = data, FrameEnd = -1 };
        for (long ops = 0; ; ops++)
        {
            _at = c.Pos;
            if (ops >= MaxOps)
            {
                throw Fail($"pickle runs more than {MaxOps} opcodes");
            }

            if (c.Pos >= data.Length)
            {
                throw Fail(data.Length >= MaxPickleBytes
                    ? $"pickle has no STOP within {MaxPickleBytes} bytes"
                    : "pickle ends without a STOP opcode");
            }

            var op = Take(ref c, 1)[0];
            if (ops == 0 && op != PickleOpcodes.Proto)
            {
                throw Fail(
                    $"pickle starts with {PickleOpcodes.Describe(op)}, not PROTO (only protocols 2-5 are supported)");
            }

            if (op == PickleOpcodes.Stop)
            {
                if (c.FrameEnd > c.Pos)
                {
                    throw Fail("STOP inside a frame that has bytes left");
                }

                if (_marks.Count != 0 || _stack.Count != 1)
                {
                    throw Fail($"STOP with {_marks.Count} open MARK(s) and {_stack.Count} value(s) on the stack");
                }

                consumed = c.Pos;
                var result = _stack[0];
                _stack.Clear();
                _memo.Clear();
                return result;
            }

            Step(op, ops == 0, ref c);
        }
    }

    private void Step(byte op, bool first, ref Cursor c)
    {
        switch (op)
        {
            case PickleOpcodes.Proto:
                var protocol = Take(ref c, 1)[0];
                if (!first)
                {
                    throw Fail("PROTO opcode after the start of the pickle");
                }

                if (protocol is < 2 or > 5)
                {
                    throw Fail($"pickle protocol {protocol} is not supported (only 2-5)");
                }

                break;
            case PickleOpcodes.Frame:
                if (c.FrameEnd > c.Pos)
                {
                    throw Fail("FRAME starts inside another frame");
                }

                var frame = BinaryPrimitives.ReadUInt64LittleEndian(Take(ref c, 8));
                if (frame > (ulong)(c.Data.Length - c.Pos))
                {
                    throw Fail($"FRAME of {frame} bytes but only {c.Data.Length - c.Pos} remain");
                }

                c.FrameEnd = c.Pos + (int)frame;
                break;
            case PickleOpcodes.Mark:
                if (_marks.Count >= MaxDepth)
                {
                    throw Fail($"MARKs nested deeper than {MaxDepth}");
                }

                _marks.Add(_stack.Count);
                break;
            case PickleOpcodes.Global:
                var module = ReadLine(ref c);
                var name = ReadLine(ref c);
                Push(ResolveGlobal(module, name));
                break;
            case PickleOpcodes.StackGlobal:
                var n = Pop();
                var m = Pop();
                if (m is not PyStr ms || n is not PyStr ns)
                {
                    throw Fail($"STACK_GLOBAL needs two str, got {m.TypeName} and {n.TypeName}");
                }

                if (ms.Value.Length > MaxGlobalLine || ns.Value.Length > MaxGlobalLine)
                {
                    throw Fail($"STACK_GLOBAL name longer than {MaxGlobalLine} characters");
                }

                Push(ResolveGlobal(ms.Value, ns.Value));
                break;
            case PickleOpcodes.BinPut:
                Put(Take(ref c, 1)[0]);
                break;
            case PickleOpcodes.LongBinPut:
                Put(BinaryPrimitives.ReadUInt32LittleEndian(Take(ref c, 4)));
                break;
            case PickleOpcodes.Memoize:
                Put((uint)_memo.Count);
                break;
            case PickleOpcodes.BinGet:
                Get(Take(ref c, 1)[0]);
                break;
            case PickleOpcodes.LongBinGet:
                Get(BinaryPrimitives.ReadUInt32LittleEndian(Take(ref c, 4)));
                break;
            case PickleOpcodes.EmptyTuple:
                Push(new PyTuple([]));
                break;
            case PickleOpcodes.Tuple1:
            case PickleOpcodes.Tuple2:
            case PickleOpcodes.Tuple3:
                Push(MakeTuple(PopN(op - PickleOpcodes.Tuple1 + 1)));
                break;
            case PickleOpcodes.Tuple:
                Push(MakeTuple(PopMark(op)));
                break;
            case PickleOpcodes.EmptyDict:
                Push(new PyDict(ordered: false));
                break;
            case PickleOpcodes.EmptyList:
                Push(new PyList());
                break;
            case PickleOpcodes.EmptySet:
                Push(new PySet(frozen: false));
                break;
            case PickleOpcodes.SetItem:
                var value = Pop();
                var key = Pop();
                SetItem(PeekAs<PyDict>(op), key, value);
                break;
            case PickleOpcodes.SetItems:
                var pairs = PopMark(op);
                var dict = PeekAs<PyDict>(op);
                if (pairs.Length % 2 != 0)
                {
                    throw Fail($"SETITEMS with an odd number ({pairs.Length}) of keys and values");
                }

                for (var i = 0; i < pairs.Length; i += 2)
                {
                    SetItem(dict, pairs[i], pairs[i + 1]);
                }

                break;
            case PickleOpcodes.Append:
                var item = Pop();
                AddTo(PeekAs<PyList>(op).Items, PeekAs<PyList>(op), item);
                break;
            case PickleOpcodes.Appends:
                var items = PopMark(op);
                var list = PeekAs<PyList>(op);
                foreach (var x in items)
                {
                    AddTo(list.Items, list, x);
                }

                break;
            case PickleOpcodes.AddItems:
                var adds = PopMark(op);
                var set = PeekAs<PySet>(op);
                if (set.Frozen)
                {
                    throw Fail("ADDITEMS on a frozenset");
                }

                foreach (var x in adds)
                {
                    AddTo(set.Items, set, x);
                }

                break;
            case PickleOpcodes.FrozenSet:
                var frozen = new PySet(frozen: true);
                foreach (var x in PopMark(op))
                {
                    AddTo(frozen.Items, frozen, x);
                }

                Push(frozen);
                break;
            case PickleOpcodes.BinUnicode:
                Push(Utf8(Take(ref c, BinaryPrimitives.ReadUInt32LittleEndian(Take(ref c, 4)))));
                break;
            case PickleOpcodes.ShortBinUnicode:
                Push(Utf8(Take(ref c, Take(ref c, 1)[0])));
                break;
            case PickleOpcodes.BinUnicode8:
                Push(Utf8(Take(ref c, BinaryPrimitives.ReadUInt64LittleEndian(Take(ref c, 8)))));
                break;
            case PickleOpcodes.ShortBinString:
                Push(new PyStr(Encoding.Latin1.GetString(Take(ref c, Take(ref c, 1)[0]))));
                break;
            case PickleOpcodes.BinBytes:
                Push(new PyBytes(Take(ref c, BinaryPrimitives.ReadUInt32LittleEndian(Take(ref c, 4))).ToArray()));
                break;
            case PickleOpcodes.ShortBinBytes:
                Push(new PyBytes(Take(ref c, Take(ref c, 1)[0]).ToArray()));
                break;
            case PickleOpcodes.BinBytes8:
            case PickleOpcodes.ByteArray8:
                Push(new PyBytes(Take(ref c, BinaryPrimitives.ReadUInt64LittleEndian(Take(ref c, 8))).ToArray()));
                break;
            case PickleOpcodes.BinInt1:
                Push(new PyInt(Take(ref c, 1)[0]));
                break;
            case PickleOpcodes.BinInt2:
                Push(new PyInt(BinaryPrimitives.ReadUInt16LittleEndian(Take(ref c, 2))));
                break;
            case PickleOpcodes.BinInt:
                Push(new PyInt(BinaryPrimitives.ReadInt32LittleEndian(Take(ref c, 4))));
                break;
            case PickleOpcodes.Long1:
                Push(Long(ref c, Take(ref c, 1)[0]));
                break;
            case PickleOpcodes.Long4:
                Push(Long(ref c, BinaryPrimitives.ReadInt32LittleEndian(Take(ref c, 4))));
                break;
            case PickleOpcodes.BinFloat:
                Push(new PyFloat(BinaryPrimitives.ReadDoubleBigEndian(Take(ref c, 8))));
                break;
            case PickleOpcodes.NewTrue:
                Push(PyBool.True);
                break;
            case PickleOpcodes.NewFalse:
                Push(PyBool.False);
                break;
            case PickleOpcodes.None:
                Push(PyNone.Instance);
                break;
            case PickleOpcodes.Reduce:
                var args = Pop();
                var callable = Pop();
                Push(Call(callable, args, "REDUCE"));
                break;
            case PickleOpcodes.NewObj:
                var newArgs = Pop();
                var cls = Pop();
                Push(NewObj(cls, newArgs));
                break;
            case PickleOpcodes.Build:
                var state = Pop();
                Build(Peek(op), state);
                break;
            case PickleOpcodes.BinPersId:
                Push(PersistentLoad(Pop()));
                break;
            default:
                throw Fail($"pickle opcode {PickleOpcodes.Describe(op)} is not allowed (torch.save does not emit it)");
        }
    }

    // ---- reading -------------------------------------------------------------------------------------------

    private ref struct Cursor
    {
        public ReadOnlySpan<byte> Data;
        public int Pos;
        public int FrameEnd;
    }

    private ReadOnlySpan<byte> Take(ref Cursor c, long n)
    {
        var remaining = c.Data.Length - c.Pos;
        if (n < 0 || n > remaining)
        {
            throw Fail(n < 0
                ? "opcode declares a length beyond 2^31 bytes"
                : $"opcode needs {n} bytes but only {remaining} remain in the pickle");
        }

        if (c.FrameEnd >= 0)
        {
            if (c.Pos >= c.FrameEnd)
            {
                c.FrameEnd = -1;
            }
            else if (n > c.FrameEnd - c.Pos)
            {
                throw Fail("opcode crosses the end of its FRAME");
            }
        }

        var s = c.Data.Slice(c.Pos, (int)n);
        c.Pos += (int)n;
        return s;
    }

    private ReadOnlySpan<byte> Take(ref Cursor c, ulong n) =>
        Take(ref c, n > int.MaxValue ? -1L : (long)n);

    private string ReadLine(ref Cursor c)
    {
        var rest = c.Data[c.Pos..];
        var nl = rest[..Math.Min(rest.Length, MaxGlobalLine + 1)].IndexOf((byte)'\n');
        if (nl < 0)
        {
            throw Fail($"GLOBAL line is not terminated within {MaxGlobalLine} bytes");
        }

        var line = Take(ref c, nl + 1)[..nl];
        foreach (var b in line)
        {
            if (b is < 0x20 or >= 0x7F)
            {
                throw Fail("GLOBAL line holds a byte that is not printable ASCII");
            }
        }

        return Encoding.ASCII.GetString(line);
    }

    private PyStr Utf8(ReadOnlySpan<byte> bytes)
    {
        try
        {
            return new PyStr(StrictUtf8.GetString(bytes));
        }
        catch (DecoderFallbackException e)
        {
            throw Fail("string is not valid UTF-8", e);
        }
    }

    private PyInt Long(ref Cursor c, int n)
    {
        if (n is < 0 or > MaxLongBytes)
        {
            throw Fail($"integer of {n} bytes (at most {MaxLongBytes} are accepted)");
        }

        return new PyInt(new BigInteger(Take(ref c, n), isUnsigned: false, isBigEndian: false));
    }

    // ---- stack and memo ------------------------------------------------------------------------------------

    private int MarkBase => _marks.Count > 0 ? _marks[^1] : 0;

    private void Push(PyValue v)
    {
        if (_stack.Count >= MaxStack)
        {
            throw Fail($"stack exceeds {MaxStack} values");
        }

        _stack.Add(v);
    }

    private PyValue Pop()
    {
        if (_stack.Count <= MarkBase)
        {
            throw Fail("stack underflow (an opcode pops past a MARK or an empty stack)");
        }

        var v = _stack[^1];
        _stack.RemoveAt(_stack.Count - 1);
        return v;
    }

    private PyValue Peek(byte op) =>
        _stack.Count > MarkBase
            ? _stack[^1]
            : throw Fail($"{PickleOpcodes.Describe(op)} on an empty stack");

    private T PeekAs<T>(byte op)
        where T : PyValue =>
        Peek(op) as T ?? throw Fail($"{PickleOpcodes.Describe(op)} on a {_stack[^1].TypeName}");

    private PyValue[] PopN(int n)
    {
        if (_stack.Count - MarkBase < n)
        {
            throw Fail("stack underflow (an opcode pops past a MARK or an empty stack)");
        }

        var items = _stack.GetRange(_stack.Count - n, n).ToArray();
        _stack.RemoveRange(_stack.Count - n, n);
        return items;
    }

    private PyValue[] PopMark(byte op)
    {
        if (_marks.Count == 0)
        {
            throw Fail($"{PickleOpcodes.Describe(op)} without a MARK");
        }

        var at = _marks[^1];
        _marks.RemoveAt(_marks.Count - 1);
        var items = _stack.GetRange(at, _stack.Count - at).ToArray();
        _stack.RemoveRange(at, _stack.Count - at);
        return items;
    }

    private void Put(uint index)
    {
        if (_stack.Count <= MarkBase)
        {
            throw Fail("memo store from an empty stack");
        }

        if (!_memo.ContainsKey(index) && _memo.Count >= MaxMemo)
        {
            throw Fail($"memo exceeds {MaxMemo} entries (memo bomb)");
        }

        _memo[index] = _stack[^1];
    }

    private void Get(uint index) =>
        Push(_memo.TryGetValue(index, out var v) ? v : throw Fail($"memo index {index} is read before it is set"));

    private void Count(long n)
    {
        _items += n;
        if (_items > MaxItems)
        {
            throw Fail($"pickle puts more than {MaxItems} items into containers");
        }
    }

    private PyTuple MakeTuple(PyValue[] items)
    {
        Count(items.Length);
        var t = new PyTuple(items);
        return t.Depth <= MaxDepth ? t : throw Fail($"values nested deeper than {MaxDepth}");
    }

    private void AddTo(List<PyValue> items, PyContainer owner, PyValue x)
    {
        Count(1);
        if (owner.Adopt(x) > MaxDepth)
        {
            throw Fail($"values nested deeper than {MaxDepth}");
        }

        items.Add(x);
    }

    private void SetItem(PyDict dict, PyValue key, PyValue value)
    {
        var id = PyDict.KeyOf(key) ?? throw Fail($"dict key of type {key.TypeName} is not supported");
        Count(1);
        if (dict.Adopt(value) > MaxDepth)
        {
            throw Fail($"values nested deeper than {MaxDepth}");
        }

        dict.Set(id, key, value);
    }

    // ---- globals and calls ---------------------------------------------------------------------------------

    private PyValue ResolveGlobal(string module, string name)
    {
        var spec = PickleAllowList.Resolve(module, name);
        if (spec is null)
        {
            throw Fail($"pickle global '{Printable(module)}.{Printable(name)}' is not allowed "
                       + "(only torch tensor rebuild functions are)");
        }

        if (spec.Kind == GlobalKind.UnsupportedTensor)
        {
            throw Fail(spec.Unsupported!);
        }

        return spec.Kind == GlobalKind.Dtype ? new PyDtype(name, spec.DType) : new PyGlobal(module, name, spec);
    }

    private PyValue Call(PyValue callable, PyValue argsValue, string how)
    {
        if (callable is not PyGlobal g)
        {
            throw Fail($"{how} on a {callable.TypeName} is not allowed");
        }

        if (argsValue is not PyTuple t)
        {
            throw Fail($"{how} of '{g.FullName}' with {argsValue.TypeName} arguments (a tuple is required)");
        }

        var a = t.Items;
        switch (g.Spec.Kind)
        {
            case GlobalKind.OrderedDict:
                return a.Length == 0
                    ? new PyDict(ordered: true)
                    : throw Fail("collections.OrderedDict called with arguments (only OrderedDict() is allowed)");
            case GlobalKind.RebuildTensorV2:
                Arity(g, a, 6, 7);
                return RebuildTensor(g, a, null, a.Length == 7 ? a[6] : null);
            case GlobalKind.RebuildTensorV3:
                Arity(g, a, 7, 8);
                return RebuildTensor(g, a, a[6], a.Length == 8 ? a[7] : null);
            case GlobalKind.RebuildTensor:
                Arity(g, a, 4, 4);
                return RebuildTensor(g, a, null, null);
            case GlobalKind.RebuildParameter:
            case GlobalKind.RebuildParameterWithState:
                Arity(g, a, g.Spec.Kind == GlobalKind.RebuildParameter ? 3 : 4,
                    g.Spec.Kind == GlobalKind.RebuildParameter ? 3 : 4);
                Arg<PyBool>(g, a, 1, "bool");
                Arg<PyDict>(g, a, 2, "dict");
                return Arg<PyTensor>(g, a, 0, "tensor");
            case GlobalKind.RebuildFromTypeV2:
                Arity(g, a, 4, 4);
                var func = Arg<PyGlobal>(g, a, 0, "rebuild function");
                if (func.Spec.Kind is not (GlobalKind.RebuildTensorV2 or GlobalKind.RebuildTensorV3
                    or GlobalKind.RebuildTensor or GlobalKind.RebuildParameter
                    or GlobalKind.RebuildParameterWithState))
                {
                    throw Fail($"'{g.FullName}' cannot call '{func.FullName}'");
                }

                if (Arg<PyGlobal>(g, a, 1, "tensor type").Spec.Kind != GlobalKind.TensorType)
                {
                    throw Fail($"'{g.FullName}': argument 2 is not torch.Tensor or torch.nn.parameter.Parameter");
                }

                return Call(func, Arg<PyTuple>(g, a, 2, "tuple"), g.FullName);
            case GlobalKind.TorchSize:
                Arity(g, a, 1, 1);
                var dims = Arg<PyTuple>(g, a, 0, "tuple");
                foreach (var d in dims.Items)
                {
                    if (d is not PyInt)
                    {
                        throw Fail("torch.Size of a non-integer");
                    }
                }

                return dims;
            case GlobalKind.TorchDevice:
                Arity(g, a, 1, 2);
                Arg<PyStr>(g, a, 0, "str");
                return new PyOpaque("torch.device");
            case GlobalKind.CodecsEncode:
                Arity(g, a, 2, 2);
                var text = Arg<PyStr>(g, a, 0, "str").Value;
                if (Arg<PyStr>(g, a, 1, "str").Value is not ("latin1" or "latin-1")
                    || text.Any(ch => ch > '\u00FF'))
                {
                    throw Fail("_codecs.encode is allowed only for latin1 text");
                }

                return new PyBytes(Encoding.Latin1.GetBytes(text));
            case GlobalKind.Set:
                var result = new PySet(g.Name == "frozenset");
                if (a.Length > 1 || (a.Length == 1 && a[0] is not (PyList or PyTuple)))
                {
                    throw Fail($"'{g.FullName}' is allowed only with no argument or one list");
                }

                var source = a.Length == 0 ? [] : a[0] is PyList l ? l.Items.ToArray() : ((PyTuple)a[0]).Items;
                foreach (var x in source)
                {
                    AddTo(result.Items, result, x);
                }

                return result;
            default:
                throw Fail($"calling '{g.FullName}' is not allowed");
        }
    }

    private PyDict NewObj(PyValue cls, PyValue args)
    {
        if (cls is PyGlobal { Spec.Kind: GlobalKind.OrderedDict } && args is PyTuple { Items.Length: 0 })
        {
            return new PyDict(ordered: true);
        }

        throw Fail($"NEWOBJ on '{(cls is PyGlobal g ? g.FullName : cls.TypeName)}' is not allowed");
    }

    private void Build(PyValue target, PyValue state)
    {
        switch (target)
        {
            case PyDict { Ordered: true } when state is PyDict or PyNone:
                // OrderedDict state is {'_metadata': ...}: module versions, not tensors. Dropped.
                return;
            case PyTensor when state is PyDict or PyNone or PyTuple:
                // Parameter/tensor Python attributes: ignored.
                return;
            default:
                throw Fail($"BUILD on a {target.TypeName} with a {state.TypeName} state is not allowed "
                           + "(only OrderedDict and tensors accept BUILD)");
        }
    }

    private void Arity(PyGlobal g, PyValue[] a, int min, int max)
    {
        if (a.Length < min || a.Length > max)
        {
            var expected = min == max ? $"{min}" : $"{min} or {max}";
            throw Fail($"'{g.FullName}' called with {a.Length} arguments ({expected} expected)");
        }
    }

    private T Arg<T>(PyGlobal g, PyValue[] a, int i, string what)
        where T : PyValue =>
        a[i] as T ?? throw Fail($"'{g.FullName}': argument {i + 1} is a {a[i].TypeName}, not a {what}");

    private long NonNegative(PyGlobal g, PyValue v, string what)
    {
        if (v is not PyInt i)
        {
            throw Fail($"'{g.FullName}': {what} is a {v.TypeName}, not an int");
        }

        return i.TryGetInt64(out var x) && x >= 0
            ? x
            : throw Fail($"'{g.FullName}': {what} {i.Value} is negative or too large");
    }

    private long[] IntTuple(PyGlobal g, PyValue v, string what)
    {
        if (v is not PyTuple t)
        {
            throw Fail($"'{g.FullName}': {what} is a {v.TypeName}, not a tuple");
        }

        if (t.Items.Length > TensorSizes.MaxRank)
        {
            throw Fail($"'{g.FullName}': rank {t.Items.Length} exceeds {TensorSizes.MaxRank}");
        }

        var r = new long[t.Items.Length];
        for (var i = 0; i < r.Length; i++)
        {
            r[i] = NonNegative(g, t.Items[i], $"{what}[{i}]");
        }

        return r;
    }

    private PyTensor RebuildTensor(PyGlobal g, PyValue[] a, PyValue? dtypeArg, PyValue? metadata)
    {
        var storage = Arg<PyStorage>(g, a, 0, "storage");
        var offset = NonNegative(g, a[1], "storage offset");
        var size = IntTuple(g, a[2], "size");
        var stride = IntTuple(g, a[3], "stride");
        if (stride.Length != size.Length)
        {
            throw Fail($"'{g.FullName}': size has {size.Length} dimensions but stride has {stride.Length}");
        }

        if (a.Length > 4)
        {
            Arg<PyBool>(g, a, 4, "bool");
            Arg<PyDict>(g, a, 5, "dict");
        }

        if (metadata is PyDict md)
        {
            foreach (var (k, v) in md.Items)
            {
                if (k is PyStr { Value: "neg" or "conj" } && v is not PyBool { Value: false })
                {
                    throw Fail($"'{g.FullName}': tensors with the neg/conj bit set are not supported");
                }
            }
        }
        else if (metadata is not null and not PyNone)
        {
            throw Fail($"'{g.FullName}': metadata is a {metadata.TypeName}, not a dict");
        }

        DType dtype;
        var root = storage.Root;
        if (dtypeArg is not null)
        {
            if (dtypeArg is not PyDtype d)
            {
                throw Fail($"'{g.FullName}': dtype argument is a {dtypeArg.TypeName}");
            }

            dtype = d.Type ?? throw Fail($"dtype torch.{d.Name} is not supported");
            if (root.DType is { } sd && sd != dtype)
            {
                throw Fail($"'{g.FullName}': dtype torch.{d.Name} does not match storage type {root.TypeName}");
            }
        }
        else
        {
            dtype = root.DType ?? throw Fail(
                $"'{g.FullName}' on an untyped storage (only _rebuild_tensor_v3 says the dtype)");
        }

        var elsize = DTypeInfo.SizeInBytes(dtype);
        if (!TensorSizes.TryByteLength(size, dtype, out var numel, out var bytes))
        {
            throw Fail($"'{g.FullName}': size {Shape(size)} overflows");
        }

        if (numel > 0)
        {
            var last = offset;
            try
            {
                for (var i = 0; i < size.Length; i++)
                {
                    last = checked(last + ((size[i] - 1) * stride[i]));
                }

                var end = checked((last + 1) * elsize);
                if (end > storage.ByteLength)
                {
                    throw Fail($"view of size {Shape(size)}, stride {Shape(stride)} and offset {offset} reaches "
                               + $"element {last} but its storage '{root.Key}' holds "
                               + $"{storage.ByteLength / elsize} elements of {dtype}");
                }
            }
            catch (OverflowException e)
            {
                throw Fail($"view of size {Shape(size)}, stride {Shape(stride)} and offset {offset} overflows", e);
            }

            if (bytes > storage.ByteLength)
            {
                throw Fail($"view of size {Shape(size)} has more elements than its storage '{root.Key}' "
                           + "(overlapping strides are not supported)");
            }
        }

        return new PyTensor(storage, dtype, offset, size, stride);
    }

    private PyStorage PersistentLoad(PyValue pidValue)
    {
        if (_pids == PersistentIdKind.None)
        {
            throw Fail("persistent id (BINPERSID) in a pickle that must not have one");
        }

        if (pidValue is not PyTuple pid || pid.Items.Length == 0)
        {
            throw Fail($"persistent id is a {pidValue.TypeName}, not a tuple");
        }

        var a = pid.Items;
        if (a[0] is not PyStr { Value: "storage" })
        {
            var kind = a[0] is PyStr s ? Printable(s.Value) : a[0].TypeName;
            throw Fail($"persistent id of kind '{kind}' is not allowed (only 'storage')");
        }

        var arity = _pids == PersistentIdKind.Zip ? 5 : 6;
        if (a.Length != arity)
        {
            throw Fail($"storage persistent id has {a.Length} elements ({arity} expected)");
        }

        if (a[1] is not PyGlobal { Spec.Kind: GlobalKind.Storage } type)
        {
            throw Fail($"storage persistent id names a {a[1].TypeName}, not a storage type");
        }

        if (type.Spec.Unsupported is { } why)
        {
            throw Fail(why);
        }

        if (a[2] is not PyStr key || a[3] is not PyStr || a[4] is not PyInt numelValue)
        {
            throw Fail("storage persistent id is not (str, type, str, str, int, ...)");
        }

        if (!numelValue.TryGetInt64(out var numel) || numel < 0)
        {
            throw Fail($"storage '{Printable(key.Value)}' has invalid size {numelValue.Value}");
        }

        var elsize = type.Spec.ElementSize;
        var hi = Math.BigMul(numel, elsize, out long bytes);
        if (hi != 0 || bytes < 0)
        {
            throw Fail($"storage '{Printable(key.Value)}' size {numel} x {elsize} bytes overflows");
        }

        if (_storages.TryGetValue(key.Value, out var root))
        {
            if (root.DType != type.Spec.DType || root.ElementSize != elsize || root.Numel != numel)
            {
                throw Fail($"storage '{Printable(key.Value)}' is declared as {root.TypeName} x {root.Numel} and "
                           + $"as {type.FullName} x {numel}");
            }
        }
        else
        {
            root = new TorchStorage(key.Value, type.FullName, type.Spec.DType, elsize, numel, bytes);
            _storages.Add(key.Value, root);
            _storageOrder.Add(root);
        }

        if (_pids == PersistentIdKind.Zip || a[5] is PyNone)
        {
            return new PyStorage(root, 0, root.ByteLength);
        }

        if (a[5] is not PyTuple { Items: [PyStr, PyInt vo, PyInt vs] }
            || !vo.TryGetInt64(out var viewOffset) || !vs.TryGetInt64(out var viewSize)
            || viewOffset < 0 || viewSize < 0 || viewOffset > numel - viewSize)
        {
            throw Fail($"storage '{Printable(key.Value)}' has invalid view metadata");
        }

        return new PyStorage(root, viewOffset * elsize, viewSize * elsize);
    }

    // ---- messages ------------------------------------------------------------------------------------------

    private static string Shape(long[] dims) => "(" + string.Join(", ", dims) + ")";

    /// <summary>Text from the file made safe for a one-line message (control characters escaped, length capped).</summary>
    public static string Printable(string s)
    {
        var sb = new StringBuilder();
        foreach (var ch in s.Length > 120 ? s[..120] : s)
        {
            if (char.IsControl(ch) || char.IsSurrogate(ch))
            {
                sb.Append($"\\u{(int)ch:x4}");
            }
            else
            {
                sb.Append(ch);
            }
        }

        return s.Length > 120 ? sb + "…" : sb.ToString();
    }

    private CheckpointFormatException Fail(string reason, Exception? inner = null) =>
        new(_path, $"{_what}: {reason}", offset: _base + _at, inner: inner);
}
