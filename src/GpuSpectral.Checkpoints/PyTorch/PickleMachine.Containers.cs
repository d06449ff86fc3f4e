
namespace GpuSpectral.Checkpoints.PyTorch;

/// <content>Container opcodes (tuples, lists, dicts, sets) and the item and nesting caps they enforce.</content>
internal sealed partial class PickleMachine
{
    /// <summary>Runs a container opcode (tuples, lists, dicts, sets); false when <paramref name="op"/> is not one.</summary>
    private bool TryContainerOp(byte op)
    {
        switch (op)
        {
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
            default:
                return false;
        }

        return true;
    }

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
}
