using System.Globalization;
using GpuSpectral.Lsa.Results;
using GpuSpectral.Lsa.Sparse;

namespace GpuSpectral.Lsa.Text;

/// <summary>Reads a Matrix Market coordinate general matrix into CSR (see <see cref="CorpusReader.ReadMatrixMarket"/>).</summary>
internal static class MatrixMarketReader
{
    internal static TfidfCorpus Read(string path)
    {
        using var reader = new ByteLineReader(ByteLineReader.Open(path));
        if (!reader.TryReadLine(path, out var header))
        {
            throw LsaInputException.InFile(path, "empty file: no %%MatrixMarket header");
        }

        var pattern = ParseHeader(path, header);
        Span<Range> fields = stackalloc Range[5];

        // Size line: the first line that is neither a comment nor blank.
        int rows, columns;
        long declared;
        while (true)
        {
            if (!reader.TryReadLine(path, out var line))
            {
                throw LsaInputException.AtLine(path, reader.LineNumber + 1, "no size line (rows columns entries)");
            }

            if (IsSkippable(line))
            {
                continue;
            }

            var count = Split(line, fields);
            if (count != 3
                || !int.TryParse(line[fields[0]], NumberStyles.None, CultureInfo.InvariantCulture, out rows)
                || !int.TryParse(line[fields[1]], NumberStyles.None, CultureInfo.InvariantCulture, out columns)
                || !long.TryParse(line[fields[2]], NumberStyles.None, CultureInfo.InvariantCulture, out declared))
            {
                throw LsaInputException.AtLine(path, reader.LineNumber,
                    $"bad size line \"{Clip(line)}\": expected three non-negative integers: rows columns entries");
            }

            break;
        }

        if (rows == 0)
        {
            throw LsaInputException.AtLine(path, reader.LineNumber, "empty corpus: the matrix has no rows");
        }

        if (columns == 0)
        {
            throw LsaInputException.AtLine(path, reader.LineNumber, "empty vocabulary: the matrix has no columns");
        }

        if (declared > Array.MaxLength)
        {
            throw LsaInputException.AtLine(path, reader.LineNumber, $"{declared} entries are more than this reader holds");
        }

        var entryRows = new int[declared];
        var entryColumns = new int[declared];
        var entryValues = new double[declared];
        var expectedFields = pattern ? 2 : 3;
        long seen = 0;
        while (reader.TryReadLine(path, out var line))
        {
            if (IsSkippable(line))
            {
                continue;
            }

            if (seen == declared)
            {
                throw LsaInputException.AtLine(path, reader.LineNumber, $"more entries than the {declared} declared on the size line");
            }

            var count = Split(line, fields);
            if (count != expectedFields)
            {
                throw LsaInputException.AtLine(path, reader.LineNumber,
                    $"bad entry \"{Clip(line)}\": expected {(pattern ? "row column" : "row column value")}");
            }

            if (!int.TryParse(line[fields[0]], NumberStyles.None, CultureInfo.InvariantCulture, out var i)
                || !int.TryParse(line[fields[1]], NumberStyles.None, CultureInfo.InvariantCulture, out var j))
            {
                throw LsaInputException.AtLine(path, reader.LineNumber, $"bad entry \"{Clip(line)}\": indices must be positive integers");
            }

            if (i < 1 || i > rows || j < 1 || j > columns)
            {
                throw LsaInputException.AtLine(path, reader.LineNumber,
                    $"index ({i}, {j}) out of range: the matrix is {rows} × {columns} (1-based)");
            }

            var value = 1.0;
            if (!pattern
                && (!double.TryParse(line[fields[2]], NumberStyles.Float, CultureInfo.InvariantCulture, out value)
                    || !double.IsFinite(value)))
            {
                throw LsaInputException.AtLine(path, reader.LineNumber, $"bad value \"{line[fields[2]]}\": expected a finite number");
            }

            entryRows[seen] = i - 1;
            entryColumns[seen] = j - 1;
            entryValues[seen] = value;
            seen++;
        }

        if (seen != declared)
        {
            throw LsaInputException.AtLine(path, reader.LineNumber + 1,
                $"the file ends after {seen} entries; the size line declares {declared}");
        }

        return ToCorpus(rows, columns, entryRows, entryColumns, entryValues);
    }

