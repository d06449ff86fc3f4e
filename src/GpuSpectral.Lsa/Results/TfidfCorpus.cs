using GpuSpectral.Lsa.Sparse;

namespace GpuSpectral.Lsa.Results;

/// <summary>A TF-IDF term–document matrix with its vocabulary and document ids.</summary>
/// <param name="Matrix">Documents × terms, L2-normalised rows (scikit-learn's TfidfVectorizer conventions).</param>
/// <param name="Terms">Vocabulary in column order (ordinal sort of the terms, as scikit-learn sorts them).</param>
/// <param name="DocumentIds">One id per row (the TSV id, the file name, or the row number for .mtx input).</param>
/// <param name="EmptyDocuments">Documents that produced no term (all-zero rows).</param>
public sealed record TfidfCorpus(CsrMatrix Matrix, string[] Terms, string[] DocumentIds, int EmptyDocuments);
