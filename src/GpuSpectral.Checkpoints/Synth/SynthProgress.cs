namespace GpuSpectral.Checkpoints.Synth;

/// <summary>Progress of a synthetic checkpoint write.</summary>
/// <param name="BytesWritten">Bytes written so far, all shard files together (headers included).</param>
/// <param name="TotalBytes">Bytes of all shard files when done.</param>
/// <param name="CurrentTensor">The tensor being written.</param>
public sealed record SynthProgress(long BytesWritten, long TotalBytes, string CurrentTensor);
