using GpuSpectral.Core.Tensors;

namespace GpuSpectral.Checkpoints;

/// <summary>
/// The tensors of one checkpoint file in listing order, each with what its reader needs to decode it (an offset, a
/// header), found by exact name. Backs a reader's <c>Tensors</c>, <c>TryGetTensor</c> and the "is this tensor
/// mine" check of <c>ReadAsDouble</c>. Filled while the reader is constructed, read-only afterwards.
/// </summary>
/// <typeparam name="TEntry">The reader's per-tensor data.</typeparam>
internal sealed class TensorTable<TEntry>
{
    private readonly List<TensorInfo> _tensors;
    private readonly Dictionary<string, (TensorInfo Info, TEntry Entry)> _byName;

    /// <summary>An empty table.</summary>
    /// <param name="capacity">Expected number of tensors.</param>
    public TensorTable(int capacity = 0)
    {
        _tensors = new List<TensorInfo>(capacity);
        _byName = new Dictionary<string, (TensorInfo, TEntry)>(capacity, StringComparer.Ordinal);
        Tensors = _tensors.AsReadOnly();
    }

    /// <summary>All tensors, in the order they were added.</summary>
    public IReadOnlyList<TensorInfo> Tensors { get; }

    /// <summary>Appends <paramref name="info"/>; its name must be new (callers validate names first).</summary>
    public void Add(TensorInfo info, TEntry entry)
    {
        _tensors.Add(info);
        _byName.Add(info.Name, (info, entry));
    }

    /// <summary>The tensor called <paramref name="name"/>, if any.</summary>
    public bool TryGet(string name, out TensorInfo tensor)
    {
        if (_byName.TryGetValue(name, out var t))
        {
            tensor = t.Info;
            return true;
        }

        tensor = null!;
        return false;
    }

    /// <summary>This table's <paramref name="tensor"/> and its entry.</summary>
    /// <param name="tensor">A tensor that a reader's <c>Tensors</c> listed.</param>
    /// <param name="path">The reader's path, for the message.</param>
    /// <exception cref="ArgumentNullException"><paramref name="tensor"/> is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="tensor"/> is not one of this table's.</exception>
    public (TensorInfo Info, TEntry Entry) Find(TensorInfo tensor, string path)
    {
        ArgumentNullException.ThrowIfNull(tensor);
        if (!_byName.TryGetValue(tensor.Name, out var t) || !t.Info.Equals(tensor))
        {
            throw new ArgumentException($"tensor '{tensor.Name}' is not from {path}", nameof(tensor));
        }

        return t;
    }
}
