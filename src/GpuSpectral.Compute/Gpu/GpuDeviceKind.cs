namespace GpuSpectral.Compute.Gpu;

/// <summary>The ILGPU accelerator families the GPU layer can run on.</summary>
public enum GpuDeviceKind
{
    /// <summary>NVIDIA GPU through ILGPU's CUDA backend (needs the CUDA driver, libcuda).</summary>
    Cuda,

    /// <summary>OpenCL GPU through ILGPU's OpenCL backend (needs OpenCL ≥ 2.0 with generic address space and fp64);
    /// untested in this project.</summary>
    OpenCl,

    /// <summary>ILGPU's CPU accelerator: an emulator for tests, ~100× slower than plain C#; only when asked for.</summary>
    IlgpuCpu,
}
