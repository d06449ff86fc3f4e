using GpuSpectral.Checkpoints.Sharding;
using GpuSpectral.Core.Errors;
using GpuSpectral.Core.Tensors;

namespace GpuSpectral.Checkpoints.SafeTensors;

/// <summary>
/// Reads a folder of safetensors shards. With <c>model.safetensors.index.json</c>, tensors come in the order of
/// its <c>weight_map</c>; every mapped tensor must exist in its shard and every shard tensor must be mapped to that
/// shard. Without an index, every <c>*.safetensors</c> file is read in ordinal name order, each in file order, and
/// names must be unique across files. Each shard is validated on its own (see <see cref="SafeTensorsReader"/>).
/// </summary>
/// <remarks>Immutable after construction: <see cref="ReadAsDouble"/> may be called from several threads at
/// once. Dispose releases the memory map(s); do not dispose while reads are in flight.</remarks>
public sealed class ShardedSafeTensorsReader : ICheckpointReader
{
    /// <summary>File name of the Hugging Face shard index.</summary>
    public const string IndexFileName = "model.safetensors.index.json";

    private readonly ShardSet _shards;

    /// <summary>Opens and validates the folder <paramref name="folder"/>.</summary>
    /// <param name="folder">Folder holding the shards (and optionally the index).</param>
    /// <exception cref="CheckpointFormatException">
    /// The index or a shard is malformed, missing or inconsistent.
    /// </exception>
    public ShardedSafeTensorsReader(string folder)
    {
        Path = folder;
        _shards = new ShardSet(folder, IndexFileName, full => new SafeTensorsReader(full), ListShards);
        Tensors = _shards.Tensors;
    }

    /// <inheritdoc/>
    public string Path { get; }

    /// <inheritdoc/>
    public string FormatName => "safetensors";

    /// <summary>All tensors: <c>weight_map</c> order, or shard name order then file order without an index.</summary>
    public IReadOnlyList<TensorInfo> Tensors { get; }

    /// <inheritdoc/>
    public void ReadAsDouble(TensorInfo tensor, Span<double> destination) =>
        _shards.ReadAsDouble(tensor, destination);

    /// <inheritdoc/>
    public void Dispose() => _shards.Dispose();

    /// <summary>Without an index: every <c>*.safetensors</c> file of the folder, in ordinal name order.</summary>
    private static string[] ListShards(string folder)
    {
        var files = ShardSet.ListFiles(folder, "*.safetensors");
        if (files.Length == 0)
        {
            throw new CheckpointFormatException(folder, $"folder has neither {IndexFileName} nor *.safetensors files");
        }

        Array.Sort(files, StringComparer.Ordinal);
        return files;
    }
}
