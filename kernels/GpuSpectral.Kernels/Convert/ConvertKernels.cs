using ILGPU;

namespace GpuSpectral.Kernels.Convert;

/// <summary>Device kernels that decode raw storage bytes to float64 or float32 (one thread per element).</summary>
internal static class ConvertKernels
{
    /// <summary>dst[i] = decode(element i) in float64.</summary>
    public static void ToFloat64(
        Index1D i, ArrayView<byte> raw, ArrayView<double> dst, int format, int bytesPerElement, double scale) =>
        dst[i] = ElementBits.Decode(raw, (long)(int)i * bytesPerElement, format, scale);

    /// <summary>dst[i] = decode(element i) rounded to float32 (exact for the float formats; the integer formats round
    /// the float64 product value·scale once).</summary>
    public static void ToFloat32(
        Index1D i, ArrayView<byte> raw, ArrayView<float> dst, int format, int bytesPerElement, double scale) =>
        dst[i] = (float)ElementBits.Decode(raw, (long)(int)i * bytesPerElement, format, scale);
}
