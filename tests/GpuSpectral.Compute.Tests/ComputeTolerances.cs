namespace GpuSpectral.Compute.Tests;

/// <summary>Named tolerances for the eigen-backend tests, each with the reason for its size.</summary>
internal static class ComputeTolerances
{
    public const double Eps = 2.220446049250313e-16;

    /// <summary>Σλ vs ‖W‖²_F: the trace of the Gram matrix and the sum of squares are the same n·k products summed in
    /// different orders, and the eigensolver preserves the trace to a few ulps·n; 1e-12 is n·eps for n ≤ ~4500.</summary>
    public const double TraceRelative = 1e-12;

    /// <summary>Round-off floor of Gram eigenvalues in units of eps·n·λmax: dsyrk/dot products and the Householder
    /// tridiagonalisation each contribute O(n·eps·‖X‖) backward error; 10 is a safety factor.</summary>
    public const double NegativeFloorFactor = 10;

    /// <summary>Eigenvalues with a known exact spectrum (diagonal, orthogonal × diagonal), absolute in units of
    /// n·eps·λmax: the orthogonal factors are only orthogonal to ~n·eps, and so on as above.</summary>
    public const double KnownSpectrumFactor = 50;

    /// <summary>LAPACK vs managed on the same W, relative to λmax: both solve the same float64 Gram matrix (formed
    /// in a different summation order) with backward-stable solvers; measured ≲1e-14.</summary>
    public const double BackendAgreementOfLambdaMax = 1e-12;

    /// <summary>Largest eigenvalues vs WeightWatcher's float64 gesdd (squared singular values): relative error of a
    /// Gram eigenvalue λ is ~n·eps·λmax/λ, so eigenvalues ≥ <see cref="TopFraction"/>·λmax agree to ~1e-11.</summary>
    public const double TopRelative = 1e-10;

    /// <summary>Which eigenvalues count as "top" for <see cref="TopRelative"/>: λ ≥ 1e-2·λmax.</summary>
    public const double TopFraction = 1e-2;

    /// <summary>All eigenvalues vs WeightWatcher, absolute in units of λmax: the Gram path squares the condition
    /// number, so small eigenvalues are only known to ~n·eps·λmax ≈ 1e-13 for n ≤ 600.</summary>
    public const double AllAbsoluteOfLambdaMax = 1e-12;
}
