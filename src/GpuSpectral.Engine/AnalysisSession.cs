using System.Diagnostics;
using System.Runtime.CompilerServices;
using System.Threading.Channels;
using GpuSpectral.Checkpoints;
using GpuSpectral.Compute;
using GpuSpectral.Core.Planning;
using GpuSpectral.Core.Results;
using GpuSpectral.Engine.Pipeline;
using GpuSpectral.Engine.Sharding;

namespace GpuSpectral.Engine;

/// <summary>
/// One analysis of one checkpoint: the plan (filtered by shard and by layers already done), and a two-stage
/// pipeline — a reader task that decodes tensors in file order into float64 buffers, and the solver that turns
/// each into rows — joined by a channel bounded in bytes (<see cref="RunOptions.MaxHostMemory"/>), so reading
/// overlaps computing while resident memory stays near the budget.
/// </summary>
public sealed class AnalysisSession : IDisposable
{
    private readonly ICheckpointReader _reader;
    private readonly IEigenBackend _backend;
    private readonly List<LayerPlan> _skipped;
    private readonly Lock _skippedGate = new();

    private AnalysisSession(
        ICheckpointReader reader, IEigenBackend backend, AnalysisOptions options, RunOptions run,
        IReadOnlyList<LayerPlan> planned, IReadOnlyList<LayerPlan> todo, List<LayerPlan> skipped)
    {
        _reader = reader;
        _backend = backend;
        Options = options;
        Run = run;
        Planned = planned;
        Todo = todo;
        _skipped = skipped;
    }

    /// <summary>Analysis options.</summary>
    public AnalysisOptions Options { get; }

    /// <summary>Run options.</summary>
    public RunOptions Run { get; }

    /// <summary>Every analysed plan of the whole run (all shards, done or not), in plan order.</summary>
    public IReadOnlyList<LayerPlan> Planned { get; }

    /// <summary>The plans this session analyses, in plan order.</summary>
    public IReadOnlyList<LayerPlan> Todo { get; }

    /// <summary>Reader format name.</summary>
    public string Format => _reader.FormatName;

    /// <summary>Backend name and description.</summary>
    public string Backend => $"{_backend.Name}: {_backend.Description}";

    /// <summary>Plans skipped by the planner (whole run) and, so far, layers skipped while running (this shard:
    /// non-finite weights).</summary>
    public IReadOnlyList<LayerPlan> Skipped
    {
        get
        {
            lock (_skippedGate)
            {
                return [.. _skipped];
            }
        }
    }

