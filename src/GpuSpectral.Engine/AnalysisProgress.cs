namespace GpuSpectral.Engine;

/// <summary>Progress of a running analysis, reported after each layer.</summary>
/// <param name="LayersDone">Analysed layers finished so far.</param>
/// <param name="LayersTotal">Layers to analyse in all.</param>
/// <param name="CurrentLayer">Name of the layer just finished.</param>
/// <param name="BytesRead">Bytes of tensor data read so far.</param>
/// <param name="Elapsed">Time since the analysis started.</param>
public sealed record AnalysisProgress(
    int LayersDone, int LayersTotal, string CurrentLayer, long BytesRead, TimeSpan Elapsed)
{
    /// <summary>Estimated time to finish, from the mean time per layer so far; null before the first layer.</summary>
    public TimeSpan? Remaining => LayersDone == 0
        ? null
        : TimeSpan.FromTicks(Elapsed.Ticks / LayersDone * (LayersTotal - LayersDone));
}
