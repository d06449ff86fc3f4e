using System.Buffers.Binary;
using System.Globalization;
using System.Text;

namespace GpuSpectral.Bench;

/// <summary>Writes a single-tensor F32 safetensors file of seeded Gaussian values (for process-level RSS/time).</summary>
internal static class MakeSafetensors
{
    public static void Run(string path, int rows, int cols)
    {
        var ic = CultureInfo.InvariantCulture;
        var bytes = checked((long)rows * cols * 4);
        var json = string.Create(ic,
            $"{{\"layer.weight\":{{\"dtype\":\"F32\",\"shape\":[{rows},{cols}],\"data_offsets\":[0,{bytes}]}}}}");
        while ((json.Length + 8) % 8 != 0)
        {
            json += " ";
        }

        using var f = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 20);
        Span<byte> len = stackalloc byte[8];
        BinaryPrimitives.WriteUInt64LittleEndian(len, (ulong)json.Length);
        f.Write(len);
        f.Write(Encoding.ASCII.GetBytes(json));
        var rowBuf = new byte[cols * 4];
        var w = Data.Gaussian(1, cols, 0); // warm the generator type
        _ = w;
        var rng = new Random(42);
        for (var r = 0; r < rows; r++)
        {
            for (var c = 0; c < cols; c++)
            {
                var u1 = 1.0 - rng.NextDouble();
                var u2 = rng.NextDouble();
                var v = (float)(Math.Sqrt(-2.0 * Math.Log(u1)) * Math.Cos(2 * Math.PI * u2));
                BinaryPrimitives.WriteSingleLittleEndian(rowBuf.AsSpan(c * 4), v);
            }

            f.Write(rowBuf);
        }

        Console.WriteLine(string.Create(ic, $"wrote {path}: {rows}×{cols} F32, {f.Length} bytes"));
    }
}
