using System.Collections.Concurrent;
using GpuSpectral.Checkpoints;
using GpuSpectral.Compute;
using GpuSpectral.Core.Planning;

namespace GpuSpectral.Engine.Tests.Golden;

/// <summary>Runs (and caches) the analysis of a golden case; the analysis is deterministic.</summary>
internal static class GoldenRuns
{
    private static readonly ConcurrentDictionary<(string, string, CompatMode), AnalysisReport> Cache = new();
    private static readonly ConcurrentDictionary<string, Dictionary<string, double[]>> EvalCache = new();

    public static AnalysisReport Run(GoldenCase c, string backend, CompatMode compat) =>
        Cache.GetOrAdd((c.Name, backend, compat), _ =>
        {
            var kind = backend == "lapack" ? EigenBackendKind.Lapack : EigenBackendKind.Managed;
            var analyzer = new Analyzer(EigenBackends.Create(kind, warn: null));
            return analyzer.Analyze(c.InputPath, new AnalysisOptions { Plan = new PlanOptions { Compat = compat } });
        });

    /// <summary>WeightWatcher's eigenvalues per layer, keyed "&lt;layer_id&gt;:&lt;name&gt;" (ascending float64).</summary>
    public static Dictionary<string, double[]> ExpectedEvals(GoldenCase c) =>
        EvalCache.GetOrAdd(c.Name, _ =>
        {
            using var reader = CheckpointOpener.Open(c.EvalsNpz);
            var d = new Dictionary<string, double[]>(StringComparer.Ordinal);
            foreach (var t in reader.Tensors)
            {
                var v = new double[t.ElementCount];
                reader.ReadAsDouble(t, v);
                d[t.Name] = v;
            }

            return d;
        });
}
