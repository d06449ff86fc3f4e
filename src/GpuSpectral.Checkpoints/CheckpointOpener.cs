using System.Buffers.Binary;
using GpuSpectral.Checkpoints.Gguf;
using GpuSpectral.Checkpoints.Keras;
using GpuSpectral.Checkpoints.Numpy;
using GpuSpectral.Checkpoints.Onnx;
using GpuSpectral.Checkpoints.PyTorch;
using GpuSpectral.Checkpoints.SafeTensors;
using GpuSpectral.Checkpoints.TfJs;
using GpuSpectral.Core.Errors;

namespace GpuSpectral.Checkpoints;

/// <summary>Picks and opens the right <see cref="ICheckpointReader"/> for a file or folder.</summary>
public static class CheckpointOpener
{
    /// <summary>Format names accepted by <see cref="Open"/>.</summary>
    public static IReadOnlyList<string> SupportedFormats { get; } =
        ["safetensors", "pytorch", "gguf", "onnx", "tfjs", "keras", "npy", "npz"];

    private const string Supported =
        "supported: safetensors (.safetensors, or a folder with model.safetensors.index.json or *.safetensors), "
        + "pytorch (.pt/.pth/.bin/.ckpt, or a folder of pytorch_model*.bin), gguf (.gguf), onnx (.onnx), "
        + "tfjs (model.json + shards), keras (.h5, .weights.h5, .keras), npy (.npy), npz (.npz)";

    /// <summary>
    /// Opens <paramref name="path"/>. The format is <paramref name="format"/> when given, otherwise chosen from the
    /// folder contents, the file extension, or the file's first bytes.
    /// </summary>
    /// <param name="path">A checkpoint file or folder.</param>
    /// <param name="format">One of <see cref="SupportedFormats"/>, or null to detect.</param>
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

        var chosen = format is null || format.Trim().Length == 0
            ? (isFolder ? DetectFolder(path) : DetectFile(path))
            : format.Trim().ToLowerInvariant();
        if (!SupportedFormats.Contains(chosen))
        {
            throw new CheckpointFormatException(path, $"unknown format '{format}'; {Supported}");
        }

        return (chosen, isFolder) switch
        {
            ("safetensors", true) => new ShardedSafeTensorsReader(path),
            ("safetensors", false) => new SafeTensorsReader(path),
            ("pytorch", _) => TorchReader.Open(path),
            ("tfjs", _) => new TfJsReader(path),
            (_, true) => throw new CheckpointFormatException(path, $"a folder cannot be read as {chosen}"),
            ("gguf", _) => new GgufReader(path),
            ("onnx", _) => new OnnxReader(path),
            ("keras", _) => KerasArchiveReader.IsKerasArchive(path) ? new KerasArchiveReader(path) : new KerasH5Reader(path),
            ("npy", _) => new NpyReader(path),
            _ => new NpzReader(path),
        };
    }

    private static string DetectFolder(string folder)
    {
        bool Has(string pattern) => Directory.EnumerateFiles(folder, pattern).Any();
        if (Has(ShardedSafeTensorsReader.IndexFileName) || Has("*.safetensors"))
        {
            return "safetensors";
        }

        if (Has(ShardedTorchReader.IndexFileName) || Has("pytorch_model*.bin"))
        {
            return "pytorch";
        }

        if (TfJsReader.LooksLikeTfJs(folder))
        {
            return "tfjs";
        }

        throw new CheckpointFormatException(folder, $"no checkpoint found in this folder; {Supported}");
    }

    private static string DetectFile(string path)
    {
        switch (Path.GetExtension(path).ToLowerInvariant())
        {
            case ".safetensors":
                return "safetensors";
            case ".pt" or ".pth" or ".bin" or ".ckpt":
                return "pytorch";
            case ".gguf":
                return "gguf";
            case ".onnx":
                return "onnx";
            case ".h5" or ".hdf5" or ".keras":
                return "keras";
            case ".npy":
                return "npy";
            case ".npz":
                return "npz";
            case ".json" when TfJsReader.LooksLikeTfJs(path):
                return "tfjs";
        }

        return Sniff(path);
    }

    private static string Sniff(string path)
    {
        Span<byte> head = stackalloc byte[TorchReader.TarSniffBytes];
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

        if (GgufReader.LooksLikeGguf(head))
        {
            return "gguf";
        }

        if (KerasH5Reader.LooksLikeHdf5(head))
        {
            return "keras";
        }

        if (TorchReader.LooksLikeLegacy(head) || TorchReader.LooksLikeLegacyTar(head))
        {
            return "pytorch";
        }

        if (head.StartsWith("PK\u0003\u0004"u8) || head.StartsWith("PK\u0005\u0006"u8))
        {
            return TorchReader.LooksLikeTorchZip(path) ? "pytorch"
                : KerasArchiveReader.IsKerasArchive(path) ? "keras"
                : "npz";
        }

        if (LooksLikeSafetensors(head, length))
        {
            return "safetensors";
        }

        throw new CheckpointFormatException(path, $"unrecognised checkpoint format; {Supported}");
    }

    private static bool LooksLikeSafetensors(ReadOnlySpan<byte> head, long length)
    {
        if (head.Length < 9)
        {
            return false;
        }

        var n = BinaryPrimitives.ReadUInt64LittleEndian(head);
        var i = 8;
        while (i < head.Length && head[i] is (byte)' ' or (byte)'\t' or (byte)'\n' or (byte)'\r')
        {
            i++;
        }

        return n <= SafeTensorsReader.MaxHeaderBytes && (long)n <= length - 8 && i < head.Length && head[i] == '{';
    }
}
