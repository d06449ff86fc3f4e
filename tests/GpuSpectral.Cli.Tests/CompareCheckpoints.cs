using System.Buffers.Binary;
using System.Globalization;
using System.Text;

namespace GpuSpectral.Cli.Tests;

/// <summary>Writes tiny float64 safetensors files for the compare command tests.</summary>
internal static class CompareCheckpoints
{
    public static void Write(string path, params (string Name, int Rows, int Cols, double[] Values)[] tensors)
    {
        var header = new StringBuilder("{");
        var data = new List<byte>();
        foreach (var (name, rows, cols, values) in tensors)
        {
            var begin = data.Count;
            var bytes = new byte[8];
            foreach (var v in values)
            {
                BinaryPrimitives.WriteDoubleLittleEndian(bytes, v);
                data.AddRange(bytes);
            }

            header.Append(header.Length > 1 ? "," : string.Empty).Append(CultureInfo.InvariantCulture,
                $"\"{name}\":{{\"dtype\":\"F64\",\"shape\":[{rows},{cols}],\"data_offsets\":[{begin},{data.Count}]}}");
        }

        header.Append('}');
        var h = Encoding.UTF8.GetBytes(header.ToString());
        var len = new byte[8];
        BinaryPrimitives.WriteUInt64LittleEndian(len, (ulong)h.Length);
        File.WriteAllBytes(path, [.. len, .. h, .. data]);
    }
}
