using GpuSpectral.Lsa.Diagnostics;
using GpuSpectral.Lsa.Results;
using GpuSpectral.Lsa.Spectrum;

namespace GpuSpectral.Lsa;

/// <summary>
/// An <see cref="LsaResult"/> plus the top singular subspace behind it, for outputs that need U or V (embeddings,
/// top terms, leverage). Vectors exist for the first <see cref="VectorCount"/> components only.
/// </summary>
public sealed class LsaAnalysis
{
    internal LsaAnalysis(TfidfCorpus corpus, LsaResult result, GramEigenpairs pairs, TailSelection tail)
    {
        Corpus = corpus;
        Result = result;
        Pairs = pairs;
        Tail = tail;
    }

    /// <summary>The analysed corpus.</summary>
    public TfidfCorpus Corpus { get; }

    /// <summary>The result (every field filled).</summary>
    public LsaResult Result { get; }

    /// <summary>The top Gram eigenpairs (λ largest first, vectors in document or term space).</summary>
    public GramEigenpairs Pairs { get; }

    /// <summary>The power-law selection with its note (partial fit on a sketch, failure reason).</summary>
    public TailSelection Tail { get; }

    /// <summary>How many singular vectors are available.</summary>
    public int VectorCount => Pairs.Count;

    /// <summary>Unit left singular vectors U_k: documents × k, column-major, largest σ first.</summary>
    /// <exception cref="ArgumentOutOfRangeException">k &gt; <see cref="VectorCount"/>.</exception>
    public double[] LeftSingularVectors(int k) => SingularVectors.Left(Corpus.Matrix, Pairs, k);

    /// <summary>Unit right singular vectors V_k: terms × k, column-major, largest σ first.</summary>
    /// <exception cref="ArgumentOutOfRangeException">k &gt; <see cref="VectorCount"/>.</exception>
    public double[] RightSingularVectors(int k) => SingularVectors.Right(Corpus.Matrix, Pairs, k);

    /// <summary>Document embeddings U_k·Σ_k, documents × k, ROW-major (ready for
    /// <see cref="Embedding.WriteNpy(string, ReadOnlySpan{double}, int, int)"/>).</summary>
    public double[] DocumentEmbedding(int k) =>
        Embedding.Documents(LeftSingularVectors(k), Corpus.Matrix.Rows, Pairs.Values, k);

    /// <summary>Leverage of each document against U_k (sums to k).</summary>
    public double[] DocumentLeverage(int k) => Leverage.Scores(LeftSingularVectors(k), Corpus.Matrix.Rows, k);

    /// <summary>Leverage of each term against V_k (sums to k).</summary>
    public double[] TermLeverage(int k) => Leverage.Scores(RightSingularVectors(k), Corpus.Matrix.Columns, k);
}
