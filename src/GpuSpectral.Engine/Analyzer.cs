using System.Runtime.CompilerServices;
using GpuSpectral.Checkpoints;
using GpuSpectral.Compute;
using GpuSpectral.Core.Planning;
using GpuSpectral.Core.Results;

namespace GpuSpectral.Engine;

/// <summary>
/// Library entry point: opens a checkpoint, plans its layers and analyses them one at a time, reading one tensor
/// at a time (peak memory ≈ the largest tensor in float64 plus its Gram matrix).
/// </summary>
public sealed class Analyzer(IEigenBackend backend)
{
    /// <summary>Plans a checkpoint's layers without any maths (the <c>describe</c> command).</summary>
    /// <param name="reader">An open checkpoint.</param>
    /// <param name="options">Planning options.</param>
    public static IReadOnlyList<LayerPlan> Describe(ICheckpointReader reader, PlanOptions options)
    {
        var isFolder = Directory.Exists(reader.Path);
        var layout = new CheckpointLayout(
            isFolder,
            IsSingleSafetensors: !isFolder && reader.FormatName == "safetensors",
            HasShardIndex: isFolder && File.Exists(System.IO.Path.Combine(reader.Path, "model.safetensors.index.json")));
        if (options.Config == ModelConfig.None && (options.SplitFused || options.SplitGates))
        {
            options = options with { Config = ModelConfigReader.ForCheckpoint(reader.Path) };
        }

        return LayerPlanner.Plan(reader.Tensors, layout, options);
    }

    /// <summary>Analyses every planned layer of the checkpoint at <paramref name="path"/>.</summary>
    /// <param name="path">A checkpoint file or sharded folder.</param>
    /// <param name="options">Analysis options.</param>
    /// <param name="progress">Receives one report per finished layer, or null.</param>
    /// <param name="layerDone">Called with each row as soon as it is computed, or null.</param>
    /// <param name="run">Shard, layers already done and memory budget; null for a whole run.</param>
    /// <param name="cancellationToken">Checked between layers.</param>
    /// <exception cref="GpuSpectral.Core.Errors.CheckpointFormatException">The checkpoint is malformed.</exception>
    /// <exception cref="OperationCanceledException">Cancelled; rows already passed to
    /// <paramref name="layerDone"/> stay valid.</exception>
    public AnalysisReport Analyze(
        string path,
        AnalysisOptions options,
        IProgress<AnalysisProgress>? progress = null,
        Action<LayerResult>? layerDone = null,
        RunOptions? run = null,
        CancellationToken cancellationToken = default)
    {
        using var session = AnalysisSession.Open(backend, path, options, run ?? new RunOptions());
        var rows = new List<LayerResult>(session.Todo.Count);
        foreach (var row in session.Rows(progress, cancellationToken).ToBlockingEnumerable(cancellationToken))
        {
            rows.Add(row);
            layerDone?.Invoke(row);
        }

        return session.Report(path, rows);
    }

    /// <summary>
    /// Streams the rows of every planned layer of the checkpoint at <paramref name="path"/> as they are computed;
    /// reading the next tensors overlaps the solver (<see cref="AnalysisSession"/>).
    /// </summary>
    /// <param name="path">A checkpoint file or sharded folder.</param>
    /// <param name="options">Analysis options.</param>
    /// <param name="progress">Receives one report per finished layer, or null.</param>
    /// <param name="cancellationToken">Stops the reader and the solver between layers.</param>
    /// <exception cref="GpuSpectral.Core.Errors.CheckpointFormatException">The checkpoint is malformed.</exception>
    public async IAsyncEnumerable<LayerResult> AnalyzeAsync(
        string path,
        AnalysisOptions options,
        IProgress<AnalysisProgress>? progress = null,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        using var session = AnalysisSession.Open(backend, path, options, new RunOptions());
        await foreach (var row in session.Rows(progress, cancellationToken).ConfigureAwait(false))
        {
            yield return row;
        }
    }
}
