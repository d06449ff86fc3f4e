namespace GpuSpectral.Engine.Compare;

/// <summary>A layer (or adapter tensor) that could not be compared, with the reason.</summary>
/// <param name="Name">Layer name (tensor name without <c>.weight</c>), or the adapter tensor's name.</param>
/// <param name="ShapeA">Shape in checkpoint A as text, or null when absent there.</param>
/// <param name="ShapeB">Shape in checkpoint B as text, or null when absent there.</param>
/// <param name="Reason">Why it was not compared, in plain words.</param>
public sealed record CompareSkip(string Name, string? ShapeA, string? ShapeB, string Reason);
