using GpuSpectral.Core.Errors;

namespace GpuSpectral.Checkpoints.Tests.Support;

/// <summary>Opens a checkpoint, reads every tensor, and returns what was thrown.</summary>
internal static class CorruptAssert
{
    /// <summary>Opens and reads everything; returns the tensor count (throws whatever the reader throws).</summary>
    public static int OpenAndReadAll(string path, string? format = null)
    {
        using var reader = CheckpointOpener.Open(path, format);
        foreach (var t in reader.Tensors)
        {
            var buffer = new double[t.ElementCount];
            reader.ReadAsDouble(t, buffer);
        }

        return reader.Tensors.Count;
    }

    /// <summary>
    /// Asserts that opening or reading <paramref name="path"/> throws <see cref="CheckpointFormatException"/> whose
    /// message names <paramref name="fileNamed"/> (default: the path), the tensor when given, and contains
    /// <paramref name="reasonFragment"/> when given.
    /// </summary>
    public static CheckpointFormatException Throws(
        string path,
        string? tensor = null,
        string? reasonFragment = null,
        string? fileNamed = null,
        string? format = null)
    {
        var e = Assert.Throws<CheckpointFormatException>(() => OpenAndReadAll(path, format));
        Assert.Contains(fileNamed ?? path, e.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', e.Message);
        if (tensor is not null)
        {
            Assert.Equal(tensor, e.TensorName);
            Assert.Contains($"'{tensor}'", e.Message, StringComparison.Ordinal);
        }

        if (reasonFragment is not null)
        {
            Assert.Contains(reasonFragment, e.Reason, StringComparison.OrdinalIgnoreCase);
        }

        return e;
    }
}
