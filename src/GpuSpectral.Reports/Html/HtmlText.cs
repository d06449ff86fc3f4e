using System.Globalization;
using System.Text;

namespace GpuSpectral.Reports.Html;

/// <summary>Escaping and formatting of untrusted text and cells for the HTML report.</summary>
public static class HtmlText
{
    /// <summary>
    /// Escapes <paramref name="text"/> for HTML text and quoted attribute values: <c>&amp; &lt; &gt; " '</c> become
    /// entities, control characters other than tab, LF and CR become U+FFFD. Null gives "".
    /// </summary>
    public static string Escape(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return string.Empty;
        }

        var sb = new StringBuilder(text.Length + 16);
        foreach (var c in text)
        {
            switch (c)
            {
                case '&': sb.Append("&amp;"); break;
                case '<': sb.Append("&lt;"); break;
                case '>': sb.Append("&gt;"); break;
                case '"': sb.Append("&quot;"); break;
                case '\'': sb.Append("&#39;"); break;
                case '\t' or '\n' or '\r': sb.Append(c); break;
                default: sb.Append(char.IsControl(c) ? '\uFFFD' : c); break;
            }
        }

        return sb.ToString();
    }

    /// <summary>
    /// A CSS class name <c>{prefix}-{value}</c>: the value lower-cased, every character other than ASCII letters,
    /// digits and '-' replaced by '-' (so "heavy tailed" and "heavy-tailed" share a class).
    /// </summary>
    public static string CssClass(string prefix, string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        var sb = new StringBuilder(prefix.Length + value.Length + 1).Append(prefix).Append('-');
        foreach (var c in value.ToLowerInvariant())
        {
            sb.Append(char.IsAsciiLetterOrDigit(c) ? c : '-');
        }

        return sb.ToString();
    }

    /// <summary>
    /// Display text of a cell: numbers with 6 significant digits, NaN as "", ±∞ as "inf"/"-inf"; integers in full;
    /// flags "True"/"False"; text as is (escape it before writing).
    /// </summary>
    public static string Display(Cell cell) => cell.Number is double d
        ? double.IsNaN(d) ? string.Empty
            : double.IsPositiveInfinity(d) ? "inf"
            : double.IsNegativeInfinity(d) ? "-inf"
            : d.ToString("G6", CultureInfo.InvariantCulture)
        : cell.ToCsv();

    /// <summary>
    /// Sort key of a cell for the page's script, or null to sort by the displayed text: numbers round-trip ("R"),
    /// "Infinity"/"-Infinity", and "" for NaN (sorted last); integers in full; text and flags null.
    /// </summary>
    public static string? SortKey(Cell cell)
    {
        if (cell.Number is double d)
        {
            return double.IsNaN(d) ? string.Empty
                : double.IsPositiveInfinity(d) ? "Infinity"
                : double.IsNegativeInfinity(d) ? "-Infinity"
                : d.ToString("R", CultureInfo.InvariantCulture);
        }

        return cell.Integer is long i ? i.ToString(CultureInfo.InvariantCulture) : null;
    }
}
