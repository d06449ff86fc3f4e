using GpuSpectral.Core.Tensors;

namespace GpuSpectral.Checkpoints.Decoding;

/// <summary>Overflow-checked size arithmetic for declared shapes.</summary>
internal static class TensorSizes
{
    /// <summary>Largest rank accepted by every reader.</summary>
    public const int MaxRank = 8;

    /// <summary>
    /// Computes <c>Π shape</c> and <c>Π shape × SizeInBytes(type)</c>. False when a dimension is negative or a product
    /// does not fit in a signed 64-bit integer.
    /// </summary>
    public static bool TryByteLength(ReadOnlySpan<long> shape, DType type, out long elementCount, out long byteLength)
    {
        elementCount = 1;
        byteLength = 0;
        foreach (var d in shape)
        {
            if (d < 0)
            {
                return false;
            }

            var hi = Math.BigMul(elementCount, d, out var lo);
            if (hi != 0 || lo < 0)
            {
                return false;
            }

            elementCount = lo;
        }

        var h = Math.BigMul(elementCount, DTypeInfo.SizeInBytes(type), out var bytes);
        if (h != 0 || bytes < 0)
        {
            return false;
        }

        byteLength = bytes;
        return true;
    }
}
