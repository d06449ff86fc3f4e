using System.IO.Compression;
using System.Text;
using System.Text.Json;
using GpuSpectral.Checkpoints.Interop;
using GpuSpectral.Checkpoints.Zip;
using GpuSpectral.Core.Errors;
using GpuSpectral.Core.Tensors;

namespace GpuSpectral.Checkpoints.Keras;

/// <summary>
/// Reads a Keras 3 <c>.keras</c> archive: a ZIP holding <c>config.json</c>, <c>metadata.json</c> and
/// <c>model.weights.h5</c>. The weights member must be stored (Keras never compresses it); PureHDF reads it in place
/// through a bounded, seekable stream over the memory-mapped member bytes (no temporary file, no copy).
/// <c>config.json</c> (stored or deflated, at most <see cref="MaxConfigBytes"/>) gives each layer's class, which names
/// the variables (<c>dense/kernel</c>, <c>dense/bias</c>, …) and sets <see cref="TensorInfo.KindHint"/>.
/// Naming and order otherwise follow <see cref="KerasH5Reader"/>.
/// </summary>
/// <remarks>
/// A file is a <c>.keras</c> archive when it is a ZIP (<c>50 4B 03 04</c>) whose central directory has both
/// <see cref="ConfigMember"/> and <see cref="WeightsMember"/>; <see cref="IsKerasArchive"/> checks exactly that.
/// Reads are serialised: safe to call from several threads, but not in parallel.
/// </remarks>
public sealed class KerasArchiveReader : ICheckpointReader
{
    /// <summary>Name of the model config member.</summary>
    public const string ConfigMember = "config.json";

    /// <summary>Name of the weights member.</summary>
    public const string WeightsMember = "model.weights.h5";

    /// <summary>Largest accepted <c>config.json</c>, in bytes.</summary>
    public const long MaxConfigBytes = 64L << 20;

    private const long MaxCompressionRatio = 100;

    private readonly KerasH5Store _store;

    /// <summary>Opens <paramref name="path"/>, validates the ZIP and builds the weight catalogue.</summary>
    /// <param name="path">A <c>.keras</c> file.</param>
    /// <exception cref="CheckpointFormatException">The archive, its config or its weights are malformed.</exception>
    public KerasArchiveReader(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        Path = path;
        var file = MappedFile.Open(path);
        Stream stream;
        KerasLayerNode? config;
        ZipEntry weights;
        try
        {
            var entries = ZipDirectory.Read(file);
            weights = entries.FirstOrDefault(e => e.Name == WeightsMember)
                      ?? throw new CheckpointFormatException(
                          path, entries.Any(e => e.Name == "model.weights.npz")
                              ? "the weights are in model.weights.npz, which is not supported"
                              : $"the archive has no {WeightsMember} member");
            if (weights.Method != 0)
            {
                throw new CheckpointFormatException(
                    path, "the weights member is compressed; only stored members are supported", WeightsMember,
                    weights.DataStart);
            }

            var configEntry = entries.FirstOrDefault(e => e.Name == ConfigMember);
            config = configEntry is null ? null : ParseConfig(file, configEntry);
            if (!KerasH5Reader.LooksLikeHdf5(file.Span(weights.DataStart, (int)Math.Min(weights.CompressedSize, 2056))))
            {
                throw new CheckpointFormatException(
                    path, "member is not an HDF5 file (no HDF5 signature)", WeightsMember, weights.DataStart);
            }

            stream = new OwningStream(file.OpenStream(weights.DataStart, weights.CompressedSize), file);
        }
        catch
        {
            file.Dispose();
            throw;
        }

        _store = KerasH5Store.Open(path, WeightsMember, stream, weights.CompressedSize, config);
    }

    /// <inheritdoc/>
    public string Path { get; }

    /// <inheritdoc/>
    public string FormatName => "keras";

    /// <inheritdoc/>
    public IReadOnlyList<TensorInfo> Tensors => _store.Tensors;

    /// <summary>
    /// True when <paramref name="path"/> is a ZIP archive with both <see cref="ConfigMember"/> and
    /// <see cref="WeightsMember"/> in its central directory. Never throws for bad input (returns false).
    /// </summary>
    /// <param name="path">File to test.</param>
    public static bool IsKerasArchive(string path)
    {
        try
        {
            using var file = MappedFile.Open(path);
            if (file.Length < 4 || !file.Span(0, 4).SequenceEqual("PK\u0003\u0004"u8))
            {
                return false;
            }

            var names = ZipDirectory.Read(file).Select(e => e.Name).ToHashSet(StringComparer.Ordinal);
            return names.Contains(ConfigMember) && names.Contains(WeightsMember);
        }
        catch (CheckpointFormatException)
        {
            return false;
        }
    }

    /// <inheritdoc/>
    public void ReadAsDouble(TensorInfo tensor, Span<double> destination) => _store.Read(tensor, destination, Path);

    /// <inheritdoc/>
    public void Dispose() => _store.Dispose();

    private KerasLayerNode ParseConfig(MappedFile file, ZipEntry entry)
    {
        if (entry.UncompressedSize > MaxConfigBytes)
        {
            throw new CheckpointFormatException(
                Path, $"{ConfigMember} declares {entry.UncompressedSize} bytes, more than {MaxConfigBytes}", ConfigMember);
        }

        byte[] bytes;
        if (entry.Method == 0)
        {
            bytes = file.Span(entry.DataStart, (int)entry.CompressedSize).ToArray();
        }
        else
        {
            if ((decimal)entry.UncompressedSize > (decimal)entry.CompressedSize * MaxCompressionRatio)
            {
                throw new CheckpointFormatException(
                    Path, $"compression ratio exceeds {MaxCompressionRatio} (possible zip bomb)", ConfigMember);
            }

            bytes = new byte[entry.UncompressedSize];
            try
            {
                using var inflater = new DeflateStream(
                    file.OpenStream(entry.DataStart, entry.CompressedSize), CompressionMode.Decompress);
                var got = inflater.ReadAtLeast(bytes, bytes.Length, throwOnEndOfStream: false);
                if (got != bytes.Length || inflater.ReadByte() >= 0)
                {
                    throw new CheckpointFormatException(
                        Path, "inflated size differs from the declared size", ConfigMember);
                }
            }
            catch (Exception e) when (e is InvalidDataException or IOException && e is not CheckpointFormatException)
            {
                throw new CheckpointFormatException(Path, "corrupt deflate stream: " + e.Message, ConfigMember, inner: e);
            }
        }

        try
        {
            var text = new UTF8Encoding(false, true).GetString(bytes);
            return KerasLayerNode.Parse(text);
        }
        catch (Exception e) when (e is JsonException or FormatException or ArgumentException or DecoderFallbackException)
        {
            throw new CheckpointFormatException(
                Path, "not a valid Keras model config: " + e.Message.ReplaceLineEndings(" "), ConfigMember, inner: e);
        }
    }
}