    /// <summary>Opens the checkpoint and plans it.</summary>
    /// <exception cref="GpuSpectral.Core.Errors.CheckpointFormatException">The checkpoint is malformed.</exception>
    public static AnalysisSession Open(IEigenBackend backend, string path, AnalysisOptions options, RunOptions run)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(run);
        var reader = CheckpointOpener.Open(path, options.Format);
        try
        {
            var plans = Analyzer.Describe(reader, options.Plan);
            var planned = plans.Where(p => p.IsAnalysed).ToList();
            IReadOnlyList<LayerPlan> todo = run.Shard is ShardSpec shard ? ShardAssignment.Select(planned, shard) : planned;
            todo = [.. todo.Where(p => !run.Done.Contains(p.LayerId))];
            return new AnalysisSession(reader, backend, options, run, planned, todo, [.. plans.Where(p => !p.IsAnalysed)]);
        }
        catch
        {
            reader.Dispose();
            throw;
        }
    }

    /// <summary>Analyses <see cref="Todo"/> and yields each row as soon as it is computed.</summary>
    /// <exception cref="OperationCanceledException">Cancelled; rows already yielded stay valid.</exception>
    public async IAsyncEnumerable<LayerResult> Rows(
        IProgress<AnalysisProgress>? progress, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await foreach (var layer in Layers(progress, cancellationToken).ConfigureAwait(false))
        {
            foreach (var row in layer.Rows)
            {
                yield return row;
            }
        }
    }

    /// <summary>
    /// Analyses <see cref="Todo"/> and yields each layer (all of its rows, or its skip) as soon as it is done.
    /// </summary>
    /// <exception cref="OperationCanceledException">Cancelled; layers already yielded stay valid.</exception>
    public async IAsyncEnumerable<LayerOutcome> Layers(
        IProgress<AnalysisProgress>? progress, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var budget = new ByteBudget(Run.MaxHostMemory ?? RunOptions.DefaultHostMemory);
        using var _ = budget;
        var channel = Channel.CreateUnbounded<Decoded>(new UnboundedChannelOptions { SingleReader = true, SingleWriter = true });
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var collector = new LargeBufferCollector();
        var producer = Task.Run(() => ReadAll(channel.Writer, budget, collector, stop.Token), stop.Token);
        var layer = new LayerAnalyzer(_backend, Options);
        var planIndex = Planned.Select((p, i) => (p.LayerId, i)).ToDictionary(x => x.LayerId, x => x.i);
        var clock = Stopwatch.StartNew();
        long bytes = 0, bytesTotal = Todo.Sum(p => p.Tensor.ByteLength);
        var done = 0;
        try
        {
            await foreach (var item in channel.Reader.ReadAllAsync(cancellationToken).ConfigureAwait(false))
            {
                IReadOnlyList<LayerResult> rows = [];
                if (item.Data is null)
                {
                    lock (_skippedGate)
                    {
                        _skipped.Add(item.Plan);
                    }
                }
                else
                {
                    rows = layer.AnalyzeRows(item.Plan, item.Data.AsSpan(0, item.Length));
                    item.Data = null;
                }

                // Count the buffer as released before the reader may allocate the next one (it collects first).
                collector.Released(item.Bytes);
                budget.Release(item.Bytes);
                bytes += item.Plan.Tensor.ByteLength;
                yield return new LayerOutcome(item.Plan, planIndex[item.Plan.LayerId], rows);
                progress?.Report(new AnalysisProgress(++done, Todo.Count, item.Plan.Name, bytes, bytesTotal, clock.Elapsed));
            }
        }
        finally
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

        await producer.ConfigureAwait(false); // rethrows a reader error (malformed tensor)
    }

    /// <summary>The report of the rows this session produced.</summary>
    public AnalysisReport Report(string path, IReadOnlyList<LayerResult> rows) => new()
    {
        Path = path,
        Format = Format,
        Backend = Backend,
        Options = Options,
        Layers = rows,
        Skipped = Skipped,
    };

    /// <inheritdoc />
    public void Dispose() => _reader.Dispose();

    private async Task ReadAll(
        ChannelWriter<Decoded> writer, ByteBudget budget, LargeBufferCollector collector, CancellationToken ct)
    {
        try
        {
            foreach (var plan in Todo)
            {
                var n = checked((int)plan.Tensor.ElementCount);
                var bytes = (long)n * sizeof(double);
                await budget.AcquireAsync(bytes, ct).ConfigureAwait(false);
                collector.BeforeAllocation(bytes);
                var data = GC.AllocateUninitializedArray<double>(n);
                _reader.ReadAsDouble(plan.Tensor, data);
                MappedPages.ReleaseResident(); // keep resident memory near the tensors in flight, not the file
                var bad = CountNonFinite(data);
                var item = bad > 0
                    ? new Decoded(plan with { SkipReason = $"weights hold {bad} NaN or infinite values" }, null, 0, bytes)
                    : new Decoded(plan, data, n, bytes);
                await writer.WriteAsync(item, ct).ConfigureAwait(false);
            }

            writer.Complete();
        }
        catch (Exception e)
        {
            writer.Complete(e);
            throw;
        }
    }

    private static int CountNonFinite(ReadOnlySpan<double> data)
    {
        var bad = 0;
        foreach (var v in data)
        {
            if (!double.IsFinite(v))
            {
                bad++;
            }
        }

        return bad;
    }

    /// <summary>A decoded tensor in flight; <see cref="Data"/> is dropped as soon as the solver is done with it, so
    /// that the collection that follows can free it.</summary>
    private sealed class Decoded(LayerPlan plan, double[]? data, int length, long bytes)
    {
        public LayerPlan Plan { get; } = plan;

        public double[]? Data { get; set; } = data;

        public int Length { get; } = length;

        public long Bytes { get; } = bytes;
    }
}
