using System.Globalization;
using System.IO.Compression;
using System.Text;
using GpuSpectral.TestSupport;

namespace GpuSpectral.Engine.Tests.Gpu;

/// <summary>
/// A throw-away .npz of many small float32 layers of a few equal shapes (what batching is for), written into a temp
/// folder: 12 dense 24×16 layers with three 20×12 ones interleaved, a 40×40, and a (16, 8, 3, 3) conv (nine 16×8
/// slices). Student-t entries (heavy tails, so the fits have a tail to find). Optionally one more 24×16 layer,
/// <c>blocks.nan</c>, holding a NaN. Deleted on dispose.
/// </summary>
internal sealed class SmallLayersModel : IDisposable
{
    private readonly string folder = Directory.CreateTempSubdirectory("gpuspectral-batch-").FullName;

    public SmallLayersModel(bool withNan = false)
    {
        var arrays = new List<(string Name, int[] Shape)>();
        for (var i = 0; i < 12; i++)
        {
            arrays.Add(($"blocks.{i:00}.proj", [24, 16]));
            if (i % 4 == 1)
            {
                arrays.Add(($"blocks.{i:00}.gate", [20, 12]));
            }
        }

        arrays.Add(("head.square", [40, 40]));
        arrays.Add(("stem.conv", [16, 8, 3, 3]));
        if (withNan)
        {
            arrays.Insert(3, ("blocks.nan", [24, 16]));
        }

        Path = System.IO.Path.Combine(folder, "small_layers.npz");
        using var zip = ZipFile.Open(Path, ZipArchiveMode.Create);
        var seed = 1;
        foreach (var (name, shape) in arrays)
        {
            var count = shape.Aggregate(1, (a, b) => a * b);
            var values = SeededMatrices.StudentT(count, 1, dof: 3, seed: seed++);
            if (name == "blocks.nan")
            {
                values[7] = double.NaN;
            }

            using var entry = zip.CreateEntry(name + ".npy", CompressionLevel.Fastest).Open();
            WriteNpy(entry, shape, values);
        }

        Names = [.. arrays.Select(a => a.Name)];
    }

    /// <summary>The .npz file.</summary>
    public string Path { get; }

    /// <summary>Array names in file order.</summary>
    public IReadOnlyList<string> Names { get; }

    /// <summary>Matrices the solver gets: one per dense layer, nine for the conv (without the NaN layer).</summary>
    public int MatrixCount => Names.Count - 1 + 9;

    public void Dispose() => Directory.Delete(folder, recursive: true);

    /// <summary>NPY format 1.0: magic, version, header length, a Python dict literal padded to 64 bytes, then the
    /// little-endian float32 data in C order.</summary>
    private static void WriteNpy(Stream stream, int[] shape, double[] values)
    {
        var dims = string.Join(", ", shape.Select(d => d.ToString(CultureInfo.InvariantCulture)));
        var header = $"{{'descr': '<f4', 'fortran_order': False, 'shape': ({dims}), }}";
        var total = 10 + header.Length + 1;
        header = header.PadRight(header.Length + ((64 - (total % 64)) % 64)) + "\n";
        using var w = new BinaryWriter(stream, Encoding.ASCII, leaveOpen: true);
        w.Write((byte)0x93);
        w.Write("NUMPY"u8);
        w.Write((byte)1);
        w.Write((byte)0);
        w.Write((ushort)header.Length);
        w.Write(Encoding.ASCII.GetBytes(header));
        foreach (var v in values)
        {
            w.Write((float)v);
        }
    }
}
