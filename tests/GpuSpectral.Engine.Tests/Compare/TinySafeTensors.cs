using System.Buffers.Binary;
using System.Globalization;
using System.Text;

namespace GpuSpectral.Engine.Tests.Compare;

/// <summary>Writes small float64 safetensors files for the compare tests (header + contiguous little-endian data).</summary>
internal static class TinySafeTensors
{
    /// <summary>Writes <paramref name="tensors"/> (name, shape, row-major values) in the given order.</summary>
    public static void Write(string path, params (string Name, long[] Shape, double[] Values)[] tensors)
    {
        var header = new StringBuilder("{\"__metadata__\":{\"format\":\"pt\"}");
        var data = new MemoryStream();
        foreach (var (name, shape, values) in tensors)
        {
            var begin = data.Length;
            var bytes = new byte[values.Length * 8];
            for (var i = 0; i < values.Length; i++)
            {
                BinaryPrimitives.WriteDoubleLittleEndian(bytes.AsSpan(i * 8), values[i]);
            }

            data.Write(bytes);
            header.Append(CultureInfo.InvariantCulture,
                $",\"{name}\":{{\"dtype\":\"F64\",\"shape\":[{string.Join(',', shape)}],\"data_offsets\":[{begin},{data.Length}]}}");
        }

        header.Append('}');
        while ((header.Length + 8) % 8 != 0)
        {
            header.Append(' ');
        }

        var h = Encoding.UTF8.GetBytes(header.ToString());
        using var f = File.Create(path);
        var len = new byte[8];
        BinaryPrimitives.WriteUInt64LittleEndian(len, (ulong)h.Length);
        f.Write(len);
        f.Write(h);
        data.Position = 0;
        data.CopyTo(f);
    }
}
