using System.Text;

namespace GpuSpectral.Lsa.Text;

/// <summary>
/// scikit-learn's default word analyser, exactly: <c>re.findall(r"(?u)\b\w\w+\b", doc.lower())</c> under CPython 3.11
/// (Unicode 14.0.0, the Python that made the FOLDOC reference).
/// </summary>
/// <remarks>
/// <para><b>Lowercasing</b> is Python's <c>str.lower()</c>: the full Unicode lowercase mapping (U+0130 'İ' becomes
/// the two code points "i\u0307"), and CPython's final-sigma rule: U+03A3 'Σ' becomes 'ς' (U+03C2) when a cased letter
/// precedes it and none follows it (case-ignorable characters skipped both ways), and 'σ' otherwise.</para>
/// <para><b>Word characters</b> are Python's <c>\w</c> for str patterns: <c>c.isalnum() or c == "_"</c>, where
/// <c>isalnum</c> is <c>isalpha</c> (categories Lu, Ll, Lt, Lm, Lo) or <c>isnumeric</c> (Numeric_Type Decimal, Digit
/// or Numeric: Nd, Nl, No and numeric ideographs). Combining marks (Mn, Mc, Me) are not word characters, so a
/// decomposed "e\u0301" splits there.</para>
/// <para><b>Tokens</b>: <c>\b\w\w+\b</c> matches exactly the maximal runs of word characters that are at least two code
/// points long (a non-BMP letter such as U+1D400 is one code point, as in Python).</para>
/// <para>The tables are generated from CPython itself by <c>make_python_unicode_data.py</c> (every code point probed),
/// not taken from .NET's own Unicode data, whose version differs.</para>
/// </remarks>
public static class PythonWordTokenizer
{
    private const int CapitalSigma = 0x3A3;

    /// <summary>The Unicode version of the Python tables (14.0.0).</summary>
    public static string UnicodeVersion => PythonUnicodeData.UnicodeVersion;

    /// <summary>Whether a code point matches Python's <c>\w</c> (str pattern, Unicode).</summary>
    public static bool IsWordCodePoint(int codePoint) =>
        codePoint < 0x80 ? IsAsciiWord(codePoint) : InRanges(PythonUnicodeData.Word, codePoint);

    /// <summary>Python's <c>str.lower()</c>, final sigma and U+0130 included.</summary>
    public static string ToLower(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var buffer = Array.Empty<char>();
        var length = LowerInto(text, ref buffer);
        return new string(buffer, 0, length);
    }

    /// <summary>The tokens of <paramref name="text"/>, in order, as scikit-learn's default analyser yields them.</summary>
    public static IReadOnlyList<string> Tokenize(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var buffer = Array.Empty<char>();
        var length = LowerInto(text, ref buffer);
        var tokens = new List<string>();
        foreach (var token in EnumerateTokens(buffer.AsSpan(0, length)))
        {
            tokens.Add(token.ToString());
        }

        return tokens;
    }

    /// <summary>
    /// Writes Python's <c>text.lower()</c> into <paramref name="buffer"/> (grown when needed, at least 2·length) and
    /// returns the number of chars written.
    /// </summary>
    internal static int LowerInto(ReadOnlySpan<char> text, ref char[] buffer)
    {
        if (buffer.Length < 2 * text.Length)
        {
            buffer = new char[Math.Max(2 * text.Length, 2 * buffer.Length)];
        }

        var output = buffer;
        var n = 0;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (c < 0x80)
            {
                output[n++] = (char)(c is >= 'A' and <= 'Z' ? c + 32 : c);
                continue;
            }

            int cp = c;
            var width = 1;
            if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                cp = char.ConvertToUtf32(c, text[i + 1]);
                width = 2;
            }

            if (cp == 0x130)
            {
                output[n++] = 'i';
                output[n++] = '\u0307';
            }
            else
            {
                var lower = cp == CapitalSigma ? (IsFinalSigma(text, i) ? 0x3C2 : 0x3C3) : LowerCodePoint(cp);
                if (lower < 0x10000)
                {
                    output[n++] = (char)lower;
                }
                else
                {
                    var r = new Rune(lower);
                    r.EncodeToUtf16(output.AsSpan(n));
                    n += 2;
                }
            }

