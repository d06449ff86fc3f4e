using GpuSpectral.Checkpoints.Decoding;
using GpuSpectral.Core.Tensors;
using PureHDF;

namespace GpuSpectral.Checkpoints.Keras;

/// <content>Datasets: cataloguing (dtype, shape and size limits) and decoding into doubles.</content>
internal sealed partial class KerasH5Store
{
    // ----- datasets -----

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
