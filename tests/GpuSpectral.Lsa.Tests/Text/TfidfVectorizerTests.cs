using GpuSpectral.Lsa.Results;
using GpuSpectral.Lsa.Text;

namespace GpuSpectral.Lsa.Tests.Text;

/// <summary>A small corpus checked against scikit-learn's formulas written out by hand.</summary>
public sealed class TfidfVectorizerTests
{
    private static readonly string[] Texts = ["The cat sat on the mat.", "the dog sat", string.Empty, "x"];

    private static TfidfCorpus Fit(TfidfOptions? options = null) =>
        new TfidfVectorizer(options).FitTransform(Texts.Select((t, i) => new CorpusDocument($"d{i}", t)));

    private static double Idf(int n, int df) => Math.Log((1.0 + n) / (1.0 + df)) + 1.0;

    private static Dictionary<string, double> Row(TfidfCorpus corpus, int r)
    {
        var m = corpus.Matrix;
        var row = new Dictionary<string, double>();
        for (var k = m.RowPointers[r]; k < m.RowPointers[r + 1]; k++)
        {
            row[corpus.Terms[m.ColumnIndices[k]]] = m.Values[k];
        }

        return row;
    }

    [Fact]
    public void Defaults_match_the_hand_formula()
    {
        var corpus = Fit();
        Assert.Equal(["cat", "dog", "mat", "on", "sat", "the"], corpus.Terms);
        Assert.Equal(["d0", "d1", "d2", "d3"], corpus.DocumentIds);
        Assert.Equal(2, corpus.EmptyDocuments);
        Assert.Equal(4, corpus.Matrix.Rows);
        Assert.Equal([0, 5, 8, 8, 8], corpus.Matrix.RowPointers);

        // n = 4 documents (the empty ones count): df 1 → ln(5/2) + 1, df 2 → ln(5/3) + 1.
        double a = Idf(4, 1), b = Idf(4, 2);
        var norm0 = Math.Sqrt((3 * a * a) + (b * b) + (4 * b * b));
        var row0 = Row(corpus, 0);
        Assert.Equal(a / norm0, row0["cat"], 15);
        Assert.Equal(a / norm0, row0["mat"], 15);
        Assert.Equal(a / norm0, row0["on"], 15);
        Assert.Equal(b / norm0, row0["sat"], 15);
        Assert.Equal(2 * b / norm0, row0["the"], 15);

        var norm1 = Math.Sqrt((a * a) + (2 * b * b));
        var row1 = Row(corpus, 1);
        Assert.Equal(a / norm1, row1["dog"], 15);
        Assert.Equal(b / norm1, row1["sat"], 15);
        Assert.Equal(b / norm1, row1["the"], 15);
        Assert.Equal([0, 2, 3, 4, 5, 1, 4, 5], corpus.Matrix.ColumnIndices);
    }

    [Fact]
    public void Sublinear_tf_uses_one_plus_log()
    {
        var row0 = Row(Fit(new TfidfOptions { SublinearTf = true }), 0);
        double a = Idf(4, 1), b = Idf(4, 2), the = (1 + Math.Log(2)) * b;
        var norm = Math.Sqrt((3 * a * a) + (b * b) + (the * the));
        Assert.Equal(the / norm, row0["the"], 15);
        Assert.Equal(a / norm, row0["cat"], 15);
    }

    [Fact]
    public void Min_df_count_keeps_terms_in_two_documents()
    {
        var corpus = Fit(new TfidfOptions { MinDf = DocumentFrequency.Count(2) });
        Assert.Equal(["sat", "the"], corpus.Terms);
        var row0 = Row(corpus, 0);
        var b = Idf(4, 2); // idf is unchanged by pruning
        Assert.Equal(1 / Math.Sqrt(5), row0["sat"], 15);
        Assert.Equal(2 / Math.Sqrt(5), row0["the"], 15);
        Assert.True(b > 1);
    }

    [Fact]
    public void Max_df_proportion_drops_common_terms()
    {
        // 0.4 · 4 = 1.6 documents: only the df-1 terms stay.
        var corpus = Fit(new TfidfOptions { MaxDf = DocumentFrequency.Proportion(0.4) });
        Assert.Equal(["cat", "dog", "mat", "on"], corpus.Terms);
        Assert.Equal(2, corpus.EmptyDocuments);
        Assert.Equal(1.0, Row(corpus, 1)["dog"], 15);
    }

    [Fact]
    public void English_stop_words_are_removed()
    {
        Assert.Equal(318, EnglishStopWords.Words.Count);
        var corpus = Fit(new TfidfOptions { EnglishStopWords = true });
        Assert.Equal(["cat", "dog", "mat", "sat"], corpus.Terms);
    }

    [Fact]
    public void Max_df_below_min_df_is_an_error()
    {
        var e = Assert.Throws<LsaInputException>(() =>
            Fit(new TfidfOptions { MinDf = DocumentFrequency.Count(3), MaxDf = DocumentFrequency.Count(2) }));
        Assert.Contains("max_df", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Pruning_everything_is_an_error()
    {
        var e = Assert.Throws<LsaInputException>(() => Fit(new TfidfOptions { MinDf = DocumentFrequency.Count(3) }));
        Assert.Contains("no terms remain", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void No_documents_is_an_error()
    {
        var e = Assert.Throws<LsaInputException>(() => new TfidfVectorizer().FitTransform([]));
        Assert.Contains("empty corpus", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Documents_without_tokens_are_an_error()
    {
        var e = Assert.Throws<LsaInputException>(() =>
            new TfidfVectorizer().FitTransform([new CorpusDocument("a", "x"), new CorpusDocument("b", "")]));
        Assert.Contains("empty vocabulary", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Terms_are_sorted_by_code_point()
    {
        var corpus = new TfidfVectorizer().FitTransform(
            [new CorpusDocument("a", "\U0001D400\U0001D400 \uFF21\uFF21 émile zz 00")]);
        Assert.Equal(["00", "zz", "émile", "\uFF41\uFF41", "\U0001D400\U0001D400"], corpus.Terms);
    }

    [Fact]
    public void Proportion_and_count_validate_like_scikit_learn()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => DocumentFrequency.Proportion(1.5));
        Assert.Throws<ArgumentOutOfRangeException>(() => DocumentFrequency.Count(0));
        Assert.Equal(2.5, DocumentFrequency.Proportion(0.25).Resolve(10));
    }
}
