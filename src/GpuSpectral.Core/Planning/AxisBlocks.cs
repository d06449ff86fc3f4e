namespace GpuSpectral.Core.Planning;

/// <summary>
/// A selection of rows (axis 0) or columns (axis 1) of a 2-D weight: the indices
/// <c>Offset + b·Stride + i</c> for b &lt; <see cref="BlockCount"/> and i &lt; <see cref="BlockSize"/>. A
/// contiguous third of a fused QKV matrix is one block; per-head interleaved Q/K/V are many.
/// </summary>
/// <param name="Axis">0 for rows, 1 for columns.</param>
/// <param name="Offset">First selected index.</param>
/// <param name="BlockSize">Consecutive indices per block.</param>
/// <param name="Stride">Distance between the starts of consecutive blocks.</param>
/// <param name="BlockCount">Number of blocks.</param>
public sealed record AxisBlocks(int Axis, int Offset, int BlockSize, int Stride, int BlockCount)
{
    /// <summary>Number of selected indices.</summary>
    public int Count => BlockSize * BlockCount;

    /// <summary>One contiguous range [offset, offset + count).</summary>
    public static AxisBlocks Range(int axis, int offset, int count) => new(axis, offset, count, count, 1);

    /// <summary>The k-th selected index.</summary>
    public int this[int k] => Offset + (k / BlockSize * Stride) + (k % BlockSize);
}
