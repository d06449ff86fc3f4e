using System.Diagnostics;
using GpuSpectral.Checkpoints;
using GpuSpectral.Compute;
using GpuSpectral.Core.Tensors;

namespace GpuSpectral.Engine.Compare;

/// <summary>
/// <c>compare A B</c>: WeightWatcher's <c>base_model</c> analysis and <c>distances(...)</c>. Layers of A and B are
/// matched by name (see <see cref="PeftAdapter"/> for adapters); for each pair the spectrum and metrics of
/// ΔW = W_A − W_B go through the usual per-layer pipeline (<see cref="LayerAnalyzer"/>), and the raw, euclidean and
/// cka distances are computed on the stored weights. Reads one layer of each side at a time (peak memory ≈ three
/// float64 copies of the largest tensor plus its Gram matrix).
/// </summary>
/// <remarks>
/// Differences from WeightWatcher 0.7.5.5 (weightwatcher-spec.md §a): layers are matched by exact name, not by name
/// containment; a shape mismatch is reported as skipped instead of giving a zero matrix (a transposed 2-D weight is
/// accepted, as in WeightWatcher); the distances are per analysed layer (a part of a split fused weight gets its own),
/// and cka is averaged over conv slices. A zero ΔW (identical layers) keeps its row: all eigenvalues are 0, norm is 0,
/// log_norm is −∞ and the power-law fit fails with its reason (status <c>failed</c>, alpha NaN); cka is 1.
/// LoRA: the adapter side's weight is W_base + scaling·B·A, so ΔW = ±scaling·B·A (+ when the adapter is A), and raw and
/// euclidean are computed from ΔW directly (no cancellation); PEFT's scaling is lora_alpha/r (see
/// <see cref="PeftConfig.Scaling"/>); without adapter_config.json the scaling is 1 and
/// <see cref="CompareReport.ScalingSource"/> says so.
/// </remarks>
public sealed class Comparer(IEigenBackend backend)
{
    /// <summary>Compares checkpoint <paramref name="pathA"/> with <paramref name="pathB"/>.</summary>
    /// <param name="pathA">Checkpoint A (file or folder), or a PEFT adapter.</param>
    /// <param name="pathB">Checkpoint B, or a PEFT adapter (not both adapters).</param>
    /// <param name="options">Options for both sides.</param>
    /// <param name="progress">One report per finished layer, or null.</param>
    /// <param name="cancellationToken">Checked between layers.</param>
    /// <returns>The report; <see cref="CompareReport.Rows"/> is empty when no layer could be compared, and
    /// <see cref="CompareReport.Skipped"/> then says why for every layer.</returns>
    /// <exception cref="GpuSpectral.Core.Errors.CheckpointFormatException">A or B (or adapter_config.json) is
    /// missing or malformed; the message names the file.</exception>
    /// <exception cref="ArgumentException">Both A and B are PEFT adapters.</exception>
    public CompareReport Compare(
        string pathA,
        string pathB,
        CompareOptions options,
        IProgress<AnalysisProgress>? progress = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        using var readerA = CheckpointOpener.Open(pathA, options.Analysis.Format);
        using var readerB = CheckpointOpener.Open(pathB, options.FormatB);
        bool adapterA = PeftAdapter.IsAdapter(readerA), adapterB = PeftAdapter.IsAdapter(readerB);
        if (adapterA && adapterB)
        {
            throw new ArgumentException(
                $"both {pathA} and {pathB} are PEFT LoRA adapters; one of them must be the base model");
        }

        string? side = null, scalingSource = null;
        List<CompareJob> jobs;
        List<CompareSkip> skipped;
        if (adapterA || adapterB)
        {
            var (adapterReader, baseReader) = adapterA ? (readerA, readerB) : (readerB, readerA);
            var config = PeftConfig.ForAdapter(adapterReader.Path);
            var adapter = PeftAdapter.Read(adapterReader, config, options.LoraScaling);
            (jobs, skipped) = LayerMatcher.MatchAdapter(
                Analyzer.Describe(baseReader, options.Analysis.Plan), adapter, adapterA);
            side = adapterA ? "A" : "B";
            scalingSource = DescribeScaling(config, options.LoraScaling);
        }
        else
        {
            (jobs, skipped) = LayerMatcher.MatchPlans(
                Analyzer.Describe(readerA, options.Analysis.Plan), Analyzer.Describe(readerB, options.Analysis.Plan));
        }

        var rows = Run(jobs, readerA, readerB, options, skipped, progress, cancellationToken);
        return new CompareReport
        {
            PathA = pathA,
            PathB = pathB,
            FormatA = readerA.FormatName,
            FormatB = readerB.FormatName,
            AdapterSide = side,
            ScalingSource = scalingSource,
            Backend = $"{backend.Name}: {backend.Description}",
            Options = options,
            Rows = rows,
            Skipped = skipped,
        };
    }

