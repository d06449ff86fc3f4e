using System.Runtime.InteropServices;
using GpuSpectral.Lsa.Results;
using GpuSpectral.Lsa.Sparse;

namespace GpuSpectral.Lsa.Text;

/// <summary>
/// Text → TF-IDF exactly as scikit-learn 1.2.1's <c>TfidfVectorizer(...).fit_transform</c>: tokens from
/// <see cref="PythonWordTokenizer"/>, vocabulary sorted by code point (Python's str order), raw term counts (or
/// 1 + ln tf), idf = ln((1 + n) / (1 + df)) + 1, each row multiplied by idf and L2-normalised (a row without terms
/// stays zero and counts as an empty document). float64 throughout.
/// </summary>
public sealed class TfidfVectorizer
{
    /// <summary>Creates a vectorizer; <paramref name="options"/> defaults to <see cref="TfidfOptions.Default"/>.</summary>
    public TfidfVectorizer(TfidfOptions? options = null)
    {
        Options = options ?? TfidfOptions.Default;
    }

    /// <summary>The options in use.</summary>
    public TfidfOptions Options { get; }

    /// <summary>Builds the documents × terms TF-IDF matrix; the documents are read once, in order.</summary>
    /// <exception cref="LsaInputException">No documents, an empty vocabulary, or min_df/max_df leave no term.</exception>
    public TfidfCorpus FitTransform(IEnumerable<CorpusDocument> documents) => FitTransform(documents, "corpus");

    /// <summary>As <see cref="FitTransform(IEnumerable{CorpusDocument})"/>, naming <paramref name="source"/> in errors.</summary>
    internal TfidfCorpus FitTransform(IEnumerable<CorpusDocument> documents, string source)
    {
        ArgumentNullException.ThrowIfNull(documents);
        var vocabulary = new Dictionary<string, int>(StringComparer.Ordinal);
        var lookup = vocabulary.GetAlternateLookup<ReadOnlySpan<char>>();
        var stopWords = Options.EnglishStopWords ? EnglishStopWords.Words.GetAlternateLookup<ReadOnlySpan<char>>() : default;
        var useStopWords = Options.EnglishStopWords;
        var terms = new List<string>();
        var ids = new List<string>();
        var rowPointers = new List<int> { 0 };
        var columns = new List<int>();
        var counts = new List<int>();
        var docCount = new int[1024];
        var touched = new List<int>();
        var buffer = Array.Empty<char>();

        foreach (var document in documents)
        {
            ids.Add(document.Id);
            var length = PythonWordTokenizer.LowerInto(document.Text, ref buffer);
            foreach (var token in PythonWordTokenizer.EnumerateTokens(buffer.AsSpan(0, length)))
            {
                if (!lookup.TryGetValue(token, out var id))
                {
                    if (useStopWords && stopWords.Contains(token))
                    {
                        id = -1;
                    }
                    else
                    {
                        id = terms.Count;
                        terms.Add(token.ToString());
                        if (id == docCount.Length)
                        {
                            Array.Resize(ref docCount, 2 * docCount.Length);
                        }
                    }

                    lookup[token] = id;
                }

                if (id < 0)
                {
                    continue;
                }

                if (docCount[id]++ == 0)
                {
                    touched.Add(id);
                }
            }

            foreach (var id in touched)
            {
                columns.Add(id);
                counts.Add(docCount[id]);
                docCount[id] = 0;
            }

            touched.Clear();
            rowPointers.Add(columns.Count);
        }

        var n = ids.Count;
        if (n == 0)
        {
            throw LsaInputException.InFile(source, "empty corpus: no documents");
        }

        if (terms.Count == 0)
        {
            throw LsaInputException.InFile(source, "empty vocabulary: no document has a token of two or more word characters"
                + (useStopWords ? " that is not a stop word" : string.Empty));
        }

        return Build(source, ids, terms, CollectionsMarshal.AsSpan(rowPointers), CollectionsMarshal.AsSpan(columns),
            CollectionsMarshal.AsSpan(counts));
    }

