using System.Buffers.Binary;
using System.Text.Json;

namespace GpuSpectral.Checkpoints.Tests.Support;

/// <summary>
/// A second, deliberately different decoder for test oracles: the header is read with JsonDocument and elements
/// are decoded by explicit sign/exponent/mantissa arithmetic rather than BitConverter.
/// </summary>
internal static class IndependentDecode
{
    public sealed record Entry(string Name, string DType, long[] Shape, long Begin, long End);

    public static (List<Entry> Entries, long DataStart) Header(byte[] file)
    {
        var n = (long)BinaryPrimitives.ReadUInt64LittleEndian(file);
        using var doc = JsonDocument.Parse(file.AsMemory(8, (int)n));
        var list = new List<Entry>();
        foreach (var p in doc.RootElement.EnumerateObject())
        {
            if (p.Name == "__metadata__")
            {
                continue;
            }

            var shape = p.Value.GetProperty("shape").EnumerateArray().Select(x => x.GetInt64()).ToArray();
            var off = p.Value.GetProperty("data_offsets").EnumerateArray().Select(x => x.GetInt64()).ToArray();
            list.Add(new Entry(p.Name, p.Value.GetProperty("dtype").GetString()!, shape, off[0], off[1]));
        }

        return (list, 8 + n);
    }

    public static double[] Decode(byte[] file, long start, string dtype, long count)
    {
        var r = new double[count];
        var s = file.AsSpan((int)start);
        for (var i = 0; i < count; i++)
        {
            r[i] = dtype switch
            {
                "F64" => BinaryPrimitives.ReadDoubleLittleEndian(s[(i * 8)..]),
                "F32" => BinaryPrimitives.ReadSingleLittleEndian(s[(i * 4)..]),
                "F16" => Minifloat(BinaryPrimitives.ReadUInt16LittleEndian(s[(i * 2)..]), 5, 10),
                "BF16" => Minifloat(BinaryPrimitives.ReadUInt16LittleEndian(s[(i * 2)..]), 8, 7),
                _ => throw new NotSupportedException(dtype),
            };
        }

        return r;
    }

    /// <summary>IEEE-style 16-bit float with the given exponent and mantissa widths.</summary>
    public static double Minifloat(int bits, int expBits, int manBits)
    {
        var sign = (bits >> (expBits + manBits)) & 1;
        var e = (bits >> manBits) & ((1 << expBits) - 1);
        var m = bits & ((1 << manBits) - 1);
        var bias = (1 << (expBits - 1)) - 1;
        double v;
        if (e == (1 << expBits) - 1)
        {
            v = m == 0 ? double.PositiveInfinity : double.NaN;
        }
        else if (e == 0)
        {
            v = m * Math.Pow(2, 1 - bias - manBits);
        }
        else
        {
            v = (1 + (m * Math.Pow(2, -manBits))) * Math.Pow(2, e - bias);
        }

        return sign == 1 ? -v : v;
    }
}
