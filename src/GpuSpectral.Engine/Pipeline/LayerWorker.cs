using GpuSpectral.Compute;
using GpuSpectral.Compute.Gpu;
using GpuSpectral.Core.Results;

namespace GpuSpectral.Engine.Pipeline;

/// <summary>
/// One solver worker of a session: takes decoded tensors from the shared channel and turns each into rows with its
/// own backend. On a <see cref="GpuEigenBackend"/>, tensors waiting in the channel whose slices share one shape with
/// smaller side ≤ <see cref="BackendChoice.DeviceJacobiMaxOrder"/> are solved together (up to
/// <see cref="BackendChoice.MaxBatch"/> matrices per call, one batched launch per device batch); a layer whose
/// device need exceeds the backend's memory limit runs on its CPU fallback. It never waits while holding tensors, so
/// the host memory budget cannot deadlock the reader. Not thread-safe: one task per worker.
/// </summary>
internal sealed class LayerWorker(IEigenBackend backend, AnalysisOptions options)
{
    private readonly GpuEigenBackend? _gpu = backend as GpuEigenBackend;
    private readonly LayerAnalyzer _analyzer = new(backend, options);
    private LayerAnalyzer? _cpuAnalyzer;

    /// <summary>Batched calls made (each of ≥ 2 matrices).</summary>
    public int BatchedCalls { get; private set; }

    /// <summary>Processes tensors until none are left; <paramref name="done"/> gets each tensor and its rows (none
    /// for a skipped tensor) as soon as they are computed.</summary>
    public async Task RunAsync(
        WaitingLayers input, Action<Decoded, IReadOnlyList<LayerResult>> done, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(done);
        while (await input.WaitAsync(ct).ConfigureAwait(false))
        {
            if (!input.TryTake(out var first))
            {
                continue; // another worker took it
            }

            var group = new List<Decoded> { first! };
            if (Batchable(first!))
            {
                var matrices = first!.Plan.SliceCount;
                while (matrices < BackendChoice.MaxBatch
                       && input.TryTakeLike(first.Plan.SliceRows, first.Plan.SliceCols, out var next))
                {
                    group.Add(next!);
                    matrices += next!.Plan.SliceCount;
                }
            }

            ct.ThrowIfCancellationRequested();
            Process(group, done);
        }
    }

    private bool Batchable(Decoded item) =>
        _gpu is not null && item.Data is not null
        && Math.Min(item.Plan.SliceRows, item.Plan.SliceCols) <= BackendChoice.DeviceJacobiMaxOrder
        && _gpu.FitsDevice(item.Plan.SliceRows, item.Plan.SliceCols, out _);

    private void Process(List<Decoded> group, Action<Decoded, IReadOnlyList<LayerResult>> done)
    {
        if (_gpu is null || !Batchable(group[0]) || (group.Count == 1 && group[0].Plan.SliceCount == 1))
        {
            foreach (var item in group)
            {
                done(item, Single(item));
            }

            return;
        }

        var first = group[0].Plan;
        var matrices = new List<ReadOnlyMemory<double>>();
        foreach (var item in group)
        {
            for (var s = 0; s < item.Plan.SliceCount; s++)
            {
                matrices.Add(LayerAnalyzer.SolverMatrix(item.Plan, item.Data.AsMemory(0, item.Length), s, options));
            }
        }

        var evals = _gpu.GramEigenvaluesBatch(matrices, first.SliceRows, first.SliceCols);
        BatchedCalls++;
        matrices.Clear();
        var next = 0;
        foreach (var item in group)
        {
            var slices = evals.Skip(next).Take(item.Plan.SliceCount).ToList();
            next += item.Plan.SliceCount;
            var rows = _analyzer.AnalyzeRows(item.Plan, item.Data.AsSpan(0, item.Length), slices);
            item.Data = null;
            done(item, rows);
        }
    }

    private IReadOnlyList<LayerResult> Single(Decoded item)
    {
        if (item.Data is null)
        {
            return [];
        }

        var analyzer = _analyzer;
        if (_gpu is not null
            && _gpu.BackendFor(item.Plan.Name, item.Plan.SliceRows, item.Plan.SliceCols) is var chosen
            && !ReferenceEquals(chosen, _gpu))
        {
            analyzer = _cpuAnalyzer ??= new LayerAnalyzer(chosen, options);
        }

        var rows = analyzer.AnalyzeRows(item.Plan, item.Data.AsSpan(0, item.Length));
        item.Data = null;
        return rows;
    }
}
