namespace GpuSpectral.Kernels.Jacobi;

/// <summary>Outcome of a batched Jacobi solve for one matrix.</summary>
public enum JacobiOutcome
{
    /// <summary>‖off(A)‖_F ≤ tolerance·‖A‖_F was reached.</summary>
    Converged,

    /// <summary>The sweep cap was reached first; the eigenvalues are reported as NaN.</summary>
    NotConverged,

    /// <summary>The matrix held NaN or ±∞; the eigenvalues are NaN.</summary>
    NotFinite,
}

/// <summary>Eigen-decomposition of one matrix of a batch.</summary>
/// <param name="Values">n eigenvalues, ascending, in the units of the input; all NaN unless
/// <paramref name="Outcome"/> is <see cref="JacobiOutcome.Converged"/>.</param>
/// <param name="Vectors">n×n column-major (column j = unit eigenvector of <c>Values[j]</c>, sign arbitrary), or null
/// when vectors were not requested or the solve did not converge.</param>
/// <param name="Sweeps">Sweeps performed (0 for an already diagonal matrix), −1 when not converged or not finite.</param>
/// <param name="Outcome">Convergence status.</param>
public sealed record JacobiResult(double[] Values, double[]? Vectors, int Sweeps, JacobiOutcome Outcome);
