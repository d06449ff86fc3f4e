using GpuSpectral.Core.Planning;
using GpuSpectral.Core.Results;

namespace GpuSpectral.Engine;

/// <summary>The result of analysing one checkpoint.</summary>
public sealed record AnalysisReport
{
    /// <summary>The checkpoint path as given.</summary>
    public required string Path { get; init; }

    /// <summary>Reader format used.</summary>
    public required string Format { get; init; }

    /// <summary>Eigen backend used (name and description).</summary>
    public required string Backend { get; init; }

    /// <summary>Options the numbers depend on.</summary>
    public required AnalysisOptions Options { get; init; }

    /// <summary>One row per analysed layer, in analysis order.</summary>
    public required IReadOnlyList<LayerResult> Layers { get; init; }

    /// <summary>Layers not analysed, each with its reason.</summary>
    public required IReadOnlyList<LayerPlan> Skipped { get; init; }

    /// <summary>Means over <see cref="Layers"/>.</summary>
    public AnalysisSummary Summary => AnalysisSummary.Of(
        [.. Layers],
        (r, name) => name == "mp_softrank" ? r.MarchenkoPastur?.MpSoftRank : null,
        r => r.Phase?.Label);
}
