using System.IO.Compression;
using System.Text;
using PureHDF;

namespace GpuSpectral.Checkpoints.Tests.Keras;

/// <summary>One weight of a fixture: its dataset path (relative to its layer group) and values.</summary>
internal sealed record FixtureWeight(string Path, Array Data);

/// <summary>Builds Keras-shaped HDF5 files with PureHDF and <c>.keras</c> archives with ZipArchive.</summary>
internal static class KerasFixtures
{
    /// <summary>Deterministic float values exactly representable in binary16: seed + i/4.</summary>
    public static float[] Values(int count, int seed)
    {
        var v = new float[count];
        for (var i = 0; i < count; i++)
        {
            v[i] = seed + ((i % 64) * 0.25f) - 8f;
        }

        return v;
    }

    /// <summary>A C-order multidimensional float array of <paramref name="shape"/> filled with <see cref="Values"/>.</summary>
    public static Array F32(int seed, params int[] shape)
    {
        var a = Array.CreateInstance(typeof(float), shape);
        var flat = Values(a.Length, seed);
        Fill(a, i => flat[i]);
        return a;
    }

    public static Array F16(int seed, params int[] shape)
    {
        var a = Array.CreateInstance(typeof(Half), shape);
        var flat = Values(a.Length, seed);
        Fill(a, i => (Half)flat[i]);
        return a;
    }

    public static Array F64(int seed, params int[] shape)
    {
        var a = Array.CreateInstance(typeof(double), shape);
        var flat = Values(a.Length, seed);
        Fill(a, i => (double)flat[i] + 1e-9);
        return a;
    }

    /// <summary>The values of <paramref name="a"/> in C order, as doubles.</summary>
    public static double[] Flat(Array a)
    {
        var result = new double[a.Length];
        var i = 0;
        foreach (var x in a)
        {
            result[i++] = x switch
            {
                float f => f,
                Half h => (double)h,
                double d => d,
                int n => n,
                long l => l,
                _ => throw new InvalidOperationException(x.GetType().Name),
            };
        }

        return result;
    }

    public static long[] Shape(Array a) =>
        Enumerable.Range(0, a.Rank).Select(d => (long)a.GetLength(d)).ToArray();

    /// <summary>Puts <paramref name="data"/> at slash-separated <paramref name="path"/> under <paramref name="group"/>.</summary>
    public static void Put(H5Group group, string path, object data)
    {
        var parts = path.Split('/');
        for (var i = 0; i < parts.Length - 1; i++)
        {
            if (!group.TryGetValue(parts[i], out var next))
            {
                next = new H5Group();
                group[parts[i]] = next;
            }

            group = (H5Group)next;
        }

        group[parts[^1]] = data;
    }

    /// <summary>
    /// A Keras 2 layout: <paramref name="weightsRoot"/> gets <c>layer_names</c> and one group per layer with
    /// <c>weight_names</c> and its datasets.
    /// </summary>
    public static void AddLegacyLayers(H5Group weightsRoot, IEnumerable<(string Layer, FixtureWeight[] Weights)> layers)
    {
        var names = new List<string>();
        foreach (var (layer, weights) in layers)
        {
            names.Add(layer);
            var g = new H5Group();
            g.Attributes["weight_names"] = weights.Select(w => w.Path).ToArray();
            foreach (var w in weights)
            {
                Put(g, w.Path, w.Data);
            }

            weightsRoot[layer] = g;
        }

        weightsRoot.Attributes["layer_names"] = names.ToArray();
    }

    /// <summary>Writes <paramref name="file"/> to bytes.</summary>
    public static byte[] Bytes(H5File file, H5WriteOptions? options = null)
    {
        using var ms = new MemoryStream();
        file.Write(ms, options);
        return ms.ToArray();
    }

    /// <summary>A .keras ZIP with the given members, stored unless <paramref name="deflate"/> names one.</summary>
    public static byte[] Archive(IEnumerable<(string Name, byte[] Data)> members, string? deflate = null)
    {
        using var ms = new MemoryStream();
        using (var zip = new ZipArchive(ms, ZipArchiveMode.Create, leaveOpen: true))
        {
            foreach (var (name, data) in members)
            {
                var e = zip.CreateEntry(name, name == deflate ? CompressionLevel.Optimal : CompressionLevel.NoCompression);
                using var s = e.Open();
                s.Write(data);
            }
        }

        return ms.ToArray();
    }

    public static byte[] Utf8(string s) => Encoding.UTF8.GetBytes(s);

    private static void Fill(Array a, Func<int, object> value)
    {
        var index = new int[a.Rank];
        for (var flat = 0; flat < a.Length; flat++)
        {
            var rem = flat;
            for (var d = a.Rank - 1; d >= 0; d--)
            {
                index[d] = rem % a.GetLength(d);
                rem /= a.GetLength(d);
            }

            a.SetValue(value(flat), index);
        }
    }
}
