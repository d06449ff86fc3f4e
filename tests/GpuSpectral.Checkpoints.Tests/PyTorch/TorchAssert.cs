using GpuSpectral.Checkpoints.PyTorch;
using GpuSpectral.Checkpoints.Tests.Support;
using GpuSpectral.Core.Errors;
using GpuSpectral.Core.Tensors;

namespace GpuSpectral.Checkpoints.Tests.PyTorch;

/// <summary>Opening, reading and failure assertions for the PyTorch readers.</summary>
internal static class TorchAssert
{
    public static Dictionary<string, double[]> ReadAll(ICheckpointReader reader)
    {
        var result = new Dictionary<string, double[]>(StringComparer.Ordinal);
        foreach (var t in reader.Tensors)
        {
            var buffer = new double[t.ElementCount];
            reader.ReadAsDouble(t, buffer);
            result.Add(t.Name, buffer);
        }

        return result;
    }

    public static int OpenAndReadAll(string path)
    {
        using var reader = TorchReader.Open(path);
        return ReadAll(reader).Count;
    }

    /// <summary>Asserts that opening or reading throws a one-line CheckpointFormatException naming the file and
    /// containing <paramref name="fragment"/> (case-insensitive).</summary>
    public static CheckpointFormatException Throws(string path, string fragment)
    {
        var e = ReaderAssert.ThrowsNamingFile(path, OpenAndReadAll);
        Assert.True(e.Message.Contains(fragment, StringComparison.OrdinalIgnoreCase),
            $"expected '{fragment}' in: {e.Message}");
        return e;
    }

    public static TensorInfo Tensor(ICheckpointReader reader, string name) =>
        reader.Tensors.Single(t => t.Name == name);
}
