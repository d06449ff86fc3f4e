using GpuSpectral.Checkpoints.Interop;
using GpuSpectral.Checkpoints.Zip;
using GpuSpectral.Core.Errors;

namespace GpuSpectral.Checkpoints.PyTorch;

/// <summary>Detects PyTorch checkpoints and opens the right reader for them.</summary>
public static class TorchReader
{
    /// <summary>Bytes of the file head that <see cref="LooksLikeLegacyTar"/> needs.</summary>
    public const int TarSniffBytes = 262;

    /// <summary>
    /// Opens a PyTorch checkpoint: a folder (see <see cref="ShardedTorchReader"/>), a torch.save zip file
    /// (<see cref="TorchZipReader"/>) or a legacy stream (<see cref="TorchLegacyReader"/>).
    /// </summary>
    /// <param name="path">File or folder.</param>
    /// <returns>An open reader; the caller disposes it.</returns>
    /// <exception cref="CheckpointFormatException">Not a supported PyTorch checkpoint, or malformed.</exception>
    public static ICheckpointReader Open(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (Directory.Exists(path))
        {
            return new ShardedTorchReader(path);
        }

        Span<byte> head = stackalloc byte[TarSniffBytes];
        int got;
        try
        {
            using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read);
            got = stream.ReadAtLeast(head, head.Length, throwOnEndOfStream: false);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new CheckpointFormatException(path, "cannot open the file: " + e.Message, inner: e);
        }

        head = head[..got];
        if (LooksLikeLegacy(head) || LooksLikeLegacyTar(head))
        {
            return new TorchLegacyReader(path);
        }

        if (head.StartsWith((ReadOnlySpan<byte>)[0x50, 0x4B, 0x03, 0x04]))
        {
            return new TorchZipReader(path);
        }

        throw new CheckpointFormatException(
            path, "not a PyTorch checkpoint (neither a torch.save zip archive nor a legacy torch.save stream)");
    }

    /// <summary>
    /// True when <paramref name="head"/> (the first bytes of a file, at least 15) starts with the pickled magic
    /// number of the legacy (non-zip) torch.save format.
    /// </summary>
    public static bool LooksLikeLegacy(ReadOnlySpan<byte> head) => head.StartsWith(TorchLegacyReader.Magic);

    /// <summary>
    /// True when <paramref name="head"/> (at least <see cref="TarSniffBytes"/> bytes) is a tar archive
    /// (<c>ustar</c> at offset 257), the pre-0.4 torch.save format, which is refused.
    /// </summary>
    public static bool LooksLikeLegacyTar(ReadOnlySpan<byte> head) =>
        head.Length >= TarSniffBytes && head.Slice(257, 5).SequenceEqual("ustar"u8);

    /// <summary>
    /// True when <paramref name="path"/> is a ZIP archive holding a <c>&lt;prefix&gt;/data.pkl</c> record, i.e. a
    /// torch.save (or TorchScript) archive rather than an npz or a .keras file. Never throws for bad files (returns
    /// false); the ZIP central directory is parsed, nothing is unpickled.
    /// </summary>
    public static bool LooksLikeTorchZip(string path)
    {
        try
        {
            using var file = MappedFile.Open(path);
            if (file.Length < 4 || !file.Span(0, 4).SequenceEqual((ReadOnlySpan<byte>)[0x50, 0x4B, 0x03, 0x04]))
            {
                return false;
            }

            return ZipDirectory.Read(file).Any(e =>
            {
                var slash = e.Name.IndexOf('/', StringComparison.Ordinal);
                return slash > 0 && e.Name.AsSpan(slash) is "/data.pkl";
            });
        }
        catch (CheckpointFormatException)
        {
            return false;
        }
    }
}
