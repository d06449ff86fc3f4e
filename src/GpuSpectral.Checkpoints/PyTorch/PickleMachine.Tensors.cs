using GpuSpectral.Checkpoints.Decoding;
using GpuSpectral.Core.Tensors;

namespace GpuSpectral.Checkpoints.PyTorch;

/// <content>Tensor rebuilds (view bounds against storages) and storage persistent ids.</content>
internal sealed partial class PickleMachine
{
    // ---- tensors and persistent ids -----------------------------------------------------------------------

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
}
