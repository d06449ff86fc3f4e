namespace GpuSpectral.Compute.Gpu;

/// <summary>Arithmetic of the Gram matrix on the device. The eigen solve is float64 either way.</summary>
public enum GpuPrecision
{
    /// <summary>Inputs widened to float64, float64 accumulation (default; matches the CPU path to ~1e-13).</summary>
    Fp64,

    /// <summary>float32 inputs and float32 accumulation (entry error ~depth·2⁻²⁴ relative): faster on consumer GPUs,
    /// not exact; reported in the backend description.</summary>
    Fp32,
}
