namespace GpuSpectral.Lsa.Results;

/// <summary>
/// Eigenvalues of XᵀX that can be non-zero (those of the smaller Gram matrix) of a term–document matrix X, and the
/// top eigenvectors in document space when they were asked for.
/// </summary>
public sealed record LsaSpectrum
{
    /// <summary>Eigenvalues, ascending. All min(docs, terms) of them when <see cref="Exact"/>; otherwise only the
    /// top <see cref="Eigenvalues"/>.Length computed ones.</summary>
    public required double[] Eigenvalues { get; init; }

    /// <summary>True when every eigenvalue was computed (dense Gram + LAPACK); false for a top-k sketch.</summary>
    public required bool Exact { get; init; }

    /// <summary>How the spectrum was computed, for the output (e.g. "dense Gram XXᵀ 12006² + dsyevd").</summary>
    public required string Method { get; init; }

    /// <summary>The solver that actually ran: <c>lapack</c>, <c>managed</c>, <c>cusolver</c> (exact) or
    /// <c>randomized</c> (sketch).</summary>
    public string Backend { get; init; } = "";

    /// <summary>Number of rows/columns of the smaller Gram matrix (min(docs, terms)).</summary>
    public required int Dimension { get; init; }

    /// <summary>Σλ over all eigenvalues = ‖X‖²_F (known even for a sketch).</summary>
    public required double Trace { get; init; }
}
