using GpuSpectral.Checkpoints.Decoding;
using GpuSpectral.Checkpoints.Interop;
using GpuSpectral.Core.Errors;
using GpuSpectral.Core.Tensors;

namespace GpuSpectral.Checkpoints.PyTorch;

/// <summary>
/// The tensors of one torch checkpoint file: names from <see cref="StateDictWalker"/>, each a validated strided view
/// of a storage whose bytes lie at a known offset of the mapped file. Reads gather the view into C order
/// (contiguous views are decoded straight from the map).
/// </summary>
internal sealed class TorchTensorTable
{
    private readonly TensorTable<Entry> _table;

    /// <summary>Builds the table.</summary>
    /// <param name="path">File path (also the tensors' <see cref="TensorInfo.SourceFile"/>).</param>
    /// <param name="tensors">Named tensors from <see cref="StateDictWalker.Collect"/>.</param>
    /// <param name="storageStart">File offset of byte 0 of a (validated) storage.</param>
    public TorchTensorTable(
        string path, List<(string Name, PyTensor Tensor)> tensors, Func<TorchStorage, long> storageStart)
    {
        _table = new TensorTable<Entry>();
        foreach (var (name, t) in tensors)
        {
            var shape = (long[])t.Size.Clone();
            if (!TensorSizes.TryByteLength(shape, t.DType, out _, out var bytes))
            {
                throw new CheckpointFormatException(path, "tensor size overflows", name);
            }

            var info = new TensorInfo(name, t.DType, shape, bytes, path) { Layout = WeightLayout.PyTorch };
            var start = checked(storageStart(t.Storage.Root) + t.Storage.ByteOffset);
            _table.Add(info, new Entry(start, t));
        }
    }

    /// <summary>Tensors in pickle order.</summary>
    public IReadOnlyList<TensorInfo> Tensors => _table.Tensors;

    /// <summary>The tensor called <paramref name="name"/>.</summary>
    public bool TryGet(string name, out TensorInfo info) => _table.TryGet(name, out info);

    /// <summary>Decodes <paramref name="tensor"/> into C order.</summary>
    public void Read(MappedFile file, TensorInfo tensor, Span<double> destination)
    {
        var (info, e) = _table.Find(tensor, file.Path);
        var count = TensorDataDecoder.CheckDestination(info, destination);
        if (count == 0)
        {
            return;
        }

        var t = e.Tensor;
        var elsize = DTypeInfo.SizeInBytes(t.DType);
        var first = checked(e.Start + (t.Offset * elsize));
        if (IsContiguous(t.Size, t.Stride))
        {
            TensorDataDecoder.FromMap(file, first, info, false, destination);
            return;
        }

        long span = 1;
        for (var i = 0; i < t.Size.Length; i++)
        {
            span += (t.Size[i] - 1) * t.Stride[i]; // validated against the storage when the pickle was read
        }

        if (span <= (4L * count) + 4096 && span <= Array.MaxLength)
        {
            // Typical case (a transposed or sliced weight): decode the covering range once, then gather.
            var covering = new double[span];
            var coverInfo = new TensorInfo(info.Name, t.DType, [span], span * elsize, info.SourceFile);
            TensorDataDecoder.FromMap(file, first, coverInfo, false, covering);
            Gather(t.Size, t.Stride, destination, rel => covering[rel]);
            return;
        }

        // A sparse view of a much larger storage: decode element by element.
        var dtype = t.DType;
        var one = new double[1];
        Gather(t.Size, t.Stride, destination, rel =>
        {
            ElementDecoder.Decode(file.Span(first + (rel * elsize), elsize), dtype, false, one);
            return one[0];
        });
    }

    private static bool IsContiguous(long[] size, long[] stride)
    {
        long expected = 1;
        for (var i = size.Length - 1; i >= 0; i--)
        {
            if (size[i] != 1 && stride[i] != expected)
            {
                return false;
            }

            expected *= size[i];
        }

        return true;
    }

    private delegate double Fetch(long relativeElement);

    /// <summary>Walks the view in C order; <paramref name="fetch"/> gets element offsets relative to the first.</summary>
    private static void Gather(long[] size, long[] stride, Span<double> destination, Fetch fetch)
    {
        var rank = size.Length;
        var index = new long[rank];
        long rel = 0;
        var o = 0;
        var inner = size[rank - 1];
        var innerStride = stride[rank - 1];
        while (true)
        {
            for (long j = 0; j < inner; j++)
            {
                destination[o++] = fetch(rel + (j * innerStride));
            }

            var d = rank - 2;
            for (; d >= 0; d--)
            {
                index[d]++;
                rel += stride[d];
                if (index[d] < size[d])
                {
                    break;
                }

                rel -= stride[d] * size[d];
                index[d] = 0;
            }

            if (d < 0)
            {
                return;
            }
        }
    }

    private sealed record Entry(long Start, PyTensor Tensor);
}
