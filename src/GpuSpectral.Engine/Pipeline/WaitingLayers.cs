namespace GpuSpectral.Engine.Pipeline;

/// <summary>
/// Decoded tensors read and waiting for a solver worker, shared by all workers of a session. <see cref="TryTake"/>
/// gives the first in file order, or with <c>largestFirst</c> the costliest (<see cref="Decoded.Cost"/>, ties in file
/// order) so that several devices finish together; <see cref="TryTakeLike"/> gives the first waiting tensor of a
/// shape (to batch it). The reader bounds what waits here by the host memory budget. Thread-safe.
/// </summary>
internal sealed class WaitingLayers(bool largestFirst)
{
    private readonly Lock _gate = new();
    private readonly List<Decoded> _items = [];
    private TaskCompletionSource? _changed;
    private bool _completed;

    /// <summary>Adds a tensor (reader side).</summary>
    public void Add(Decoded item)
    {
        TaskCompletionSource? signal;
        lock (_gate)
        {
            _items.Add(item);
            (signal, _changed) = (_changed, null);
        }

        signal?.TrySetResult();
    }

    /// <summary>No more tensors will come (reader done or failed).</summary>
    public void Complete()
    {
        TaskCompletionSource? signal;
        lock (_gate)
        {
            _completed = true;
            (signal, _changed) = (_changed, null);
        }

        signal?.TrySetResult();
    }

    /// <summary>Takes the next tensor by the order policy, if one waits.</summary>
    public bool TryTake(out Decoded? item)
    {
        lock (_gate)
        {
            var best = -1;
            for (var i = 0; i < _items.Count; i++)
            {
                if (best < 0 || (largestFirst ? Before(_items[i], _items[best]) : _items[i].Sequence < _items[best].Sequence))
                {
                    best = i;
                }
            }

            return TakeAt(best, out item);
        }
    }

    /// <summary>Takes the first waiting (not skipped) tensor in file order whose slices have
    /// <paramref name="rows"/>×<paramref name="cols"/>, if any.</summary>
    public bool TryTakeLike(int rows, int cols, out Decoded? item)
    {
        lock (_gate)
        {
            var best = -1;
            for (var i = 0; i < _items.Count; i++)
            {
                var p = _items[i].Plan;
                if (_items[i].Data is not null && p.SliceRows == rows && p.SliceCols == cols
                    && (best < 0 || _items[i].Sequence < _items[best].Sequence))
                {
                    best = i;
                }
            }

            return TakeAt(best, out item);
        }
    }

    /// <summary>Waits until a tensor waits (true) or none will come any more (false).</summary>
    public async Task<bool> WaitAsync(CancellationToken ct)
    {
        while (true)
        {
            Task wait;
            lock (_gate)
            {
                if (_items.Count > 0)
                {
                    return true;
                }

                if (_completed)
                {
                    return false;
                }

                _changed ??= new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                wait = _changed.Task;
            }

            await wait.WaitAsync(ct).ConfigureAwait(false);
        }
    }

    private static bool Before(Decoded a, Decoded b) =>
        a.Cost > b.Cost || (a.Cost == b.Cost && a.Sequence < b.Sequence);

    private bool TakeAt(int index, out Decoded? item)
    {
        if (index < 0)
        {
            item = null;
            return false;
        }

        item = _items[index];
        _items.RemoveAt(index);
        return true;
    }
}
