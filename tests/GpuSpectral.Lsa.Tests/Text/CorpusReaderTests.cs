using System.IO.Compression;
using System.Text;
using GpuSpectral.Lsa.Text;

namespace GpuSpectral.Lsa.Tests.Text;

public sealed class CorpusReaderTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "gpuspectral-text-" + Guid.NewGuid().ToString("N"));

    public CorpusReaderTests() => Directory.CreateDirectory(_dir);

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string WriteBytes(string name, byte[] bytes)
    {
        var path = Path.Combine(_dir, name);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllBytes(path, bytes);
        return path;
    }

    private string Write(string name, string text) => WriteBytes(name, Encoding.UTF8.GetBytes(text));

    private static LsaInputException Fails(string path, params string[] fragments)
    {
        var e = Assert.Throws<LsaInputException>(() => CorpusReader.Read(path));
        Assert.Contains(path, e.Message, StringComparison.Ordinal);
        foreach (var f in fragments)
        {
            Assert.Contains(f, e.Message, StringComparison.Ordinal);
        }

        Assert.DoesNotContain('\n', e.Message);
        return e;
    }

    [Fact]
    public void Tsv_ids_text_and_line_endings()
    {
        var path = Write("c.tsv", "\uFEFFa\tcat sat\r\nb\tdog\tsat\rc\t\nd\tx");
        var docs = CorpusReader.ReadDocuments(path).ToArray();
        Assert.Equal(
            [new("a", "cat sat"), new("b", "dog\tsat"), new("c", string.Empty), new CorpusDocument("d", "x")], docs);
        var corpus = CorpusReader.Read(path);
        Assert.Equal(["cat", "dog", "sat"], corpus.Terms);
        Assert.Equal(2, corpus.EmptyDocuments); // an empty document and a one-character one
        Assert.Equal(["a", "b", "c", "d"], corpus.DocumentIds);
    }

    [Fact]
    public void Gzipped_tsv_reads_the_same()
    {
        var text = "a\tcat sat\nb\tdog sat\n";
        using var buffer = new MemoryStream();
        using (var gz = new GZipStream(buffer, CompressionLevel.Fastest, leaveOpen: true))
        {
            gz.Write(Encoding.UTF8.GetBytes(text));
        }

        var gzPath = WriteBytes("c.tsv.gz", buffer.ToArray());
        var plain = CorpusReader.Read(Write("c.tsv", text));
        var packed = CorpusReader.Read(gzPath);
        Assert.Equal(plain.Terms, packed.Terms);
        Assert.Equal(plain.Matrix.Values, packed.Matrix.Values);
    }

    [Fact]
    public void A_document_of_one_token_has_value_one()
    {
        var corpus = CorpusReader.Read(Write("one.tsv", "only\tword\n"));
        Assert.Equal(["word"], corpus.Terms);
        Assert.Equal([1.0], corpus.Matrix.Values);
    }

    [Fact]
    public void Long_lines_cross_buffer_boundaries()
    {
        var sb = new StringBuilder();
        for (var i = 0; i < 3000; i++)
        {
            sb.Append(System.Globalization.CultureInfo.InvariantCulture, $"doc{i}\t{new string('w', 1 + (i % 97))} term{i % 13}\r\n");
        }

        var docs = CorpusReader.ReadDocuments(Write("long.tsv", sb.ToString())).ToArray();
        Assert.Equal(3000, docs.Length);
        Assert.Equal("doc2999", docs[^1].Id);
        Assert.All(docs, d => Assert.DoesNotContain('\r', d.Text));
    }

    [Fact]
    public void Empty_file_is_an_empty_corpus() => Fails(Write("empty.tsv", string.Empty), "empty corpus");

    [Fact]
    public void Missing_file_is_reported() => Fails(Path.Combine(_dir, "nope.tsv"), "no such file");

    [Fact]
    public void Line_without_tab_names_the_line() => Fails(Write("bad.tsv", "a\tok\nno tab here\n"), "line 2: no TAB separator");

    [Fact]
    public void Empty_line_names_the_line() => Fails(Write("blank.tsv", "a\tok\n\nb\tok\n"), "line 2: no TAB separator");

    [Fact]
    public void Invalid_utf8_names_file_and_line()
    {
        var bytes = Encoding.UTF8.GetBytes("a\tok\nb\tfine\nc\tbad ").Concat(new byte[] { 0xC3, 0x28 }).ToArray();
        Fails(WriteBytes("latin.tsv", bytes), "line 3", "invalid UTF-8", "0xC3");
    }

    [Fact]
    public void All_documents_without_tokens_is_an_empty_vocabulary() =>
        Fails(Write("tiny.tsv", "a\tx\nb\t!\n"), "empty vocabulary");

    [Fact]
    public void Folder_of_txt_files_sorted_by_name()
    {
        var folder = Path.Combine(_dir, "docs");
        Write("docs/b.txt", "dog sat\n");
        Write("docs/a.TXT", "cat sat\nline two");
        Write("docs/readme.md", "ignored words");
        var corpus = CorpusReader.Read(folder);
        Assert.Equal(["a.TXT", "b.txt"], corpus.DocumentIds);
        Assert.Equal(["cat", "dog", "line", "sat", "two"], corpus.Terms);
    }

    [Fact]
    public void Folder_invalid_utf8_names_file_and_line()
    {
        var folder = Path.Combine(_dir, "docs");
        Write("docs/a.txt", "fine");
        var bad = WriteBytes("docs/b.txt", Encoding.UTF8.GetBytes("one\r\ntwo\nthree ").Concat(new byte[] { 0xFF }).ToArray());
        var e = Assert.Throws<LsaInputException>(() => CorpusReader.Read(folder));
        Assert.Contains(bad, e.Message, StringComparison.Ordinal);
        Assert.Contains("line 3", e.Message, StringComparison.Ordinal);
        Assert.Contains("0xFF", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Empty_folder_is_an_empty_corpus()
    {
        var folder = Path.Combine(_dir, "none");
        Directory.CreateDirectory(folder);
        Fails(folder, "empty corpus");
    }

    [Fact]
    public void Matrix_market_is_taken_as_is()
    {
        var path = Write("m.mtx",
            "%%MatrixMarket matrix coordinate real general\n% a comment\n\n3 4 5\n1 3 2.5\n1 1 1\n3 2 -1e-1\n1 3 0.5\n3 4 7\n");
        var corpus = CorpusReader.Read(path, new TfidfOptions { SublinearTf = true }); // options ignored
        Assert.Equal(["1", "2", "3"], corpus.DocumentIds);
        Assert.Equal(["1", "2", "3", "4"], corpus.Terms);
        Assert.Equal([0, 2, 2, 4], corpus.Matrix.RowPointers);
        Assert.Equal([0, 2, 1, 3], corpus.Matrix.ColumnIndices);
        Assert.Equal([1.0, 3.0, -0.1, 7.0], corpus.Matrix.Values); // duplicates summed
        Assert.Equal(1, corpus.EmptyDocuments);
    }

    [Fact]
    public void Matrix_market_integer_and_pattern()
    {
        var integer = CorpusReader.Read(Write("i.mtx", "%%MatrixMarket matrix coordinate integer general\n2 2 2\n1 1 3\n2 2 4\n"));
        Assert.Equal([3.0, 4.0], integer.Matrix.Values);
        var pattern = CorpusReader.Read(Write("p.mtx", "%%MatrixMarket matrix coordinate pattern general\n2 2 1\n2 1\n"));
        Assert.Equal([1.0], pattern.Matrix.Values);
        Assert.Equal(1, pattern.EmptyDocuments);
    }

    [Theory]
    [InlineData("2 2 1\n1 1 1\n", "line 1", "%%MatrixMarket")]
    [InlineData("%%MatrixMarket matrix array real general\n2 2\n1\n2\n3\n4\n", "line 1", "coordinate")]
    [InlineData("%%MatrixMarket matrix coordinate complex general\n2 2 1\n1 1 1 0\n", "line 1", "complex")]
    [InlineData("%%MatrixMarket matrix coordinate real symmetric\n2 2 1\n1 1 1\n", "line 1", "symmetric")]
    [InlineData("%%MatrixMarket matrix coordinate real general\n2 two 1\n1 1 1\n", "line 2", "size line")]
    [InlineData("%%MatrixMarket matrix coordinate real general\n2 2 1\n3 1 1\n", "line 3", "out of range")]
    [InlineData("%%MatrixMarket matrix coordinate real general\n2 2 1\n1 0 1\n", "line 3", "out of range")]
    [InlineData("%%MatrixMarket matrix coordinate real general\n2 2 3\n1 1 1\n2 2 1\n", "line 5", "declares 3")]
    [InlineData("%%MatrixMarket matrix coordinate real general\n2 2 1\n1 1 1\n2 2 1\n", "line 4", "more entries")]
    [InlineData("%%MatrixMarket matrix coordinate real general\n2 2 1\n1 1 abc\n", "line 3", "bad value")]
    [InlineData("%%MatrixMarket matrix coordinate real general\n2 2 1\n1 1 nan\n", "line 3", "bad value")]
    [InlineData("%%MatrixMarket matrix coordinate real general\n2 2 1\n1 1\n", "line 3", "bad entry")]
    [InlineData("%%MatrixMarket matrix coordinate real general\n0 2 0\n", "line 2", "empty corpus")]
    [InlineData("%%MatrixMarket matrix coordinate real general\n", "line 2", "no size line")]
    public void Malformed_matrix_market(string text, string line, string reason) =>
        Fails(Write("bad.mtx", text), line, reason);
}
