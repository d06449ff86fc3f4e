using System.Runtime.CompilerServices;
using GpuSpectral.Checkpoints;
using GpuSpectral.Compute;
using GpuSpectral.Compute.Gpu;
using GpuSpectral.Core.Planning;
using GpuSpectral.Core.Results;
using GpuSpectral.Engine.Pipeline;
using GpuSpectral.Engine.Sharding;

namespace GpuSpectral.Engine;

/// <summary>
/// One analysis of one checkpoint: the plan (filtered by shard and by layers already done), and a two-stage
/// pipeline — a reader task that decodes tensors in file order into float64 buffers, and the solver(s) that turn
/// each into rows — joined by a queue bounded in bytes (<see cref="RunOptions.MaxHostMemory"/>), so reading
/// overlaps computing while resident memory stays near the budget. With GPU backends (<see cref="GpuEigenBackend"/>)
/// there is one worker per backend (device): small equal-shape matrices waiting in the queue are solved in one
/// batched call, several workers take the costliest waiting layer first, and rows come out in file order. The
/// session sets <see cref="GpuEigenBackend.BatchInvariant"/> on its GPU backends, so the rows do not depend on the
/// batching, the reader's timing or the number of devices.
/// </summary>
public sealed partial class AnalysisSession : IDisposable
{
    private readonly ICheckpointReader _reader;
    private readonly IReadOnlyList<IEigenBackend> _backends;
    private readonly List<LayerWorker> _workers = [];
    private readonly List<LayerPlan> _skipped;
    private readonly Lock _skippedGate = new();

    private AnalysisSession(
        ICheckpointReader reader, IReadOnlyList<IEigenBackend> backends, AnalysisOptions options, RunOptions run,
        IReadOnlyList<LayerPlan> planned, IReadOnlyList<LayerPlan> todo, List<LayerPlan> skipped)
    {
        _reader = reader;
        _backends = backends;
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

    /// <summary>Backend name and description (each device's, with its memory limit), and the host memory budget.</summary>
    public string Backend
    {
        get
        {
            var each = _backends.Select(b => b is GpuEigenBackend g
                ? $"{g.Name}: {g.Description}; max device memory {g.MaxDeviceMemory} bytes"
                : $"{b.Name}: {b.Description}");
            var text = _backends.Count == 1 ? each.First() : $"{_backends.Count} devices: {string.Join(" | ", each)}";
            return $"{text}; max host memory {Run.MaxHostMemory ?? RunOptions.DefaultHostMemory} bytes";
        }
    }

    /// <summary>Batched solver calls (several matrices of one shape in one call) made by this session's workers.</summary>
    public int BatchedCalls => _workers.Sum(w => w.BatchedCalls);

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
    public static AnalysisSession Open(IEigenBackend backend, string path, AnalysisOptions options, RunOptions run) =>
        Open([backend], path, options, run);

    /// <summary>Opens the checkpoint and plans it, to be solved by one worker per backend (e.g. one
    /// <see cref="GpuEigenBackend"/> per device; each is used by one thread at a time). Rows come out in file order
    /// whatever worker computed them, so the output does not depend on the number of backends.</summary>
    /// <param name="backends">At least one backend; the session does not dispose them.</param>
    /// <param name="path">The checkpoint.</param>
    /// <param name="options">Analysis options.</param>
    /// <param name="run">Run options.</param>
    /// <exception cref="ArgumentException">No backend.</exception>
    /// <exception cref="GpuSpectral.Core.Errors.CheckpointFormatException">The checkpoint is malformed.</exception>
    public static AnalysisSession Open(
        IReadOnlyList<IEigenBackend> backends, string path, AnalysisOptions options, RunOptions run)
    {
        ArgumentNullException.ThrowIfNull(backends);
        if (backends.Count == 0 || backends.Any(b => b is null))
        {
            throw new ArgumentException("At least one backend, none null.", nameof(backends));
        }

        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(run);
        var reader = CheckpointOpener.Open(path, options.Format);
        try
        {
            var plans = Analyzer.Describe(reader, options.Plan);
            var planned = plans.Where(p => p.IsAnalysed).ToList();
            IReadOnlyList<LayerPlan> todo = run.Shard is ShardSpec shard ? ShardAssignment.Select(planned, shard) : planned;
            todo = [.. todo.Where(p => !run.Done.Contains(p.LayerId))];
            return new AnalysisSession(reader, backends, options, run, planned, todo, [.. plans.Where(p => !p.IsAnalysed)]);
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
    /// Analyses <see cref="Todo"/> and yields each layer (all of its rows, or its skip) as soon as it and every layer
    /// before it in file order are done. With CPU backends one solver runs on the consuming thread, layer by layer;
    /// with GPU backends (or several backends) one worker per backend batches small equal-shape matrices and, with
    /// several workers, takes the costliest waiting layer first.
    /// </summary>
    /// <exception cref="OperationCanceledException">Cancelled; layers already yielded stay valid.</exception>
    public IAsyncEnumerable<LayerOutcome> Layers(
        IProgress<AnalysisProgress>? progress, CancellationToken cancellationToken) =>
        _backends.Count == 1 && _backends[0] is not GpuEigenBackend
            ? Inline(progress, cancellationToken)
            : OnWorkers(progress, cancellationToken);

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

    private async Task ReadAll(WaitingLayers waiting, ByteBudget budget, LargeBufferCollector collector, CancellationToken ct)
    {
        try
        {
            for (var i = 0; i < Todo.Count; i++)
            {
                var plan = Todo[i];
                var n = checked((int)plan.Tensor.ElementCount);
                var bytes = (long)n * sizeof(double);
                await budget.AcquireAsync(bytes, ct).ConfigureAwait(false);
                collector.BeforeAllocation(bytes);
                var data = GC.AllocateUninitializedArray<double>(n);
                _reader.ReadAsDouble(plan.Tensor, data);
                MappedPages.ReleaseResident(); // keep resident memory near the tensors in flight, not the file
                var bad = CountNonFinite(data);
                waiting.Add(bad > 0
                    ? new Decoded(i, plan with { SkipReason = $"weights hold {bad} NaN or infinite values" }, null, 0, bytes)
                    : new Decoded(i, plan, data, n, bytes));
            }
        }
        finally
        {
            waiting.Complete();
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
}
