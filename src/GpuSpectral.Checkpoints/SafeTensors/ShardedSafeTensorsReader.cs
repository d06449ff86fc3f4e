using GpuSpectral.Checkpoints.Interop;
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

    private readonly List<SafeTensorsReader> _shards = [];
    private readonly Dictionary<string, SafeTensorsReader> _owner = new(StringComparer.Ordinal);

    /// <summary>Opens and validates the folder <paramref name="folder"/>.</summary>
    /// <param name="folder">Folder holding the shards (and optionally the index).</param>
    /// <exception cref="CheckpointFormatException">
    /// The index or a shard is malformed, missing or inconsistent.
    /// </exception>
    public ShardedSafeTensorsReader(string folder)
    {
        Path = folder;
        try
        {
            var index = System.IO.Path.Combine(folder, IndexFileName);
            Tensors = File.Exists(index) ? OpenIndexed(folder, index) : OpenUnindexed(folder);
        }
        catch
        {
            Dispose();
            throw;
        }
    }

    /// <inheritdoc/>
    public string Path { get; }

    /// <inheritdoc/>
    public string FormatName => "safetensors";

    /// <summary>All tensors: <c>weight_map</c> order, or shard name order then file order without an index.</summary>
    public IReadOnlyList<TensorInfo> Tensors { get; }

    /// <inheritdoc/>
    public void ReadAsDouble(TensorInfo tensor, Span<double> destination)
    {
        ArgumentNullException.ThrowIfNull(tensor);
        if (!_owner.TryGetValue(tensor.Name, out var shard))
        {
            throw new ArgumentException($"tensor '{tensor.Name}' is not from {Path}", nameof(tensor));
        }

        shard.ReadAsDouble(tensor, destination);
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        foreach (var s in _shards)
        {
            s.Dispose();
        }

        _shards.Clear();
    }

    private List<TensorInfo> OpenIndexed(string folder, string indexPath)
    {
        List<(string Tensor, string Shard)> map;
        using (var file = MappedFile.Open(indexPath))
        {
            if (file.Length > ShardIndexParser.MaxIndexBytes)
            {
                throw new CheckpointFormatException(
                    indexPath, $"index of {file.Length} bytes exceeds {ShardIndexParser.MaxIndexBytes} bytes");
            }

            map = ShardIndexParser.Parse(file.Span(0, (int)file.Length), indexPath);
        }

        var byShard = new Dictionary<string, SafeTensorsReader>(StringComparer.Ordinal);
        foreach (var (tensor, shardName) in map)
        {
            if (!byShard.ContainsKey(shardName))
            {
                byShard.Add(shardName, OpenShard(folder, shardName, indexPath, tensor));
            }
        }

        var mapped = map.ToDictionary(p => p.Tensor, p => p.Shard, StringComparer.Ordinal);
        foreach (var (shardName, shard) in byShard)
        {
            foreach (var t in shard.Tensors)
            {
                if (!mapped.TryGetValue(t.Name, out var expected))
                {
                    throw new CheckpointFormatException(
                        shard.Path, $"tensor is in shard but not in {IndexFileName}'s weight_map", t.Name);
                }

                if (expected != shardName)
                {
                    throw new CheckpointFormatException(
                        shard.Path, $"tensor is also in this shard but weight_map maps it to '{expected}'", t.Name);
                }
            }
        }

        var tensors = new List<TensorInfo>(map.Count);
        foreach (var (name, shardName) in map)
        {
            var shard = byShard[shardName];
            if (!shard.TryGetTensor(name, out var info))
            {
                throw new CheckpointFormatException(
                    shard.Path, $"tensor listed in {IndexFileName} is missing from its shard", name);
            }

            tensors.Add(info);
            _owner.Add(name, shard);
        }

        return tensors;
    }

    private List<TensorInfo> OpenUnindexed(string folder)
    {
        string[] files;
        try
        {
            files = Directory.GetFiles(folder, "*.safetensors", SearchOption.TopDirectoryOnly);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new CheckpointFormatException(folder, "cannot list the folder: " + e.Message, inner: e);
        }

        if (files.Length == 0)
        {
            throw new CheckpointFormatException(folder, $"folder has neither {IndexFileName} nor *.safetensors files");
        }

        Array.Sort(files, StringComparer.Ordinal);
        var tensors = new List<TensorInfo>();
        foreach (var f in files)
        {
            var shard = OpenShard(folder, System.IO.Path.GetFileName(f), folder, null);
            foreach (var t in shard.Tensors)
            {
                if (!_owner.TryAdd(t.Name, shard))
                {
                    throw new CheckpointFormatException(
                        shard.Path, $"tensor also appears in {_owner[t.Name].Path}", t.Name);
                }

                tensors.Add(t);
            }
        }

        return tensors;
    }

    private SafeTensorsReader OpenShard(string folder, string name, string referrer, string? tensor)
    {
        var full = System.IO.Path.Combine(folder, name);
        var info = new FileInfo(full);
        if (!info.Exists)
        {
            throw new CheckpointFormatException(referrer, $"shard file '{name}' does not exist", tensor);
        }

        if (info.LinkTarget is not null)
        {
            throw new CheckpointFormatException(full, "shard is a symbolic link; links are not followed", tensor);
        }

        var reader = new SafeTensorsReader(full);
        _shards.Add(reader);
        return reader;
    }
}
