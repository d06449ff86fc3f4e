using System.Buffers.Binary;
using System.Text;

namespace GpuSpectral.Checkpoints.Tests.Support;

/// <summary>Builds safetensors bytes in memory (for valid and deliberately broken files).</summary>
internal static class SafeTensorsWriter
{
    /// <summary>One tensor to write: dtype string as in the format, shape, raw little-endian data.</summary>
    public sealed record Tensor(string Name, string DType, long[] Shape, byte[] Data);

    /// <summary>Writes the tensors contiguously in the given order, with an optional metadata block.</summary>
    public static byte[] Build(IEnumerable<Tensor> tensors, string? metadataJson = "{\"format\":\"pt\"}")
    {
        var json = new StringBuilder("{");
        var data = new MemoryStream();
        var first = true;
        if (metadataJson is not null)
        {
            json.Append("\"__metadata__\":").Append(metadataJson);
            first = false;
        }

        foreach (var t in tensors)
        {
            if (!first)
            {
                json.Append(',');
            }

            first = false;
            var begin = data.Length;
            data.Write(t.Data);
            json.Append('"').Append(t.Name).Append("\":{\"dtype\":\"").Append(t.DType).Append("\",\"shape\":[")
                .Append(string.Join(",", t.Shape)).Append("],\"data_offsets\":[").Append(begin).Append(',')
                .Append(data.Length).Append("]}");
        }

        json.Append('}');
        return Raw(json.ToString(), data.ToArray(), padTo8: true);
    }

    /// <summary>8-byte length + header (optionally space-padded to a multiple of 8) + data.</summary>
    public static byte[] Raw(string header, byte[] data, bool padTo8 = false)
    {
        var h = Encoding.UTF8.GetBytes(header);
        return RawBytes(h, data, padTo8);
    }

    /// <summary>Same as <see cref="Raw"/> for header bytes that need not be UTF-8.</summary>
    public static byte[] RawBytes(byte[] header, byte[] data, bool padTo8 = false)
    {
        var pad = padTo8 ? (8 - (header.Length % 8)) % 8 : 0;
        var bytes = new byte[8 + header.Length + pad + data.Length];
        BinaryPrimitives.WriteUInt64LittleEndian(bytes, (ulong)(header.Length + pad));
        header.CopyTo(bytes, 8);
        bytes.AsSpan(8 + header.Length, pad).Fill((byte)' ');
        data.CopyTo(bytes, 8 + header.Length + pad);
        return bytes;
    }

    /// <summary>Little-endian float32 bytes.</summary>
    public static byte[] F32(params float[] values)
    {
        var b = new byte[values.Length * 4];
        for (var i = 0; i < values.Length; i++)
        {
            BinaryPrimitives.WriteSingleLittleEndian(b.AsSpan(i * 4), values[i]);
        }

        return b;
    }

    /// <summary>Little-endian float64 bytes.</summary>
    public static byte[] F64(params double[] values)
    {
        var b = new byte[values.Length * 8];
        for (var i = 0; i < values.Length; i++)
        {
            BinaryPrimitives.WriteDoubleLittleEndian(b.AsSpan(i * 8), values[i]);
        }

        return b;
    }

    /// <summary>A small valid file with several dtypes, for mutation tests.</summary>
    public static byte[] Sample() => Build(
    [
        new("a.weight", "F32", [2, 3], F32(1, 2, 3, 4, 5, 6)),
        new("b.bias", "F64", [2], F64(-1.5, 2.25)),
        new("c.half", "F16", [2], [0x00, 0x3C, 0x00, 0xC0]),
        new("d.bf16", "BF16", [2], [0x80, 0x3F, 0x00, 0x40]),
        new("e.fp8", "F8_E4M3", [3], [0x7E, 0x01, 0x7F]),
        new("f.int", "I32", [1], [0xFF, 0xFF, 0xFF, 0xFF]),
    ]);
}
