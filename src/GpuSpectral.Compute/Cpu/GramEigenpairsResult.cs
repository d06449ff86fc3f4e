namespace GpuSpectral.Compute.Cpu;

/// <summary>Every eigenpair of the smaller Gram matrix of one matrix W (see <see cref="GramEigenpairs"/>).</summary>
/// <param name="Values">The n eigenvalues, DESCENDING, in units of W² (the squared singular values of W; the
/// smallest may be about −n·eps·λmax from round-off).</param>
/// <param name="Vectors">n×n column-major: column j (elements [j·n, (j+1)·n)) is the unit eigenvector of
/// <c>Values[j]</c>; its sign is arbitrary. These are right singular vectors of W when <paramref name="GramOfColumns"/>
/// (X = WᵀW), left singular vectors otherwise (X = WWᵀ).</param>
/// <param name="N">Gram order n = min(rows, cols).</param>
/// <param name="GramOfColumns">True when X = WᵀW (rows ≥ cols), false when X = WWᵀ (rows &lt; cols).</param>
public sealed record GramEigenpairsResult(double[] Values, double[] Vectors, int N, bool GramOfColumns);
