using ILGPU;
using ILGPU.Runtime;

namespace GpuSpectral.Kernels.Lanczos;

/// <summary>
/// Rayleigh–Ritz on the first m basis vectors: H = Qᵀ(AQ) on the device, its eigen-decomposition on the host, then
/// the top-k Ritz vectors x = Qy and true residuals r = (AQ)y − θ·x on the device.
/// </summary>
internal sealed class RayleighRitz(
    Accelerator accelerator, LanczosKernels kernels, int n, ArrayView<double> q, ArrayView<double> aq, int k)
{
    /// <summary>Top-k Ritz values (descending) and their residual norms ‖A·x − θ·x‖₂.</summary>
    public (double[] Values, double[] Residuals) Compute(int m)
    {
        using var h = accelerator.Allocate1D<double>((long)m * m);
        kernels.Inner(new Index2D(m, m), q, aq, h.View.AsContiguous(), n, m);
        accelerator.Synchronize();
        var (theta, y) = HostSymmetricJacobi.Solve(BlockOrthonormalizer.Symmetrized(h.GetAsArray1D(), m), m);

        var values = new double[k];
        var selected = new double[m * k];
        var shift = new double[k * k];
        for (var t = 0; t < k; t++)
        {
            var col = m - 1 - t;
            values[t] = theta[col];
            shift[(t * k) + t] = theta[col];
            for (var i = 0; i < m; i++)
            {
                selected[(i * k) + t] = y[(i * m) + col];
            }
        }

        using var yBuffer = accelerator.Allocate1D(selected);
        using var shiftBuffer = accelerator.Allocate1D(shift);
        using var x = accelerator.Allocate1D<double>((long)n * k);
        using var r = accelerator.Allocate1D<double>((long)n * k);
        using var rr = accelerator.Allocate1D<double>((long)k * k);
        var extent = new Index2D(n, k);
        kernels.Gemm(extent, q, yBuffer.View.AsContiguous(), x.View.AsContiguous(), n, m, k, 1.0, 0.0);
        kernels.Gemm(extent, aq, yBuffer.View.AsContiguous(), r.View.AsContiguous(), n, m, k, 1.0, 0.0);
        kernels.Gemm(extent, x.View.AsContiguous(), shiftBuffer.View.AsContiguous(), r.View.AsContiguous(), n, k, k,
            -1.0, 1.0);
        kernels.Inner(new Index2D(k, k), r.View.AsContiguous(), r.View.AsContiguous(), rr.View.AsContiguous(), n, k);
        accelerator.Synchronize();
        var gram = rr.GetAsArray1D();
        var residuals = new double[k];
        for (var t = 0; t < k; t++)
        {
            residuals[t] = Math.Sqrt(Math.Max(0.0, gram[(t * k) + t]));
        }

        return (values, residuals);
    }
}
