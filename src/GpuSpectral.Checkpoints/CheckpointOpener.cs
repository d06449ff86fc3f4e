using System.Buffers.Binary;
using GpuSpectral.Checkpoints.Numpy;
using GpuSpectral.Checkpoints.SafeTensors;
using GpuSpectral.Core.Errors;

namespace GpuSpectral.Checkpoints;

/// <summary>Picks and opens the right <see cref="ICheckpointReader"/> for a file or folder.</summary>
public static class CheckpointOpener
{
    /// <summary>Format names accepted by <see cref="Open"/>.</summary>
    public static IReadOnlyList<string> SupportedFormats { get; } = ["safetensors", "npy", "npz"];

    private const string Supported =
        "supported: safetensors (a .safetensors file, or a folder with model.safetensors.index.json or "
        + "*.safetensors shards), npy (.npy), npz (.npz)";

    /// <summary>
    /// Opens <paramref name="path"/>. The format is <paramref name="format"/> when given, otherwise chosen from the
    /// path: a folder is a (sharded) safetensors checkpoint; the extensions <c>.safetensors</c>, <c>.npy</c> and
    /// <c>.npz</c> pick their reader; any other file is sniffed by its first bytes.
    /// </summary>
    /// <param name="path">A checkpoint file, or a folder of safetensors shards.</param>
    /// <param name="format"><c>safetensors</c>, <c>npy</c>, <c>npz</c>, or null to detect.</param>
    /// <returns>An open reader; the caller disposes it.</returns>
    /// <exception cref="CheckpointFormatException">The path does not exist, the format is unknown, or the checkpoint
    /// is malformed.</exception>
    public static ICheckpointReader Open(string path, string? format = null)
    {
        ArgumentNullException.ThrowIfNull(path);
        var isFolder = Directory.Exists(path);
        if (!isFolder && !File.Exists(path))
        {
            throw new CheckpointFormatException(path, "no such file or folder");
        }

        var chosen = format?.Trim().ToUpperInvariant() switch
        {
            null or "" => isFolder ? "safetensors" : Detect(path),
            "SAFETENSORS" => "safetensors",
            "NPY" => "npy",
            "NPZ" => "npz",
            _ => throw new CheckpointFormatException(path, $"unknown format '{format}'; {Supported}"),
        };

        return chosen switch
        {
            "safetensors" when isFolder => new ShardedSafeTensorsReader(path),
            _ when isFolder => throw new CheckpointFormatException(path, $"a folder cannot be read as {chosen}"),
            "safetensors" => new SafeTensorsReader(path),
            "npy" => new NpyReader(path),
            _ => new NpzReader(path),
        };
    }

    private static string Detect(string path)
    {
        var ext = Path.GetExtension(path).ToUpperInvariant();
        switch (ext)
        {
            case ".SAFETENSORS":
                return "safetensors";
            case ".NPY":
                return "npy";
            case ".NPZ":
                return "npz";
        }

        Span<byte> head = stackalloc byte[16];
        int got;
        long length;
        try
        {
            using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read);
            length = stream.Length;
            got = stream.ReadAtLeast(head, head.Length, throwOnEndOfStream: false);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new CheckpointFormatException(path, "cannot open the file: " + e.Message, inner: e);
        }

        head = head[..got];
        if (head.StartsWith((ReadOnlySpan<byte>)[0x93, 0x4E, 0x55, 0x4D, 0x50, 0x59]))
        {
            return "npy";
        }

        if (head.StartsWith((ReadOnlySpan<byte>)[0x50, 0x4B, 0x03, 0x04])
            || head.StartsWith((ReadOnlySpan<byte>)[0x50, 0x4B, 0x05, 0x06]))
        {
            return "npz";
        }

        if (got >= 9)
        {
            var n = BinaryPrimitives.ReadUInt64LittleEndian(head);
            var i = 8;
            while (i < got && head[i] is (byte)' ' or (byte)'\t' or (byte)'\n' or (byte)'\r')
            {
                i++;
            }

            if (n <= SafeTensorsReader.MaxHeaderBytes && (long)n <= length - 8 && i < got && head[i] == '{')
            {
                return "safetensors";
            }
        }

        throw new CheckpointFormatException(path, $"unrecognised checkpoint format; {Supported}");
    }
}
