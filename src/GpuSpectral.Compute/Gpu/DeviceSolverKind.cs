namespace GpuSpectral.Compute.Gpu;

/// <summary>The eigen solvers the GPU backend can hand a device Gram matrix to.</summary>
public enum DeviceSolverKind
{
    /// <summary>cuSOLVER <c>cusolverDnDsyevjBatched</c>: Jacobi, many matrices of order ≤ 32 in one call.</summary>
    CusolverJacobiBatched,

    /// <summary>Our batched Jacobi ILGPU kernel (one matrix per group; small and medium orders).</summary>
    DeviceJacobiBatched,

    /// <summary>Our dense ILGPU solver (Householder tridiagonalization + Sturm bisection).</summary>
    DeviceDense,

    /// <summary>cuSOLVER <c>cusolverDnDsyevd</c> (values only).</summary>
    CusolverSyevd,

    /// <summary>Fallback: download the Gram matrix and solve it with the CPU LAPACK (or managed) solver.</summary>
    HostLapack,
}
