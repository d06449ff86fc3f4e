namespace GpuSpectral.Lsa.Spectrum;

/// <summary>The top eigenpairs of the Gram matrix on one side of X (documents × terms).</summary>
/// <param name="Values">λ = σ², largest first (units: squared entries of X); length Count.</param>
/// <param name="Vectors">Order × Count column-major: column j (elements [j·Order, (j+1)·Order)) is the unit eigenvector
/// of <c>Values[j]</c>: a left singular vector uⱼ (document space) when <paramref name="Side"/> is
/// <see cref="GramSide.Documents"/>, a right singular vector vⱼ (term space) when it is <see cref="GramSide.Terms"/>.
/// Signs are arbitrary.</param>
/// <param name="Order">Length of each vector (documents or terms).</param>
/// <param name="Side">The space the vectors live in.</param>
public sealed record GramEigenpairs(double[] Values, double[] Vectors, int Order, GramSide Side)
{
    /// <summary>Number of pairs.</summary>
    public int Count => Values.Length;
}
