namespace GpuSpectral.Core.Spectral.Vectors;

/// <summary>
/// Per-eigenvector metrics of one layer (all its matrices/slices pooled), aligned by index: entry i of every array
/// belongs to the eigenpair with eigenvalue <see cref="Eigenvalues"/>[i]. This is what WeightWatcher's
/// <c>vectors=True</c> computes before splitting at xmin (weightwatcher-spec.md §b.7), kept whole for plots (for
/// example the localization ratio against the eigenvalue).
/// </summary>
public sealed record EigenvectorSpectrum
{
    /// <summary>Eigenvalues of the smaller Gram matrix (units of W²), in the order the pairs were given.</summary>
    public required double[] Eigenvalues { get; init; }

    /// <summary>‖v‖₁/‖v‖∞ per eigenvector (dimensionless, in [1, n]).</summary>
    public required double[] LocalizationRatios { get; init; }

    /// <summary>‖v‖₂/‖v‖₄ per eigenvector (dimensionless, in [1, n^¼]).</summary>
    public required double[] ParticipationRatios { get; init; }

    /// <summary>WeightWatcher's discrete entropy per eigenvector (nats, in [0, ln 100]).</summary>
    public required double[] Entropies { get; init; }

    /// <summary>Number of eigenpairs.</summary>
    public int Count => Eigenvalues.Length;

    /// <summary>
    /// Metrics of every eigenvector of one matrix, from eigenpairs as <c>ISymmetricEigenSolver</c> returns them.
    /// </summary>
    /// <param name="eigenvalues">k eigenvalues (any order; units of W²).</param>
    /// <param name="vectors">n×k column-major: column j (elements [j·n, (j+1)·n)) is the eigenvector of
    /// <paramref name="eigenvalues"/>[j]. Sign and norm do not matter (all three metrics are sign-free and the
    /// ratios scale-free; the entropy assumes unit vectors, which is what solvers return).</param>
    /// <param name="n">Vector length (the Gram order).</param>
    /// <exception cref="ArgumentException">The array lengths do not match, or a vector holds NaN/±∞.</exception>
    public static EigenvectorSpectrum FromEigenpairs(double[] eigenvalues, double[] vectors, int n)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(n, 1);
        var k = eigenvalues.Length;
        if ((long)n * k != vectors.Length)
        {
            throw new ArgumentException(
                $"{k} eigenvectors of length {n} need {(long)n * k} elements but the array holds {vectors.Length}.",
                nameof(vectors));
        }

        var loc = new double[k];
        var part = new double[k];
        var entropy = new double[k];
        for (var j = 0; j < k; j++)
        {
            var v = vectors.AsSpan(j * n, n);
            loc[j] = EigenvectorMetrics.LocalizationRatio(v);
            part[j] = EigenvectorMetrics.ParticipationRatio(v);
            entropy[j] = EigenvectorMetrics.DiscreteEntropy(v);
        }

        return new EigenvectorSpectrum
        {
            Eigenvalues = (double[])eigenvalues.Clone(),
            LocalizationRatios = loc,
            ParticipationRatios = part,
            Entropies = entropy,
        };
    }

    /// <summary>The pairs of several matrices (conv slices) pooled, in the given order, as WeightWatcher extends its
    /// lists slice by slice.</summary>
    /// <param name="parts">One spectrum per matrix.</param>
    public static EigenvectorSpectrum Concat(IEnumerable<EigenvectorSpectrum> parts)
    {
        var list = parts.ToList();
        return new EigenvectorSpectrum
        {
            Eigenvalues = [.. list.SelectMany(p => p.Eigenvalues)],
            LocalizationRatios = [.. list.SelectMany(p => p.LocalizationRatios)],
            ParticipationRatios = [.. list.SelectMany(p => p.ParticipationRatios)],
            Entropies = [.. list.SelectMany(p => p.Entropies)],
        };
    }
}
