namespace GpuSpectral.Kernels.Lanczos;

/// <summary>Top-k eigenvalues from <see cref="BlockLanczos"/>.</summary>
/// <param name="Values">k Ritz values, DESCENDING (largest first), in the units of the matrix.</param>
/// <param name="ResidualNorms">‖A·x_i − θ_i·x_i‖₂ for each Ritz pair (x_i unit): |θ_i − λ| ≤ that for some eigenvalue
/// λ.</param>
/// <param name="ConvergedCount">How many of the leading values (largest first, contiguous) have residual ≤
/// tolerance·‖A‖. Values beyond it are estimates only (lower bounds of the true ones, by interlacing).</param>
/// <param name="BasisSize">Columns of the final Krylov basis.</param>
/// <param name="Steps">Block matrix products performed.</param>
/// <param name="NormEstimate">The ‖A‖₂ estimate used by the convergence test (max |θ| and max ‖A·q‖).</param>
public sealed record LanczosResult(
    double[] Values, double[] ResidualNorms, int ConvergedCount, int BasisSize, int Steps, double NormEstimate)
{
    /// <summary>True when every requested value converged.</summary>
    public bool AllConverged => ConvergedCount == Values.Length;
}
