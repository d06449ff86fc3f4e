namespace GpuSpectral.Core.Phases;

/// <summary>
/// The rank-loss count of phases-of-training.md §0/§4 with a storage-aware tolerance: per matrix, the singular values
/// s ≤ τ·s_max with τ = max(max(N, M)·ε₆₄, ε_store). WeightWatcher's <c>rank_loss</c> uses τ = N·ε₆₄ only, which
/// misses the exact zeros of a low-rank matrix stored in float32/float16/bfloat16: rounding leaves them at
/// ≈ 0.1·ε_store·s_max, far above N·ε₆₄·s_max.
/// </summary>
public static class RankLossFraction
{
    /// <summary>float64 machine epsilon 2⁻⁵².</summary>
    public const double Float64Epsilon = 2.220446049250313e-16;

    /// <summary>float32 machine epsilon 2⁻²³.</summary>
    public const double Float32Epsilon = 1.1920928955078125e-07;

    /// <summary>float16 machine epsilon 2⁻¹⁰.</summary>
    public const double Float16Epsilon = 9.765625e-04;

    /// <summary>bfloat16 machine epsilon 2⁻⁷.</summary>
    public const double BFloat16Epsilon = 7.8125e-03;

    /// <summary>Number of singular values ≤ τ·s_max summed over the layer's matrices.</summary>
    /// <param name="sliceEigenvalues">Eigenvalues λ = s² of each matrix (any order; negative round-off counts as
    /// 0).</param>
    /// <param name="n">N = max(rows, cols) of the layer.</param>
    /// <param name="storeEpsilon">Machine epsilon of the stored dtype (for example <see cref="Float32Epsilon"/>);
    /// <see cref="Float64Epsilon"/> or 0 for float64 weights.</param>
    public static int Count(IEnumerable<double[]> sliceEigenvalues, int n, double storeEpsilon)
    {
        var tau = Math.Max(n * Float64Epsilon, storeEpsilon);
        var lost = 0;
        foreach (var evals in sliceEigenvalues)
        {
            var sMax = evals.Length == 0 ? 0 : Math.Sqrt(Math.Max(0, evals.Max()));
            lost += evals.Count(l => Math.Sqrt(Math.Max(0, l)) <= tau * sMax);
        }

        return lost;
    }
}
