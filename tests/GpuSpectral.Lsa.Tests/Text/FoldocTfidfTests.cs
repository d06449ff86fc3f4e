using System.Diagnostics;
using System.IO.Compression;
using System.Text;
using System.Text.RegularExpressions;
using GpuSpectral.Lsa.Results;
using GpuSpectral.Lsa.Text;
using GpuSpectral.TestSupport;
using Xunit.Abstractions;

namespace GpuSpectral.Lsa.Tests.Text;

/// <summary>FOLDOC against <c>data/foldoc/expected_lsa.json</c> (scikit-learn 1.2.1 <c>TfidfVectorizer()</c>).</summary>
public sealed class FoldocTfidfTests(ITestOutputHelper output)
{
    private static readonly string Path = SharedData.Data("foldoc/docs.tsv.gz");
    private static readonly Lazy<(TfidfCorpus Corpus, double Seconds)> Corpus = new(() =>
    {
        CorpusReader.Read(Path); // warm-up (JIT), not timed
        var watch = Stopwatch.StartNew();
        var corpus = CorpusReader.Read(Path);
        return (corpus, watch.Elapsed.TotalSeconds);
    });

    [Fact]
    public void Shape_and_vocabulary_match_scikit_learn()
    {
        var (corpus, seconds) = Corpus.Value;
        output.WriteLine($"FOLDOC read + TF-IDF: {seconds:F3} s");
        Assert.Equal(12006, corpus.Matrix.Rows);
        Assert.Equal(36864, corpus.Matrix.Columns);
        Assert.Equal(36864, corpus.Terms.Length);
        Assert.Equal(544236, corpus.Matrix.NonZeros);
        Assert.Equal(0, corpus.EmptyDocuments);
        Assert.Equal(["00", "000", "0000", "00000", "0000000"], corpus.Terms[..5]);
        Assert.Equal(["zyvex", "zyxel", "zz", "µcurse", "émile"], corpus.Terms[^5..]);
        Assert.True(seconds < 5, $"FOLDOC took {seconds:F2} s");
    }

    [Fact]
    public void Rows_are_unit_vectors()
    {
        var m = Corpus.Value.Corpus.Matrix;
        var total = 0.0;
        for (var r = 0; r < m.Rows; r++)
        {
            var sum = 0.0;
            for (var k = m.RowPointers[r]; k < m.RowPointers[r + 1]; k++)
            {
                sum += m.Values[k] * m.Values[k];
            }

            Assert.True(Math.Abs(Math.Sqrt(sum) - 1.0) <= 1e-12, $"row {r}: norm {Math.Sqrt(sum)}");
            total += sum;
        }

        Assert.True(Math.Abs(total - 12006.0) <= 1e-9 * 12006.0, $"Σ‖row‖² = {total}");
    }

    /// <summary>
    /// idf recounted here with .NET's regex (FOLDOC has no character where .NET's \w and Python's differ): within
    /// one row, value(t₁)/value(t₂) = tf₁·idf₁ / (tf₂·idf₂) with idf = ln(12007 / (1 + df)) + 1.
    /// </summary>
    [Fact]
    public void Idf_recounted_independently()
    {
        var corpus = Corpus.Value.Corpus;
        var texts = new List<string>();
        using (var reader = new StreamReader(new GZipStream(File.OpenRead(Path), CompressionMode.Decompress), new UTF8Encoding(false, true)))
        {
            while (reader.ReadLine() is { } line)
            {
                texts.Add(line[(line.IndexOf('\t', StringComparison.Ordinal) + 1)..]);
            }
        }

        var words = new Regex(@"\w+", RegexOptions.CultureInvariant);
        string[] probe = ["computer", "language", "the", "unix"];
        var df = probe.ToDictionary(t => t, _ => 0);
        var tf = new List<Dictionary<string, int>>();
        foreach (var text in texts)
        {
            var counts = new Dictionary<string, int>();
            foreach (Match match in words.Matches(text.ToLowerInvariant()))
            {
                if (df.ContainsKey(match.Value))
                {
                    counts[match.Value] = counts.GetValueOrDefault(match.Value) + 1;
                }
            }

            foreach (var t in counts.Keys)
            {
                df[t]++;
            }

            tf.Add(counts);
        }

        var idf = df.ToDictionary(p => p.Key, p => Math.Log(12007.0 / (1 + p.Value)) + 1);
        var column = probe.ToDictionary(t => t, t => Array.BinarySearch(corpus.Terms, t, StringComparer.Ordinal));
        var m = corpus.Matrix;
        var checkedRows = 0;
        for (var r = 0; r < m.Rows; r++)
        {
            if (tf[r].Count < 2)
            {
                continue;
            }

            var values = new Dictionary<string, double>();
            for (var k = m.RowPointers[r]; k < m.RowPointers[r + 1]; k++)
            {
                foreach (var t in probe)
                {
                    if (m.ColumnIndices[k] == column[t])
                    {
                        values[t] = m.Values[k];
                    }
                }
            }

            Assert.True(tf[r].Keys.Order().SequenceEqual(values.Keys.Order()), $"row {r}: {string.Join(",", df)}");
            var (t1, t2) = (tf[r].Keys.First(), tf[r].Keys.Last());
            var expected = tf[r][t1] * idf[t1] / (tf[r][t2] * idf[t2]);
            Assert.True(Math.Abs(expected - (values[t1] / values[t2])) <= 1e-12 * expected, $"row {r} {t1} {t2}: {string.Join(",", df)} {string.Join(",", tf[r])}");
            checkedRows++;
        }

        Assert.True(checkedRows > 100, $"{checkedRows} rows checked");
        output.WriteLine($"df: {string.Join(", ", df.Select(p => $"{p.Key} {p.Value}"))}; {checkedRows} rows checked");
    }
}
