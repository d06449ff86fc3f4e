using System.Globalization;
using System.Text.RegularExpressions;
using GpuSpectral.Checkpoints.Sharding;
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

    private readonly ShardSet _shards;

    /// <summary>Opens and validates the folder <paramref name="folder"/>.</summary>
    /// <param name="folder">Folder holding the shards (and optionally the index).</param>
    /// <exception cref="CheckpointFormatException">The index or a shard is malformed, missing or inconsistent.
    /// </exception>
    public ShardedTorchReader(string folder)
    {
        Path = folder;
        _shards = new ShardSet(folder, IndexFileName, TorchReader.Open, ListShards);
        Tensors = _shards.Tensors.AsReadOnly();
    }

    /// <inheritdoc/>
    public string Path { get; }

    /// <inheritdoc/>
    public string FormatName => "pytorch";

    /// <summary>All tensors: <c>weight_map</c> order, or shard name order then pickle order without an index.</summary>
    public IReadOnlyList<TensorInfo> Tensors { get; }

    /// <inheritdoc/>
    public void ReadAsDouble(TensorInfo tensor, Span<double> destination) =>
        _shards.ReadAsDouble(tensor, destination);

    /// <inheritdoc/>
    public void Dispose() => _shards.Dispose();

    [GeneratedRegex(@"^pytorch_model-(\d{1,9})-of-(\d{1,9})\.bin$", RegexOptions.CultureInvariant)]
    private static partial Regex ShardName();

    /// <summary>
    /// Without an index: the complete set of <c>pytorch_model-i-of-n.bin</c> shards in ordinal name order, or else
    /// <c>pytorch_model.bin</c>.
    /// </summary>
    private static List<string> ListShards(string folder)
    {
        var files = ShardSet.ListFiles(folder, "*.bin");
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

        return shards;
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
}
