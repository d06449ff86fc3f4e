using GpuSpectral.Checkpoints.Interop;
using GpuSpectral.Checkpoints.SafeTensors;
using GpuSpectral.Core.Errors;
using GpuSpectral.Core.Tensors;

namespace GpuSpectral.Checkpoints.Sharding;

/// <summary>
/// The open shards of a sharded checkpoint folder and which shard owns each tensor; the common part of
/// <see cref="ShardedSafeTensorsReader"/> and <see cref="PyTorch.ShardedTorchReader"/>. With an index file (Hugging
/// Face <c>*.index.json</c>), tensors come in the order of its <c>weight_map</c>; every mapped tensor must exist in
/// its shard and every shard tensor must be mapped to that shard. Without one, the shard files the caller lists are
/// read in that order, each in its own tensor order, and names must be unique across shards. Shards are plain files
/// of the folder, never symbolic links.
/// </summary>
internal sealed class ShardSet : IDisposable
{
    private readonly List<ICheckpointReader> _shards = [];
    private readonly Dictionary<string, ICheckpointReader> _owner = new(StringComparer.Ordinal);
    private readonly string _folder;
    private readonly string _indexFileName;
    private readonly Func<string, ICheckpointReader> _openShard;

    /// <summary>Opens and validates the shards of <paramref name="folder"/>; on failure, closes what it opened.</summary>
    /// <param name="folder">Folder holding the shards (and optionally the index).</param>
    /// <param name="indexFileName">File name of the index in <paramref name="folder"/>.</param>
    /// <param name="openShard">Opens (and validates) the shard file at a full path.</param>
    /// <param name="listShards">
    /// Without an index: the shard file names of the folder, in reading order (throws when there are none).
    /// </param>
    /// <exception cref="CheckpointFormatException">The index or a shard is malformed, missing or inconsistent.
    /// </exception>
    public ShardSet(
        string folder, string indexFileName, Func<string, ICheckpointReader> openShard,
        Func<string, IReadOnlyList<string>> listShards)
    {
        _folder = folder;
        _indexFileName = indexFileName;
        _openShard = openShard;
        try
        {
            var index = Path.Combine(folder, indexFileName);
            Tensors = File.Exists(index) ? OpenIndexed(index) : OpenUnindexed(listShards(folder));
        }
        catch
        {
            Dispose();
            throw;
        }
    }

    /// <summary>All tensors: <c>weight_map</c> order, or shard order then each shard's order without an index.</summary>
    public List<TensorInfo> Tensors { get; }

    /// <summary>
    /// The names of the files in <paramref name="folder"/> (not below it) that match <paramref name="pattern"/>.
    /// </summary>
    /// <exception cref="CheckpointFormatException">The folder cannot be listed.</exception>
    public static string[] ListFiles(string folder, string pattern)
    {
        try
        {
            return Directory.GetFiles(folder, pattern, SearchOption.TopDirectoryOnly)
                .Select(f => Path.GetFileName(f))
                .ToArray();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new CheckpointFormatException(folder, "cannot list the folder: " + e.Message, inner: e);
        }
    }

    /// <summary>Reads <paramref name="tensor"/> through the shard that owns it.</summary>
    /// <exception cref="ArgumentException">No shard of this folder owns a tensor of that name.</exception>
    public void ReadAsDouble(TensorInfo tensor, Span<double> destination)
    {
        ArgumentNullException.ThrowIfNull(tensor);
        if (!_owner.TryGetValue(tensor.Name, out var shard))
        {
            throw new ArgumentException($"tensor '{tensor.Name}' is not from {_folder}", nameof(tensor));
        }

        shard.ReadAsDouble(tensor, destination);
    }

    /// <summary>Closes every shard opened so far.</summary>
    public void Dispose()
    {
        foreach (var s in _shards)
        {
            s.Dispose();
        }

        _shards.Clear();
    }

    private List<TensorInfo> OpenIndexed(string indexPath)
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

        var byShard = new Dictionary<string, (ICheckpointReader Reader, Dictionary<string, TensorInfo> Names)>(
            StringComparer.Ordinal);
        foreach (var (tensor, shardName) in map)
        {
            if (!byShard.ContainsKey(shardName))
            {
                var reader = OpenShard(shardName, indexPath, tensor);
                byShard.Add(shardName, (reader, reader.Tensors.ToDictionary(t => t.Name, StringComparer.Ordinal)));
            }
        }

        var mapped = map.ToDictionary(p => p.Tensor, p => p.Shard, StringComparer.Ordinal);
        foreach (var (shardName, shard) in byShard)
        {
            foreach (var t in shard.Reader.Tensors)
            {
                if (!mapped.TryGetValue(t.Name, out var expected))
                {
                    throw new CheckpointFormatException(
                        shard.Reader.Path, $"tensor is in shard but not in {_indexFileName}'s weight_map", t.Name);
                }

                if (expected != shardName)
                {
                    throw new CheckpointFormatException(
                        shard.Reader.Path, $"tensor is also in this shard but weight_map maps it to '{expected}'",
                        t.Name);
                }
            }
        }

        var tensors = new List<TensorInfo>(map.Count);
        foreach (var (name, shardName) in map)
        {
            var shard = byShard[shardName];
            if (!shard.Names.TryGetValue(name, out var info))
            {
                throw new CheckpointFormatException(
                    shard.Reader.Path, $"tensor listed in {_indexFileName} is missing from its shard", name);
            }

            tensors.Add(info);
            _owner.Add(name, shard.Reader);
        }

        return tensors;
    }

    private List<TensorInfo> OpenUnindexed(IReadOnlyList<string> shardNames)
    {
        var tensors = new List<TensorInfo>();
        foreach (var name in shardNames)
        {
            var shard = OpenShard(name, _folder, null);
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

    private ICheckpointReader OpenShard(string name, string referrer, string? tensor)
    {
        var full = Path.Combine(_folder, name);
        var info = new FileInfo(full);
        if (!info.Exists)
        {
            throw new CheckpointFormatException(referrer, $"shard file '{name}' does not exist", tensor);
        }

        if (info.LinkTarget is not null)
        {
            throw new CheckpointFormatException(full, "shard is a symbolic link; links are not followed", tensor);
        }

        var reader = _openShard(full);
        _shards.Add(reader);
        return reader;
    }
}
