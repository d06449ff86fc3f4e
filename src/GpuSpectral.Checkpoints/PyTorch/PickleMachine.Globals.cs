using System.Text;
using GpuSpectral.Checkpoints.Decoding;

namespace GpuSpectral.Checkpoints.PyTorch;

/// <content>Allow-listed globals and the calls REDUCE, NEWOBJ and BUILD may make on them, modelled as data construction.</content>
internal sealed partial class PickleMachine
{
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
}
