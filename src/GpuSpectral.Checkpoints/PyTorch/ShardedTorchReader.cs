using System.Globalization;
using System.Text.RegularExpressions;
using GpuSpectral.Checkpoints.Interop;
using GpuSpectral.Checkpoints.SafeTensors;
using GpuSpectral.Core.Errors;
using GpuSpectral.Core.Tensors;

namespace GpuSpectral.Checkpoints.PyTorch;

/// <summary>
/// Reads a folder of PyTorch shards (Hugging Face <c>pytorch_model-0000i-of-0000n.bin</c>). With
/// <c>pytorch_model.bin.index.json</c>, tensors come in the order of its <c>weight_map</c>; every mapped tensor must
/// exist in its shard and every shard tensor must be mapped to that shard (the rules of the safetensors index).
/// Without an index, the shards <c>pytorch_model-i-of-n.bin</c> (all i from 1 to n present, one n) are read in name
/// order, each in pickle order, and names must be unique across shards; a folder with only
/// <c>pytorch_model.bin</c> reads that file. Each shard is validated on its own (zip or legacy format).
/// </summary>
/// <remarks>Immutable after construction: <see cref="ReadAsDouble"/> may be called from several threads at
/// once. Dispose releases the memory maps; do not dispose while reads are in flight.</remarks>
public sealed partial class ShardedTorchReader : ICheckpointReader
{
    /// <summary>File name of the Hugging Face shard index.</summary>
    public const string IndexFileName = "pytorch_model.bin.index.json";

    /// <summary>File name of an unsharded Hugging Face PyTorch checkpoint.</summary>
    public const string SingleFileName = "pytorch_model.bin";

    private readonly List<ICheckpointReader> _shards = [];
    private readonly Dictionary<string, ICheckpointReader> _owner = new(StringComparer.Ordinal);

    /// <summary>Opens and validates the folder <paramref name="folder"/>.</summary>
    /// <param name="folder">Folder holding the shards (and optionally the index).</param>
    /// <exception cref="CheckpointFormatException">The index or a shard is malformed, missing or inconsistent.
    /// </exception>
    public ShardedTorchReader(string folder)
    {
        Path = folder;
        try
        {
            var index = System.IO.Path.Combine(folder, IndexFileName);
            Tensors = (File.Exists(index) ? OpenIndexed(folder, index) : OpenUnindexed(folder)).AsReadOnly();
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
    public string FormatName => "pytorch";

    /// <summary>All tensors: <c>weight_map</c> order, or shard name order then pickle order without an index.</summary>
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

    [GeneratedRegex(@"^pytorch_model-(\d{1,9})-of-(\d{1,9})\.bin$", RegexOptions.CultureInvariant)]
    private static partial Regex ShardName();

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

        var byShard = new Dictionary<string, (ICheckpointReader Reader, Dictionary<string, TensorInfo> Names)>(
            StringComparer.Ordinal);
        foreach (var (tensor, shardName) in map)
        {
            if (!byShard.ContainsKey(shardName))
            {
                var reader = OpenShard(folder, shardName, indexPath, tensor);
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
                        shard.Reader.Path, $"tensor is in shard but not in {IndexFileName}'s weight_map", t.Name);
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
                    shard.Reader.Path, $"tensor listed in {IndexFileName} is missing from its shard", name);
            }

            tensors.Add(info);
            _owner.Add(name, shard.Reader);
        }

        return tensors;
    }

    private List<TensorInfo> OpenUnindexed(string folder)
    {
        string[] files;
        try
        {
            files = Directory.GetFiles(folder, "*.bin", SearchOption.TopDirectoryOnly)
                .Select(f => System.IO.Path.GetFileName(f))
                .ToArray();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new CheckpointFormatException(folder, "cannot list the folder: " + e.Message, inner: e);
        }

        var shards = files.Where(f => ShardName().IsMatch(f)).ToList();
        shards.Sort(StringComparer.Ordinal);
        if (shards.Count == 0)
        {
            if (!files.Contains(SingleFileName, StringComparer.Ordinal))
            {
                throw new CheckpointFormatException(
                    folder, $"folder has neither {IndexFileName}, pytorch_model-*-of-*.bin shards nor {SingleFileName}");
            }

            shards.Add(SingleFileName);
        }
        else
        {
            CheckShardSet(folder, shards);
        }

        var tensors = new List<TensorInfo>();
        foreach (var name in shards)
        {
            var shard = OpenShard(folder, name, folder, null);
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

    private static void CheckShardSet(string folder, List<string> shards)
    {
        var totals = new HashSet<long>();
        var indices = new HashSet<long>();
        foreach (var s in shards)
        {
            var m = ShardName().Match(s);
            indices.Add(long.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture));
            totals.Add(long.Parse(m.Groups[2].Value, CultureInfo.InvariantCulture));
        }

        if (totals.Count != 1)
        {
            throw new CheckpointFormatException(folder, "pytorch_model-*-of-*.bin shards disagree on the shard count");
        }

        var n = totals.First();
        for (long i = 1; i <= n; i++)
        {
            if (!indices.Contains(i))
            {
                throw new CheckpointFormatException(folder, $"shard {i} of {n} is missing (pytorch_model-*-of-*.bin)");
            }
        }

        if (indices.Count != n || shards.Count != n)
        {
            throw new CheckpointFormatException(folder, $"the shards do not number 1 to {n} exactly once each");
        }
    }

    private ICheckpointReader OpenShard(string folder, string name, string referrer, string? tensor)
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

        var reader = TorchReader.Open(full);
        _shards.Add(reader);
        return reader;
    }
}