    /// <summary>Checks the banner; returns true for a pattern matrix.</summary>
    private static bool ParseHeader(string path, ReadOnlySpan<char> header)
    {
        Span<Range> fields = stackalloc Range[6];
        var count = Split(header, fields);
        if (count < 1 || !header[fields[0]].Equals("%%MatrixMarket", StringComparison.OrdinalIgnoreCase))
        {
            throw LsaInputException.AtLine(path, 1, "not a Matrix Market file: the first line must start with %%MatrixMarket");
        }

        if (count != 5)
        {
            throw LsaInputException.AtLine(path, 1,
                $"bad header \"{Clip(header)}\": expected %%MatrixMarket matrix coordinate real|integer|pattern general");
        }

        static bool Is(ReadOnlySpan<char> s, string word) => s.Equals(word, StringComparison.OrdinalIgnoreCase);
        var obj = header[fields[1]];
        var format = header[fields[2]];
        var field = header[fields[3]];
        var symmetry = header[fields[4]];
        if (!Is(obj, "matrix") || !Is(format, "coordinate"))
        {
            throw LsaInputException.AtLine(path, 1, $"unsupported Matrix Market \"{obj} {format}\": only \"matrix coordinate\" is read");
        }

        if (!Is(field, "real") && !Is(field, "integer") && !Is(field, "pattern"))
        {
            throw LsaInputException.AtLine(path, 1, $"unsupported Matrix Market field \"{field}\": expected real, integer or pattern");
        }

        if (!Is(symmetry, "general"))
        {
            throw LsaInputException.AtLine(path, 1, $"unsupported Matrix Market symmetry \"{symmetry}\": expected general");
        }

        return Is(field, "pattern");
    }

    private static TfidfCorpus ToCorpus(int rows, int columns, int[] entryRows, int[] entryColumns, double[] entryValues)
    {
        // Bucket by row, sort each row by column, sum duplicates.
        var pointers = new int[rows + 1];
        foreach (var r in entryRows)
        {
            pointers[r + 1]++;
        }

        for (var r = 0; r < rows; r++)
        {
            pointers[r + 1] += pointers[r];
        }

        var next = pointers[..rows];
        var cols = new int[entryRows.Length];
        var vals = new double[entryRows.Length];
        for (var k = 0; k < entryRows.Length; k++)
        {
            var at = next[entryRows[k]]++;
            cols[at] = entryColumns[k];
            vals[at] = entryValues[k];
        }

        var outPointers = new int[rows + 1];
        var p = 0;
        var empty = 0;
        for (var r = 0; r < rows; r++)
        {
            var start = pointers[r];
            var length = pointers[r + 1] - start;
            cols.AsSpan(start, length).Sort(vals.AsSpan(start, length));
            var rowStart = p;
            var nonZero = false;
            for (var k = start; k < start + length; k++)
            {
                if (p > rowStart && cols[p - 1] == cols[k])
                {
                    vals[p - 1] += vals[k];
                }
                else
                {
                    cols[p] = cols[k];
                    vals[p] = vals[k];
                    p++;
                }
            }

            for (var k = rowStart; k < p; k++)
            {
                nonZero |= vals[k] != 0.0;
            }

            if (!nonZero)
            {
                empty++;
            }

            outPointers[r + 1] = p;
        }

        var matrix = new CsrMatrix(rows, columns, outPointers, cols[..p], vals[..p]);
        var ids = new string[rows];
        for (var r = 0; r < rows; r++)
        {
            ids[r] = CorpusReader.Number(r + 1);
        }

        var terms = new string[columns];
        for (var c = 0; c < columns; c++)
        {
            terms[c] = CorpusReader.Number(c + 1);
        }

        return new TfidfCorpus(matrix, terms, ids, empty);
    }

    private static bool IsSkippable(ReadOnlySpan<char> line)
    {
        var t = line.TrimStart();
        return t.IsEmpty || t[0] == '%';
    }

    private static int Split(ReadOnlySpan<char> line, Span<Range> fields)
    {
        var count = 0;
        var i = 0;
        while (i < line.Length)
        {
            while (i < line.Length && (line[i] == ' ' || line[i] == '\t'))
            {
                i++;
            }

            if (i == line.Length)
            {
                break;
            }

            var start = i;
            while (i < line.Length && line[i] != ' ' && line[i] != '\t')
            {
                i++;
            }

            if (count == fields.Length)
            {
                return count + 1;
            }

            fields[count++] = new Range(start, i);
        }

        return count;
    }

    private static string Clip(ReadOnlySpan<char> line) => line.Length <= 60 ? line.ToString() : string.Concat(line[..57], "...");
}
