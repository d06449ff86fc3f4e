using System.Globalization;
using System.Text;
using GpuSpectral.Lsa.Results;

namespace GpuSpectral.Lsa.Text;

/// <summary>
/// Reads an LSA corpus into a <see cref="TfidfCorpus"/>. Three inputs:
/// <list type="bullet">
/// <item>a TSV file of <c>id&lt;TAB&gt;text</c> lines, UTF-8, optionally gzip-compressed (detected by its magic bytes):
/// lines end at "\n", "\r\n" or "\r" (Python's universal newlines), the id is everything before the first TAB and
/// the text everything after it; a line without a TAB (an empty line included) is an error;</item>
/// <item>a folder of <c>.txt</c> files (not recursive; extension matched case-insensitively): one document per file,
/// the whole content, ordered by file name in code-point order, id = file name;</item>
/// <item>a Matrix Market <c>.mtx</c> (or <c>.mtx.gz</c>) coordinate matrix, documents × terms — see
/// <see cref="ReadMatrixMarket"/>.</item>
/// </list>
/// Text is decoded as strict UTF-8 (invalid bytes are an error naming the file and line); a UTF-8 byte-order mark at
/// the start of a file is skipped. Every input problem is an <see cref="LsaInputException"/> with a one-line message.
/// </summary>
public static class CorpusReader
{
    /// <summary>Reads <paramref name="path"/> (TSV, folder or <c>.mtx</c>) and, for text, vectorizes it.</summary>
    /// <param name="path">A TSV file (<c>.gz</c> allowed), a folder of <c>.txt</c> files, or a <c>.mtx</c>/<c>.mtx.gz</c> file.</param>
    /// <param name="options">TF-IDF options for text input (ignored for <c>.mtx</c>); default scikit-learn's defaults.</param>
    /// <exception cref="LsaInputException">The input is missing, malformed, not UTF-8, or empty.</exception>
    public static TfidfCorpus Read(string path, TfidfOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (IsMatrixMarket(path))
        {
            return ReadMatrixMarket(path);
        }

        return new TfidfVectorizer(options).FitTransform(ReadDocuments(path), path);
    }

    /// <summary>Whether <see cref="Read"/> takes <paramref name="path"/> as Matrix Market (<c>.mtx</c>, <c>.mtx.gz</c>).</summary>
    public static bool IsMatrixMarket(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        return path.EndsWith(".mtx", StringComparison.OrdinalIgnoreCase)
            || path.EndsWith(".mtx.gz", StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>
    /// The documents of a TSV file or of a folder of <c>.txt</c> files, streamed in order (the file is read while
    /// the sequence is enumerated).
    /// </summary>
    /// <exception cref="LsaInputException">Missing input, a line without TAB, or invalid UTF-8 (during enumeration).</exception>
    public static IEnumerable<CorpusDocument> ReadDocuments(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (Directory.Exists(path))
        {
            return ReadFolder(path);
        }

        if (!File.Exists(path))
        {
            throw LsaInputException.InFile(path, "no such file or folder");
        }

        return ReadTsv(path);
    }

    /// <summary>
    /// Reads a Matrix Market <c>coordinate real|integer|pattern general</c> matrix (documents × terms, 1-based
    /// indices) as the term–document matrix, as is: no TF-IDF, no normalisation. Duplicate entries are summed (as
    /// scipy's <c>mmread(...).tocsr()</c> does); values must be finite. Ids are the row numbers "1".."rows", terms the
    /// column numbers "1".."columns"; a row without a non-zero value counts as an empty document.
    /// </summary>
    /// <exception cref="LsaInputException">A bad header or size line, an index out of range, a bad value, or a
    /// number of entries that differs from the size line.</exception>
    public static TfidfCorpus ReadMatrixMarket(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (!File.Exists(path))
        {
            throw LsaInputException.InFile(path, "no such file");
        }

        return MatrixMarketReader.Read(path);
    }

    private static IEnumerable<CorpusDocument> ReadTsv(string path)
    {
        using var reader = new ByteLineReader(ByteLineReader.Open(path));
        while (true)
        {
            var document = NextTsvDocument(reader, path);
            if (document is null)
            {
                yield break;
            }

            yield return document.Value;
        }
    }

    private static CorpusDocument? NextTsvDocument(ByteLineReader reader, string path)
    {
        if (!reader.TryReadLine(path, out var line))
        {
            return null;
        }

        var tab = line.IndexOf('\t');
        if (tab < 0)
        {
            throw LsaInputException.AtLine(path, reader.LineNumber,
                line.IsEmpty ? "no TAB separator (empty line)" : "no TAB separator");
        }

        return new CorpusDocument(line[..tab].ToString(), line[(tab + 1)..].ToString());
    }

    private static IEnumerable<CorpusDocument> ReadFolder(string folder)
    {
        var options = new EnumerationOptions
        {
            MatchCasing = MatchCasing.CaseInsensitive,
            RecurseSubdirectories = false,
            IgnoreInaccessible = false,
        };
        var files = Directory.GetFiles(folder, "*.txt", options);
        var names = files.Select(Path.GetFileName).Select(n => n!).ToArray();
        Array.Sort(names, files, CodePointComparer.Instance);
        var chars = Array.Empty<char>();
        for (var k = 0; k < files.Length; k++)
        {
            var bytes = File.ReadAllBytes(files[k]).AsSpan();
            if (bytes.StartsWith(Encoding.UTF8.Preamble))
            {
                bytes = bytes[3..];
            }

            if (!ByteLineReader.TryDecode(bytes, ref chars, out var written, out var bad))
            {
                var line = ByteLineReader.LineOf(bytes, bad);
                var lineStart = bad;
                while (lineStart > 0 && bytes[lineStart - 1] != (byte)'\n' && bytes[lineStart - 1] != (byte)'\r')
                {
                    lineStart--;
                }

                throw LsaInputException.AtLine(files[k], line,
                    ByteLineReader.InvalidUtf8(bytes[lineStart..], bad - lineStart));
            }

            yield return new CorpusDocument(names[k], new string(chars, 0, written));
        }
    }

    /// <summary>Formats a 1-based index as an id or term.</summary>
    internal static string Number(int oneBased) => oneBased.ToString(CultureInfo.InvariantCulture);
}
