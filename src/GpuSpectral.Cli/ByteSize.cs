using System.Globalization;

namespace GpuSpectral.Cli;

/// <summary>Parses byte counts such as <c>1073741824</c>, <c>512M</c>, <c>2G</c>, <c>1.5GiB</c> (binary units).</summary>
internal static class ByteSize
{
    public static long Parse(string text, string option)
    {
        var t = text.Trim().ToUpperInvariant().Replace("IB", string.Empty, StringComparison.Ordinal).TrimEnd('B');
        var (scale, digits) = t.Length == 0 ? (1L, t) : t[^1] switch
        {
            'K' => (1L << 10, t[..^1]),
            'M' => (1L << 20, t[..^1]),
            'G' => (1L << 30, t[..^1]),
            'T' => (1L << 40, t[..^1]),
            _ => (1L, t),
        };
        if (!double.TryParse(digits, NumberStyles.Float, CultureInfo.InvariantCulture, out var v) || v <= 0
            || double.IsInfinity(v * scale))
        {
            throw new ArgumentException($"{option} {text}: expected a positive size such as 512M or 2G");
        }

        return (long)Math.Min(v * scale, long.MaxValue / 2.0);
    }
}
