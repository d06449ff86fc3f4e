namespace GpuSpectral.Compute.Gpu;

/// <summary>
/// THE one place that decides, per matrix order, batch size and precision, which Gram kernel and which eigen solver
/// run on a device. Rules, first match wins (solvers that are not available are skipped):
/// <list type="number">
/// <item>batch-invariant mode (the analysis session: a row must not depend on how layers happened to be batched) and
/// order ≤ <see cref="DeviceJacobiMaxOrder"/> → our batched Jacobi kernel, whatever the batch size.</item>
/// <item>order ≤ <see cref="CusolverJacobiMaxOrder"/> (cuSOLVER's limit) and batch ≥ 2 → cuSOLVER syevjBatched
/// (one call for the whole batch; tiny matrices are launch-bound).</item>
/// <item>order ≤ <see cref="DeviceJacobiMaxOrder"/> and batch ≥ 2 → our batched Jacobi kernel (a whole matrix in one
/// group's shared memory: 512² doubles = 2 MiB does not fit, so it streams; quadratic convergence, no
/// tridiagonalization).</item>
/// <item>cuSOLVER syevd, any order (where CUDA and cuSOLVER load).</item>
/// <item>our dense device solver (Householder + bisection), any order: the path on OpenCL and without cuSOLVER. It
/// tridiagonalizes in one thread group, so on an H100 it is far slower than syevd at the orders of LLM layers
/// (2026-11-22: a 2-block LLaMA-7B-shaped checkpoint did not finish in 9 minutes with it first; bench/RESULTS.md
/// §12), hence second.</item>
/// <item>host LAPACK fallback: download the n² Gram and solve on the CPU.</item>
/// </list>
/// Precision chooses only the Gram kernel (<see cref="GpuPrecision.Fp64"/>: float64 accumulation;
/// <see cref="GpuPrecision.Fp32"/>: float32); every solver works in float64 on the float64 Gram matrix.
/// Batch size: <see cref="MaxBatch"/> matrices of one shape per launch, bounded by device memory
/// (<see cref="BatchFor"/>); on out-of-memory the backend halves it, and at 1 falls back to the CPU.
/// </summary>
public static class BackendChoice
{
    /// <summary>cusolverDnDsyevjBatched accepts n ≤ 32.</summary>
    public const int CusolverJacobiMaxOrder = 32;

    /// <summary>Largest order sent to our batched Jacobi kernel. gpu-eigensolvers.md §5 expected Jacobi to win below
    /// ~512; on the H100 (bench/RESULTS.md §12, 1000 matrices) it beat looping cuSOLVER dsyevd 15× at n = 32, 9× at 64
    /// and 1.4× at 128, and lost at 256 (0.27×), so the limit is 128.</summary>
    public const int DeviceJacobiMaxOrder = 128;

    /// <summary>Most matrices formed and solved together.</summary>
    public const int MaxBatch = 256;

    /// <summary>Share of device memory a batch may use (W, X and the solver's workspace of every matrix).</summary>
    public const double MemoryShare = 0.5;

    /// <summary>The solver for a batch of <paramref name="batch"/> matrices of order <paramref name="order"/>.</summary>
    /// <param name="order">n = min(rows, cols), ≥ 1.</param>
    /// <param name="batch">Matrices solved together, ≥ 1.</param>
    /// <param name="available">Whether a solver kind can run here (e.g. cuSOLVER loaded, a CUDA device).</param>
    /// <returns>The first rule that matches and is available; <see cref="DeviceSolverKind.HostLapack"/> always is.</returns>
    /// <param name="batchInvariant">The same solver for a matrix whether it comes alone or in a batch (first rule).</param>
    /// <exception cref="ArgumentOutOfRangeException">order or batch &lt; 1.</exception>
    public static DeviceSolverKind Solver(
        int order, int batch, Func<DeviceSolverKind, bool> available, bool batchInvariant = false)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(order, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(batch, 1);
        ArgumentNullException.ThrowIfNull(available);
        if (batchInvariant && order <= DeviceJacobiMaxOrder && available(DeviceSolverKind.DeviceJacobiBatched))
        {
            return DeviceSolverKind.DeviceJacobiBatched;
        }

        if (order <= CusolverJacobiMaxOrder && batch >= 2 && available(DeviceSolverKind.CusolverJacobiBatched))
        {
            return DeviceSolverKind.CusolverJacobiBatched;
        }

        if (order <= DeviceJacobiMaxOrder && batch >= 2 && available(DeviceSolverKind.DeviceJacobiBatched))
        {
            return DeviceSolverKind.DeviceJacobiBatched;
        }

        foreach (var kind in (DeviceSolverKind[])[DeviceSolverKind.CusolverSyevd, DeviceSolverKind.DeviceDense])
        {
            if (available(kind))
            {
                return kind;
            }
        }

        return DeviceSolverKind.HostLapack;
    }

    /// <summary>Gram kernel name for <paramref name="precision"/>, as shown in descriptions.</summary>
    public static string GramKernel(GpuPrecision precision) => precision == GpuPrecision.Fp32
        ? "fp32 Gram (float32 inputs and accumulation)"
        : "fp64 Gram (float64 accumulation)";

    /// <summary>How many rows×cols matrices to process together on a device with <paramref name="memoryBytes"/>
    /// bytes: at most <see cref="MaxBatch"/>, within <see cref="MemoryShare"/> of the memory (W as float64, X, and
    /// as much again for the solver), at least 1.</summary>
    public static int BatchFor(int rows, int cols, long memoryBytes)
    {
        var n = (long)Math.Min(rows, cols);
        var perMatrix = 8L * (((long)rows * cols) + (2 * n * n));
        var fit = memoryBytes <= 0 ? 1 : (long)(memoryBytes * MemoryShare / Math.Max(perMatrix, 1));
        return (int)Math.Clamp(fit, 1, MaxBatch);
    }
}
