using GpuSpectral.Checkpoints.Decoding;
using GpuSpectral.Checkpoints.Interop;
using GpuSpectral.Core.Tensors;

namespace GpuSpectral.Checkpoints.Onnx;

/// <content>Tensor values: where they are stored (raw_data, typed fields, external data) and decoding of the typed fields.</content>
public sealed partial class OnnxReader
{
    private (OnnxStorage Storage, MappedFile Source, long Offset) Locate(
        OnnxTensor t, string name, DType dtype, long count, long bytes)
    {
        if (t.DataLocation == 1)
        {
            if (t.RawOffset >= 0 || t.TypedCount > 0)
            {
                throw Error("external tensor also has values in the file", name, t.MessageStart);
            }

            var (file, offset) = ResolveExternal(t, name, bytes);
            return (OnnxStorage.External, file, offset);
        }

        if (t.DataLocation != 0)
        {
            throw Error($"unknown data_location {t.DataLocation}", name, t.MessageStart);
        }

        if (t.RawOffset >= 0)
        {
            if (t.TypedCount > 0)
            {
                throw Error("tensor has both raw_data and typed values", name, t.MessageStart);
            }

            if (t.RawLength != bytes)
            {
                throw Error($"raw_data holds {t.RawLength} bytes but dims x element size is {bytes}", name,
                    t.RawOffset);
            }

            return (OnnxStorage.Raw, _file, t.RawOffset);
        }

        long expected;
        string field;
        switch (dtype)
        {
            case DType.F32:
                expected = t.FloatCount;
                field = "float_data";
                break;
            case DType.F64:
                expected = t.DoubleCount;
                field = "double_data";
                break;
            default:
                expected = t.Int32Count;
                field = "int32_data";
                break;
        }

        if (expected != t.TypedCount)
        {
            throw Error($"values are stored in a field other than {field} for its data_type", name, t.MessageStart);
        }

        if (expected != count)
        {
            throw Error($"{field} holds {expected} values but dims give {count}", name, t.MessageStart);
        }

        return (count == 0 ? OnnxStorage.None : OnnxStorage.Typed, _file, 0);
    }

    private void ReadTyped(Entry e, Span<double> destination)
    {
        var count = TensorDataDecoder.CheckDestination(e.Info, destination);
        var t = e.Tensor;
        var data = _file.Span(0, (int)_file.Length);
        var r = new ProtoReader(data, t.MessageStart, t.MessageEnd, Path);
        var fieldNumber = e.Info.DType switch
        {
            DType.F32 => 4,
            DType.F64 => 10,
            _ => 5,
        };
        var k = 0;
        while (r.TryReadTag(out var field, out var wt))
        {
            if (field != fieldNumber)
            {
                r.Skip(wt);
                continue;
            }

            if (wt == WireType.Len)
            {
                var start = r.ReadLength(out var len);
                var sub = new ProtoReader(data, start, start + len, Path);
                while (sub.Position < sub.End)
                {
                    k = ReadOne(ref sub, e, destination, k, count);
                }
            }
            else
            {
                k = ReadOne(ref r, e, destination, k, count);
            }
        }

        if (k != count)
        {
            throw Error($"typed field holds {k} values but dims give {count}", e.Info.Name, t.MessageStart);
        }
    }

    private int ReadOne(ref ProtoReader r, Entry e, Span<double> destination, int k, int count)
    {
        if (k >= count)
        {
            throw Error("typed field holds more values than dims give", e.Info.Name, r.Position);
        }

        var at = r.Position;
        switch (e.Info.DType)
        {
            case DType.F32:
                destination[k] = BitConverter.Int32BitsToSingle((int)r.ReadFixed32());
                break;
            case DType.F64:
                destination[k] = BitConverter.Int64BitsToDouble((long)r.ReadFixed64());
                break;
            default:
                var bits = r.ReadVarint();
                if (bits > 0xFFFF)
                {
                    throw Error($"int32_data value {(long)bits} is not a 16-bit pattern", e.Info.Name, at);
                }

                destination[k] = e.Info.DType == DType.F16
                    ? (double)BitConverter.UInt16BitsToHalf((ushort)bits)
                    : ElementDecoder.BFloat16ToDouble((ushort)bits);
                break;
        }

        return k + 1;
    }
}
