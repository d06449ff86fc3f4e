using System.Buffers.Binary;
using System.Text;
using GpuSpectral.Core.Errors;

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
internal sealed partial class PickleMachine
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
                if (!TryContainerOp(op) && !TryConstantOp(op, ref c))
                {
                    throw Fail($"pickle opcode {PickleOpcodes.Describe(op)} is not allowed (torch.save does not emit it)");
                }

                break;
        }
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
