namespace GpuSpectral.Engine;

/// <summary>Progress of a running analysis, reported after each layer.</summary>
/// <param name="LayersDone">Analysed layers finished so far.</param>
/// <param name="LayersTotal">Layers to analyse in all.</param>
/// <param name="CurrentLayer">Name of the layer just finished.</param>
/// <param name="BytesRead">Bytes of tensor data read so far.</param>
/// <param name="BytesTotal">Bytes of tensor data of all layers to analyse.</param>
/// <param name="Elapsed">Time since the analysis started.</param>
public sealed record AnalysisProgress(
    int LayersDone, int LayersTotal, string CurrentLayer, long BytesRead, long BytesTotal, TimeSpan Elapsed)
{
    /// <summary>Estimated time to finish, from the bytes processed so far; null before the first layer.</summary>
    public TimeSpan? Remaining => BytesRead == 0
        ? null
        : TimeSpan.FromTicks((long)(Elapsed.Ticks * ((double)(BytesTotal - BytesRead) / BytesRead)));
}
