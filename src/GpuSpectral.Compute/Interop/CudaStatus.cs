namespace GpuSpectral.Compute.Interop;

/// <summary>Status codes and constants shared by the cuSOLVER and cuBLAS bindings (values from the CUDA headers
/// cusolver_common.h / cublas_api.h, stable since CUDA 8).</summary>
internal static class CudaStatus
{
    /// <summary>CUSOLVER_STATUS_SUCCESS / CUBLAS_STATUS_SUCCESS.</summary>
    public const int Success = 0;

    /// <summary>CUSOLVER_EIG_MODE_NOVECTOR.</summary>
    public const int EigModeNoVector = 0;

    /// <summary>CUSOLVER_EIG_MODE_VECTOR.</summary>
    public const int EigModeVector = 1;

    /// <summary>CUBLAS_FILL_MODE_LOWER.</summary>
    public const int FillLower = 0;

    /// <summary>CUBLAS_FILL_MODE_UPPER.</summary>
    public const int FillUpper = 1;

    /// <summary>CUBLAS_OP_N.</summary>
    public const int OpN = 0;

    /// <summary>CUBLAS_OP_T.</summary>
    public const int OpT = 1;

    /// <summary>Throws when a cuSOLVER/cuBLAS call did not return success.</summary>
    /// <exception cref="InvalidOperationException">The call failed; the message names it and the status.</exception>
    public static void Check(int status, string call)
    {
        if (status != Success)
        {
            throw new InvalidOperationException($"{call} failed with status {status}.");
        }
    }
}
