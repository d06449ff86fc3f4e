using ILGPU;
using ILGPU.Runtime;

namespace GpuSpectral.GpuBench;

/// <summary>One eigenvalue solver under test: how it solves a batch already on the device.</summary>
/// <param name="Name">Row label, e.g. "ILGPU dense fp64".</param>
/// <param name="Single">True when it takes float32 input (the harness uploads a float32 copy).</param>
/// <param name="Solve">Solves count n×n matrices held in the float64 or float32 view (the other view is empty);
/// may overwrite them; returns ascending eigenvalues per matrix.</param>
/// <param name="Session">Creates per-size state made outside the timed region (vendor handles), or null.</param>
internal sealed record EigenVariant(
    string Name,
    bool Single,
    Func<Accelerator, ArrayView1D<double, Stride1D.Dense>, ArrayView1D<float, Stride1D.Dense>, int, int, IDisposable?,
        double[][]> Solve,
    Func<int, int, IDisposable?>? Session = null)
{
    /// <summary>Unit round-off of the working precision.</summary>
    public double U => Single ? HostReference.U32 : HostReference.U64;

    /// <summary>
    /// Relative tolerance of max|λ − λ_LAPACK|/max|λ| at the reference size: 64·n·u. Backward-stable solvers give
    /// ≲ c·n·u·‖A‖ (c of order 1); 64 leaves room for the Jacobi stop test (4·n·u) and the bisection tolerance.
    /// </summary>
    public double Tolerance(int n) => 64.0 * n * U;
}
