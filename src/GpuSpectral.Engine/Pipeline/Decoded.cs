using GpuSpectral.Core.Planning;

namespace GpuSpectral.Engine.Pipeline;

/// <summary>A decoded tensor in flight; <see cref="Data"/> is dropped as soon as the solver is done with it, so
/// that the collection that follows can free it.</summary>
/// <param name="sequence">Position in the session's to-do list (file order): results are emitted in this order.</param>
/// <param name="plan">The plan (with a skip reason when the weights hold NaN/∞).</param>
/// <param name="data">The decoded float64 values, or null for a skipped tensor.</param>
/// <param name="length">Values of <paramref name="data"/> that belong to the tensor.</param>
/// <param name="bytes">Bytes taken from the host memory budget.</param>
internal sealed class Decoded(int sequence, LayerPlan plan, double[]? data, int length, long bytes)
{
    public int Sequence { get; } = sequence;

    public LayerPlan Plan { get; } = plan;

    public double[]? Data { get; set; } = data;

    public int Length { get; } = length;

    public long Bytes { get; } = bytes;

    /// <summary>Cost of solving it: M·N² + N³ per slice (Gram + eigensolver flops, N the smaller side).</summary>
    public double Cost
    {
        get
        {
            double m = Math.Max(Plan.SliceRows, Plan.SliceCols), n = Math.Min(Plan.SliceRows, Plan.SliceCols);
            return Data is null ? 0 : Plan.SliceCount * ((m * n * n) + (n * n * n));
        }
    }
}
