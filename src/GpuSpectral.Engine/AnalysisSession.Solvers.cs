using System.Diagnostics;
using System.Runtime.CompilerServices;
using System.Threading.Channels;
using GpuSpectral.Core.Planning;
using GpuSpectral.Core.Results;
using GpuSpectral.Engine.Pipeline;

namespace GpuSpectral.Engine;

public sealed partial class AnalysisSession
{
    /// <summary>One CPU backend: the reader runs ahead (bounded in bytes) and each layer is solved on the consuming
    /// thread, in file order.</summary>
    private async IAsyncEnumerable<LayerOutcome> Inline(
        IProgress<AnalysisProgress>? progress, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var budget = new ByteBudget(Run.MaxHostMemory ?? RunOptions.DefaultHostMemory);
        using var _ = budget;
        var waiting = new WaitingLayers(largestFirst: false);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var collector = new LargeBufferCollector(budget.Capacity);
        var producer = Task.Run(() => ReadAll(waiting, budget, collector, stop.Token), stop.Token);
        var layer = new LayerAnalyzer(_backends[0], Options);
        var order = new InOrder(this, progress);
        try
        {
            while (await waiting.WaitAsync(cancellationToken).ConfigureAwait(false))
            {
                waiting.TryTake(out var item);
                var rows = item!.Data is null ? [] : layer.AnalyzeRows(item.Plan, item.Data.AsSpan(0, item.Length));
                Release(item, budget, collector);
                yield return order.Emit(item, rows);
            }
        }
        finally
        {
            await Stop(stop, producer).ConfigureAwait(false);
        }

        await producer.ConfigureAwait(false); // rethrows a reader error (malformed tensor)
    }

    /// <summary>One worker per backend on a shared queue; results are put back in file order.</summary>
    private async IAsyncEnumerable<LayerOutcome> OnWorkers(
        IProgress<AnalysisProgress>? progress, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var budget = new ByteBudget(Run.MaxHostMemory ?? RunOptions.DefaultHostMemory);
        using var _ = budget;
        var waiting = new WaitingLayers(largestFirst: _backends.Count > 1);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var collector = new LargeBufferCollector(budget.Capacity);
        var producer = Task.Run(() => ReadAll(waiting, budget, collector, stop.Token), stop.Token);
        var done = Channel.CreateUnbounded<(Decoded Item, IReadOnlyList<LayerResult> Rows)>();
        foreach (var gpu in _backends.OfType<GpuSpectral.Compute.Gpu.GpuEigenBackend>())
        {
            gpu.BatchInvariant = true; // rows must not depend on batching, timing or the number of devices
        }

        _workers.Clear();
        _workers.AddRange(_backends.Select(b => new LayerWorker(b, Options)));
        var tasks = _workers.Select(w => Task.Run(() => w.RunAsync(waiting, (item, rows) =>
        {
            Release(item, budget, collector);
            done.Writer.TryWrite((item, rows));
        }, stop.Token), stop.Token)).ToArray();
        var all = Task.WhenAll(tasks).ContinueWith(
            t => done.Writer.TryComplete(t.Exception?.InnerException), CancellationToken.None,
            TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        var order = new InOrder(this, progress);
        var held = new Dictionary<int, (Decoded Item, IReadOnlyList<LayerResult> Rows)>();
        try
        {
            await foreach (var result in done.Reader.ReadAllAsync(cancellationToken).ConfigureAwait(false))
            {
                held[result.Item.Sequence] = result;
                while (held.Remove(order.Next, out var ready))
                {
                    yield return order.Emit(ready.Item, ready.Rows);
                }
            }
        }
        finally
        {
            await stop.CancelAsync().ConfigureAwait(false);
            await Quietly(all).ConfigureAwait(false);
            await Stop(stop, producer).ConfigureAwait(false);
        }

        await Task.WhenAll(tasks).ConfigureAwait(false); // rethrows a solver error
        await producer.ConfigureAwait(false); // rethrows a reader error (malformed tensor)
    }

    /// <summary>Counts a tensor's buffer as released (before the reader may allocate the next one: it collects
    /// first).</summary>
    private static void Release(Decoded item, ByteBudget budget, LargeBufferCollector collector)
    {
        item.Data = null;
        collector.Released(item.Bytes);
        budget.Release(item.Bytes);
    }

    private static async Task Stop(CancellationTokenSource stop, Task producer)
    {
        await stop.CancelAsync().ConfigureAwait(false);
        try
        {
            await producer.ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // the reader stops when the consumer does
        }
    }

    private static Task Quietly(Task task) =>
        task.ContinueWith(_ => { }, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously,
            TaskScheduler.Default);

    /// <summary>Turns finished tensors, given in file order, into outcomes: records skips and reports progress.</summary>
    private sealed class InOrder(AnalysisSession session, IProgress<AnalysisProgress>? progress)
    {
        private readonly Dictionary<int, int> _planIndex =
            session.Planned.Select((p, i) => (p.LayerId, i)).ToDictionary(x => x.LayerId, x => x.i);

        private readonly Stopwatch _clock = Stopwatch.StartNew();
        private readonly long _bytesTotal = session.Todo.Sum(p => p.Tensor.ByteLength);
        private long _bytes;

        /// <summary>Sequence of the next tensor to emit.</summary>
        public int Next { get; private set; }

        public LayerOutcome Emit(Decoded item, IReadOnlyList<LayerResult> rows)
        {
            if (!item.Plan.IsAnalysed)
            {
                lock (session._skippedGate)
                {
                    session._skipped.Add(item.Plan);
                }
            }

            Next++;
            _bytes += item.Plan.Tensor.ByteLength;
            var outcome = new LayerOutcome(item.Plan, _planIndex[item.Plan.LayerId], rows);
            progress?.Report(new AnalysisProgress(
                Next, session.Todo.Count, item.Plan.Name, _bytes, _bytesTotal, _clock.Elapsed));
            return outcome;
        }
    }
}
