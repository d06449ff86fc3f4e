namespace GpuSpectral.Kernels.Lanczos;

/// <summary>Settings of <see cref="BlockLanczos"/>.</summary>
public sealed record BlockLanczosOptions
{
    /// <summary>Block size b (vectors per step); 0 = max(4, min(k, 32)). Use at least the largest multiplicity
    /// expected among the wanted eigenvalues.</summary>
    public int BlockSize { get; init; }

    /// <summary>Largest basis (columns of Q); 0 = max(3k, k + 4b); capped at n (then the result is exact).</summary>
    public int MaxBasis { get; init; }

    /// <summary>A Ritz pair counts as converged when ‖A·x − θ·x‖₂ ≤ Tolerance·‖A‖ (‖A‖ estimated from the basis);
    /// default 1e-10, which bounds the eigenvalue error by 1e-10·‖A‖ (and in practice by ~‖r‖²/gap).</summary>
    public double Tolerance { get; init; } = 1e-10;

    /// <summary>Rayleigh–Ritz (and the residual check) every this many block steps, and always at the end.</summary>
    public int CheckEvery { get; init; } = 1;
}