    private TfidfCorpus Build(string source, List<string> ids, List<string> terms, ReadOnlySpan<int> rowPointers,
        ReadOnlySpan<int> columns, ReadOnlySpan<int> counts)
    {
        var n = ids.Count;
        var df = new int[terms.Count];
        foreach (var c in columns)
        {
            df[c]++;
        }

        // min_df / max_df as scikit-learn's CountVectorizer._limit_features.
        var maxCount = Options.MaxDf.Resolve(n);
        var minCount = Options.MinDf.Resolve(n);
        if (maxCount < minCount)
        {
            throw LsaInputException.InFile(source, $"max_df {Options.MaxDf} corresponds to fewer documents than min_df {Options.MinDf}");
        }

        var kept = new List<int>(terms.Count);
        for (var t = 0; t < terms.Count; t++)
        {
            if (df[t] <= maxCount && df[t] >= minCount)
            {
                kept.Add(t);
            }
        }

        if (kept.Count == 0)
        {
            throw LsaInputException.InFile(source, "no terms remain after min_df/max_df pruning; lower min_df or raise max_df");
        }

        var oldIds = kept.ToArray();
        var sortedTerms = new string[oldIds.Length];
        for (var k = 0; k < oldIds.Length; k++)
        {
            sortedTerms[k] = terms[oldIds[k]];
        }

        Array.Sort(sortedTerms, oldIds, CodePointComparer.Instance);
        var newIndex = new int[terms.Count];
        Array.Fill(newIndex, -1);
        var idf = new double[oldIds.Length];
        for (var k = 0; k < oldIds.Length; k++)
        {
            newIndex[oldIds[k]] = k;
            idf[k] = Math.Log((double)(n + 1) / (df[oldIds[k]] + 1)) + 1.0;
        }

        var nnz = 0;
        foreach (var c in columns)
        {
            if (newIndex[c] >= 0)
            {
                nnz++;
            }
        }

        var pointers = new int[n + 1];
        var columnIndices = new int[nnz];
        var values = new double[nnz];
        var empty = 0;
        var p = 0;
        for (var r = 0; r < n; r++)
        {
            var start = p;
            for (var k = rowPointers[r]; k < rowPointers[r + 1]; k++)
            {
                var c = newIndex[columns[k]];
                if (c >= 0)
                {
                    columnIndices[p] = c;
                    values[p] = counts[k];
                    p++;
                }
            }

            pointers[r + 1] = p;
            if (p == start)
            {
                empty++;
                continue;
            }

            var rowColumns = columnIndices.AsSpan(start, p - start);
            var rowValues = values.AsSpan(start, p - start);
            rowColumns.Sort(rowValues);
            var sum = 0.0;
            for (var k = 0; k < rowValues.Length; k++)
            {
                var tf = Options.SublinearTf ? Math.Log(rowValues[k]) + 1.0 : rowValues[k];
                var v = tf * idf[rowColumns[k]];
                rowValues[k] = v;
                sum += v * v;
            }

            var norm = Math.Sqrt(sum);
            for (var k = 0; k < rowValues.Length; k++)
            {
                rowValues[k] /= norm;
            }
        }

        var matrix = new CsrMatrix(n, sortedTerms.Length, pointers, columnIndices, values);
        return new TfidfCorpus(matrix, sortedTerms, [.. ids], empty);
    }
}

/// <summary>Orders strings by Unicode code point, as Python orders str (UTF-16 ordinal order differs when a
/// surrogate pair meets a char in U+E000–U+FFFF).</summary>
internal sealed class CodePointComparer : IComparer<string>
{
    /// <summary>The single instance.</summary>
    public static CodePointComparer Instance { get; } = new();

    /// <inheritdoc/>
    public int Compare(string? x, string? y)
    {
        if (ReferenceEquals(x, y))
        {
            return 0;
        }

        if (x is null)
        {
            return -1;
        }

        if (y is null)
        {
            return 1;
        }

        var i = x.AsSpan().CommonPrefixLength(y);
        if (i == x.Length || i == y.Length)
        {
            return x.Length.CompareTo(y.Length);
        }

        int a = x[i], b = y[i];
        if (a >= 0xD800 && b >= 0xD800)
        {
            a = Fix(a);
            b = Fix(b);
        }

        return a.CompareTo(b);
    }

    private static int Fix(int c) => c >= 0xE000 ? c - 0x800 : c + 0x2000;
}