    private static string DescribeScaling(PeftConfig config, double? scalingOverride) =>
        scalingOverride is not null ? "--lora-scaling (given)"
        : config.Path is null ? "no adapter_config.json: lora_alpha taken equal to r, scaling 1"
        : config.LoraAlpha is null ? $"{config.Path} has no lora_alpha: taken equal to r, scaling 1"
        : config.UseRsLora ? $"{config.Path}: lora_alpha/sqrt(r) (use_rslora)"
        : $"{config.Path}: lora_alpha/r";

    private List<CompareRow> Run(
        List<CompareJob> jobs,
        ICheckpointReader readerA,
        ICheckpointReader readerB,
        CompareOptions options,
        List<CompareSkip> skipped,
        IProgress<AnalysisProgress>? progress,
        CancellationToken ct)
    {
        var layer = new LayerAnalyzer(backend, options.Analysis);
        var rows = new List<CompareRow>(jobs.Count);
        var clock = Stopwatch.StartNew();
        var bytesTotal = jobs.Sum(j => j.TensorA.ByteLength);
        long bytes = 0;
        var done = 0;
        foreach (var job in jobs)
        {
            ct.ThrowIfCancellationRequested();
            var (a, b, delta, problem) = job.Source == DeltaSource.Lora
                ? LoadLora(job, job.AdapterIsA ? readerB : readerA, job.AdapterIsA ? readerA : readerB)
                : LoadPlain(job, readerA, readerB);
            MappedPages.ReleaseResident();
            var plan = job.Plan;
            if (problem is not null)
            {
                skipped.Add(new CompareSkip(plan.Name, job.TensorA.ShapeText, job.TensorB?.ShapeText, problem));
            }
            else
            {
                var d = DistanceMath.Compute(plan, a, b, options.Cka);
                if (job.Source == DeltaSource.Lora)
                {
                    // Distances of an adapter from ΔW itself: (W + ΔW) − W would lose digits when ΔW ≪ W.
                    var exact = DistanceMath.Compute(plan, delta, new double[delta.Length], withCka: false);
                    d = d with { Raw = exact.Raw, Euclidean = exact.Euclidean };
                }

                rows.Add(new CompareRow
                {
                    Delta = layer.Analyze(plan, delta),
                    Distances = d,
                    Source = job.Source,
                    LoraScaling = job.Lora?.Scaling ?? double.NaN,
                    LoraRank = job.Lora?.Rank,
                });
            }

            bytes += job.TensorA.ByteLength;
            progress?.Report(new AnalysisProgress(++done, jobs.Count, plan.Name, bytes, bytesTotal, clock.Elapsed));
        }

        return rows;
    }

    /// <summary>Reads W_A and W_B (B transposed when needed) and forms ΔW = W_A − W_B.</summary>
    private static (double[] A, double[] B, double[] Delta, string? Problem) LoadPlain(
        CompareJob job, ICheckpointReader readerA, ICheckpointReader readerB)
    {
        var a = Read(readerA, job.TensorA);
        var b = Read(readerB, job.TensorB!);
        if (job.Source == DeltaSource.WeightsTransposed)
        {
            b = MatrixLayout.Transpose(b, (int)job.TensorB!.Shape[0], (int)job.TensorB.Shape[1]);
        }

        var problem = NonFinite(a, "A") ?? NonFinite(b, "B");
        var delta = new double[a.Length];
        for (var i = 0; i < a.Length; i++)
        {
            delta[i] = a[i] - b[i];
        }

        return (a, b, delta, problem ?? NonFinite(delta, "ΔW"));
    }

    /// <summary>Reads the base weight and the LoRA factors, forms ΔW = ±scaling·B·A and the adapted weight.</summary>
    private static (double[] A, double[] B, double[] Delta, string? Problem) LoadLora(
        CompareJob job, ICheckpointReader baseReader, ICheckpointReader adapterReader)
    {
        var pair = job.Lora!;
        var w = Read(baseReader, job.TensorA);
        var fa = Read(adapterReader, pair.A);
        var fb = Read(adapterReader, pair.B);
        var problem = NonFinite(w, "the base weight") ?? NonFinite(fa, "lora_A") ?? NonFinite(fb, "lora_B");
        var delta = new double[w.Length];
        pair.FormDelta(fa, fb, job.AdapterIsA ? 1.0 : -1.0, delta);
        // The adapted weight W + scaling·B·A is the adapter side; ΔW = W_A − W_B has the sign set above.
        var adapted = new double[w.Length];
        var sign = job.AdapterIsA ? 1.0 : -1.0;
        for (var i = 0; i < w.Length; i++)
        {
            adapted[i] = w[i] + (sign * delta[i]);
        }

        problem ??= NonFinite(delta, "ΔW");
        return job.AdapterIsA ? (adapted, w, delta, problem) : (w, adapted, delta, problem);
    }

    private static double[] Read(ICheckpointReader reader, TensorInfo tensor)
    {
        var data = GC.AllocateUninitializedArray<double>(checked((int)tensor.ElementCount));
        reader.ReadAsDouble(tensor, data);
        return data;
    }

    private static string? NonFinite(double[] data, string what)
    {
        var bad = data.Count(v => !double.IsFinite(v));
        return bad == 0 ? null : $"{what} holds {bad} NaN or infinite values";
    }
}
