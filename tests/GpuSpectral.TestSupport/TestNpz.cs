using System.Buffers.Binary;
using System.Globalization;
using System.IO.Compression;
using System.Text;
using System.Text.RegularExpressions;

namespace GpuSpectral.TestSupport;

/// <summary>
/// Test-only minimal reader of .npz files (ZIP of .npy members): little-endian float32/float64, C order only,
/// NPY versions 1–3. Float32 values are widened to double exactly. Not the product's reader.
/// </summary>
public static partial class TestNpz
{
    /// <summary>The values of member <paramref name="key"/>.</summary>
    public static double[] Get(string path, string key) => Read(path).Single(m => m.Key == key).Data;

    /// <summary>Members in archive order: key (member name without ".npy"), shape and values.</summary>
    public static List<(string Key, int[] Shape, double[] Data)> Read(string path)
    {
        var result = new List<(string, int[], double[])>();
        using var zip = ZipFile.OpenRead(path);
        foreach (var entry in zip.Entries)
        {
            using var stream = entry.Open();
            using var memory = new MemoryStream();
            stream.CopyTo(memory);
            var (shape, data) = ParseNpy(memory.ToArray(), entry.FullName);
            var key = entry.FullName.EndsWith(".npy", StringComparison.Ordinal) ? entry.FullName[..^4] : entry.FullName;
            result.Add((key, shape, data));
        }

        return result;
    }

    public static (int[] Shape, double[] Data) ParseNpy(byte[] bytes, string name)
    {
        if (bytes.Length < 10 || bytes[0] != 0x93 || Encoding.ASCII.GetString(bytes, 1, 5) != "NUMPY")
        {
            throw new InvalidDataException($"{name}: not an NPY member");
        }

        var major = bytes[6];
        var headerLength = major == 1 ? BinaryPrimitives.ReadUInt16LittleEndian(bytes.AsSpan(8)) :
            (int)BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(8));
        var headerStart = major == 1 ? 10 : 12;
        var header = Encoding.Latin1.GetString(bytes, headerStart, headerLength);
        var descr = DescrRegex().Match(header).Groups[1].Value;
        if (!header.Contains("'fortran_order': False", StringComparison.Ordinal))
        {
            throw new InvalidDataException($"{name}: Fortran order is not supported");
        }

        var shape = ShapeRegex().Match(header).Groups[1].Value
            .Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(s => int.Parse(s, CultureInfo.InvariantCulture)).ToArray();
        var count = shape.Aggregate(1L, (a, b) => a * b);
        var body = bytes.AsSpan(headerStart + headerLength);
        var data = new double[count];
        switch (descr)
        {
            case "<f8":
                for (var i = 0; i < count; i++)
                {
                    data[i] = BinaryPrimitives.ReadDoubleLittleEndian(body[(8 * i)..]);
                }

                break;
            case "<f4":
                for (var i = 0; i < count; i++)
                {
                    data[i] = BinaryPrimitives.ReadSingleLittleEndian(body[(4 * i)..]);
                }

                break;
            default:
                throw new InvalidDataException($"{name}: dtype {descr} is not supported");
        }

        return (shape, data);
    }

    [GeneratedRegex(@"'descr':\s*'([^']*)'")]
    private static partial Regex DescrRegex();

    [GeneratedRegex(@"'shape':\s*\(([^)]*)\)")]
    private static partial Regex ShapeRegex();
}
