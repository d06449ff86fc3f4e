using System.Globalization;

namespace GpuSpectral.Lsa.Text;

/// <summary>
/// A document-frequency threshold as scikit-learn takes <c>min_df</c>/<c>max_df</c>: an absolute document count
/// (a Python int) or a proportion of the documents (a Python float in [0, 1]).
/// </summary>
public readonly record struct DocumentFrequency
{
    private DocumentFrequency(double value, bool isProportion)
    {
        Value = value;
        IsProportion = isProportion;
    }

    /// <summary>The count, or the proportion when <see cref="IsProportion"/>.</summary>
    public double Value { get; }

    /// <summary>True for a proportion of the documents, false for a document count.</summary>
    public bool IsProportion { get; }

    /// <summary>A document count (scikit-learn: an int ≥ 1).</summary>
    public static DocumentFrequency Count(int documents)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(documents, 1);
        return new DocumentFrequency(documents, false);
    }

    /// <summary>A proportion of the documents (scikit-learn: a float in [0, 1]).</summary>
    public static DocumentFrequency Proportion(double proportion)
    {
        if (!(proportion >= 0.0 && proportion <= 1.0))
        {
            throw new ArgumentOutOfRangeException(nameof(proportion), proportion, "a proportion must be in [0, 1]");
        }

        return new DocumentFrequency(proportion, true);
    }

    /// <summary>The threshold in documents for a corpus of <paramref name="documents"/> (p·n for a proportion).</summary>
    public double Resolve(int documents) => IsProportion ? Value * documents : Value;

    /// <inheritdoc/>
    public override string ToString() =>
        IsProportion ? Value.ToString("R", CultureInfo.InvariantCulture) : ((int)Value).ToString(CultureInfo.InvariantCulture);
}

/// <summary>
/// Options of <see cref="TfidfVectorizer"/>; the defaults are scikit-learn 1.2.1's <c>TfidfVectorizer()</c> defaults
/// (lowercase, token pattern <c>(?u)\b\w\w+\b</c>, min_df 1, max_df 1.0, no stop words, raw counts, smooth idf,
/// L2-normalised rows).
/// </summary>
public sealed record TfidfOptions
{
    /// <summary>The defaults.</summary>
    public static TfidfOptions Default { get; } = new();

    /// <summary>Drop terms found in fewer documents than this (scikit-learn <c>min_df</c>; default the count 1).</summary>
    public DocumentFrequency MinDf { get; init; } = DocumentFrequency.Count(1);

    /// <summary>Drop terms found in more documents than this (scikit-learn <c>max_df</c>; default the proportion 1.0).</summary>
    public DocumentFrequency MaxDf { get; init; } = DocumentFrequency.Proportion(1.0);

    /// <summary>Use 1 + ln(tf) instead of the raw count tf (scikit-learn <c>sublinear_tf</c>).</summary>
    public bool SublinearTf { get; init; }

    /// <summary>Drop scikit-learn's English stop words (<see cref="EnglishStopWords"/>; <c>stop_words="english"</c>).</summary>
    public bool EnglishStopWords { get; init; }
}
