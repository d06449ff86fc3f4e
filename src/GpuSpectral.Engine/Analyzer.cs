using System.Diagnostics;
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
    /// <param name="cancellationToken">Checked between layers.</param>
    /// <exception cref="GpuSpectral.Core.Errors.CheckpointFormatException">The checkpoint is malformed.</exception>
    /// <exception cref="OperationCanceledException">Cancelled; rows already passed to
    /// <paramref name="layerDone"/> stay valid.</exception>
    public AnalysisReport Analyze(
        string path,
        AnalysisOptions options,
        IProgress<AnalysisProgress>? progress = null,
        Action<LayerResult>? layerDone = null,
        CancellationToken cancellationToken = default)
    {
        using var reader = CheckpointOpener.Open(path, options.Format);
        var plans = Describe(reader, options.Plan);
        var todo = plans.Where(p => p.IsAnalysed).ToList();
        var skipped = plans.Where(p => !p.IsAnalysed).ToList();
        var layer = new LayerAnalyzer(backend, options);
        var rows = new List<LayerResult>(todo.Count);
        var clock = Stopwatch.StartNew();
        long bytes = 0;
        var done = 0;
        var bytesTotal = todo.Sum(p => p.Tensor.ByteLength);
        double[] buffer = [];
        foreach (var plan in todo)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var n = checked((int)plan.Tensor.ElementCount);
            if (buffer.Length < n)
            {
                buffer = []; // let the old buffer go before allocating the larger one
                buffer = GC.AllocateUninitializedArray<double>(n);
            }

            var data = buffer.AsSpan(0, n);
            reader.ReadAsDouble(plan.Tensor, data);
            MappedPages.ReleaseResident(); // keep resident memory near one tensor, not the whole file
            bytes += plan.Tensor.ByteLength;
            var bad = CountNonFinite(data);
            if (bad > 0)
            {
                skipped.Add(plan with { SkipReason = $"weights hold {bad} NaN or infinite values" });
            }
            else
            {
                foreach (var row in layer.AnalyzeRows(plan, data))
                {
                    rows.Add(row);
                    layerDone?.Invoke(row);
                }
            }

            progress?.Report(new AnalysisProgress(++done, todo.Count, plan.Name, bytes, bytesTotal, clock.Elapsed));
        }

        return new AnalysisReport
        {
            Path = path,
            Format = reader.FormatName,
            Backend = $"{backend.Name}: {backend.Description}",
            Options = options,
            Layers = rows,
            Skipped = skipped,
        };
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
