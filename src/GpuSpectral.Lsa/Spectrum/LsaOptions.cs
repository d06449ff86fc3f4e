using GpuSpectral.Compute;

namespace GpuSpectral.Lsa;

/// <summary>Options of <see cref="LsaAnalyzer"/>.</summary>
public sealed record LsaOptions
{
    /// <summary>Default <see cref="ExactLimit"/>: a 20,000² Gram matrix is 3.2 GB of float64 and dsyevd on it takes
    /// roughly 15–30 min on two cores.</summary>
    public const int DefaultExactLimit = 20_000;

    /// <summary>Default sketch size when the automatic choice falls back to the randomized method.</summary>
    public const int DefaultSketch = 500;

    /// <summary>Top-k sketch size. Null (default): exact (dense Gram + LAPACK, every eigenvalue) when
    /// min(documents, terms) ≤ <see cref="ExactLimit"/>, else a randomized sketch of <see cref="DefaultSketch"/>
    /// values. A value forces the randomized range finder with that k (clamped to min(documents, terms)).</summary>
    public int? Sketch { get; init; }

    /// <summary>Largest Gram order solved exactly when <see cref="Sketch"/> is null.</summary>
    public int ExactLimit { get; init; } = DefaultExactLimit;

    /// <summary>Randomized range finder oversampling p (≥ 0).</summary>
    public int Oversampling { get; init; } = 10;

    /// <summary>Randomized range finder power iterations q (≥ 0).</summary>
    public int PowerIterations { get; init; } = 2;

    /// <summary>Seed of the Gaussian test matrix.</summary>
    public int Seed { get; init; }

    /// <summary>Number of top singular vectors for the localization ratios (and for U/V in
    /// <see cref="LsaAnalysis"/>). Null: min(2000, dimension), as the FOLDOC reference; a sketch caps it at k.
    /// 0 skips the vectors (KLocalization is then 0).</summary>
    public int? LocalizationVectors { get; init; }

    /// <summary>Eigen backend of the exact path. Auto: LAPACK, else managed with a warning (the CPU, as in
    /// <c>analyze</c>); Lapack; Managed; Cuda: cuSOLVER syevd on the first CUDA GPU (an error when there is none).
    /// Other kinds are not supported here. The sketch path always runs on the CPU.</summary>
    public EigenBackendKind Backend { get; init; } = EigenBackendKind.Auto;
}
