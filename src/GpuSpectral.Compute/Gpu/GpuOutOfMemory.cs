using ILGPU.Runtime;
using ILGPU.Runtime.Cuda;

namespace GpuSpectral.Compute.Gpu;

/// <summary>Recognises device out-of-memory failures (to retry with a smaller batch, then fall back to the CPU).</summary>
public static class GpuOutOfMemory
{
    /// <summary>True for <see cref="OutOfMemoryException"/> (CPU accelerator, host staging), a CUDA
    /// CUDA_ERROR_OUT_OF_MEMORY, or an <see cref="AcceleratorException"/> whose message says out of memory (OpenCL
    /// reports CL_MEM_OBJECT_ALLOCATION_FAILURE / CL_OUT_OF_RESOURCES), also when wrapped as an inner exception.</summary>
    public static bool Is(Exception? e)
    {
        for (; e is not null; e = e.InnerException)
        {
            switch (e)
            {
                case OutOfMemoryException:
                case CudaException c when c.Error.Contains("OUT_OF_MEMORY", StringComparison.Ordinal):
                    return true;
                case AcceleratorException a when a.Message.Contains("out of memory", StringComparison.OrdinalIgnoreCase)
                    || a.Message.Contains("ALLOCATION_FAILURE", StringComparison.OrdinalIgnoreCase)
                    || a.Message.Contains("OUT_OF_RESOURCES", StringComparison.OrdinalIgnoreCase):
                    return true;
            }
        }

        return false;
    }
}