            i += width - 1;
        }

        return n;
    }

    /// <summary>Enumerates the tokens of an already lowercased text (spans into it).</summary>
    internal static TokenEnumerator EnumerateTokens(ReadOnlySpan<char> lowered) => new(lowered);

    /// <summary>The simple lowercase mapping of one code point (Python's, U+0130 aside).</summary>
    internal static int LowerCodePoint(int cp)
    {
        if (cp < 0x80)
        {
            return cp is >= 'A' and <= 'Z' ? cp + 32 : cp;
        }

        var runs = PythonUnicodeData.Lower;
        int lo = 0, hi = (runs.Length / 4) - 1;
        while (lo <= hi)
        {
            var mid = (lo + hi) >>> 1;
            var first = runs[4 * mid];
            if (cp < first)
            {
                hi = mid - 1;
            }
            else if (cp > runs[(4 * mid) + 1])
            {
                lo = mid + 1;
            }
            else
            {
                return (cp - first) % runs[(4 * mid) + 2] == 0 ? cp + runs[(4 * mid) + 3] : cp;
            }
        }

        return cp;
    }

    private static bool IsAsciiWord(int c) => c is (>= '0' and <= '9') or (>= 'A' and <= 'Z') or (>= 'a' and <= 'z') or '_';

    private static bool InRanges(ReadOnlySpan<int> ranges, int cp)
    {
        int lo = 0, hi = (ranges.Length / 2) - 1;
        while (lo <= hi)
        {
            var mid = (lo + hi) >>> 1;
            if (cp < ranges[2 * mid])
            {
                hi = mid - 1;
            }
            else if (cp > ranges[(2 * mid) + 1])
            {
                lo = mid + 1;
            }
            else
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>CPython's <c>handle_capital_sigma</c> on the original text, at the Σ at char index i.</summary>
    private static bool IsFinalSigma(ReadOnlySpan<char> text, int i)
    {
        var j = i;
        var found = false;
        while (j > 0)
        {
            var (cp, width) = CodePointBefore(text, j);
            j -= width;
            if (!InRanges(PythonUnicodeData.CaseIgnorable, cp))
            {
                found = InRanges(PythonUnicodeData.Cased, cp);
                break;
            }
        }

        if (!found)
        {
            return false;
        }

        j = i + 1;
        while (j < text.Length)
        {
            var (cp, width) = CodePointAt(text, j);
            j += width;
            if (!InRanges(PythonUnicodeData.CaseIgnorable, cp))
            {
                return !InRanges(PythonUnicodeData.Cased, cp);
            }
        }

        return true;
    }

    private static (int CodePoint, int Width) CodePointAt(ReadOnlySpan<char> s, int i) =>
        char.IsHighSurrogate(s[i]) && i + 1 < s.Length && char.IsLowSurrogate(s[i + 1])
            ? (char.ConvertToUtf32(s[i], s[i + 1]), 2)
            : (s[i], 1);

    private static (int CodePoint, int Width) CodePointBefore(ReadOnlySpan<char> s, int end) =>
        char.IsLowSurrogate(s[end - 1]) && end >= 2 && char.IsHighSurrogate(s[end - 2])
            ? (char.ConvertToUtf32(s[end - 2], s[end - 1]), 2)
            : (s[end - 1], 1);

    /// <summary>Yields the runs of ≥ 2 word code points of a lowercased text, as spans into it.</summary>
    internal ref struct TokenEnumerator
    {
        private readonly ReadOnlySpan<char> _text;
        private int _position;

        internal TokenEnumerator(ReadOnlySpan<char> text)
        {
            _text = text;
            _position = 0;
            Current = default;
        }

        /// <summary>The current token.</summary>
        public ReadOnlySpan<char> Current { get; private set; }

        /// <summary>Returns this enumerator (for <c>foreach</c>).</summary>
        public readonly TokenEnumerator GetEnumerator() => this;

        /// <summary>Advances to the next token.</summary>
        public bool MoveNext()
        {
            var s = _text;
            var i = _position;
            while (i < s.Length)
            {
                // skip non-word code points
                var width = WordWidth(s, i);
                if (width == 0)
                {
                    i += char.IsHighSurrogate(s[i]) && i + 1 < s.Length && char.IsLowSurrogate(s[i + 1]) ? 2 : 1;
                    continue;
                }

                var start = i;
                var count = 0;
                do
                {
                    i += width;
                    count++;
                }
                while (i < s.Length && (width = WordWidth(s, i)) != 0);

                if (count >= 2)
                {
                    _position = i;
                    Current = s[start..i];
                    return true;
                }
            }

            _position = i;
            return false;
        }

        /// <summary>The width in chars of the word code point at i, or 0 when it is not a word character.</summary>
        private static int WordWidth(ReadOnlySpan<char> s, int i)
        {
            var c = s[i];
            if (c < 0x80)
            {
                return IsAsciiWord(c) ? 1 : 0;
            }

            if (char.IsHighSurrogate(c) && i + 1 < s.Length && char.IsLowSurrogate(s[i + 1]))
            {
                return InRanges(PythonUnicodeData.Word, char.ConvertToUtf32(c, s[i + 1])) ? 2 : 0;
            }

            return InRanges(PythonUnicodeData.Word, c) ? 1 : 0;
        }
    }
}
