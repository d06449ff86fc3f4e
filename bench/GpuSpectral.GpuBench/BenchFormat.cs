using System.Globalization;
using System.Text;

namespace GpuSpectral.GpuBench;

/// <summary>Number formatting and the Markdown table of a case.</summary>
internal static class BenchFormat
{
    public static string Seconds(double seconds) => seconds switch
    {
        < 1e-3 => Inv($"{seconds * 1e6:0.0} µs"),
        < 1 => Inv($"{seconds * 1e3:0.000} ms"),
        _ => Inv($"{seconds:0.000} s"),
    };

    /// <summary>FLOP/s with an SI prefix.</summary>
    public static string Flops(double perSecond) => perSecond switch
    {
        >= 1e12 => Inv($"{perSecond / 1e12:0.00} TFLOP/s"),
        >= 1e9 => Inv($"{perSecond / 1e9:0.00} GFLOP/s"),
        _ => Inv($"{perSecond / 1e6:0.000} MFLOP/s"),
    };

    public static string Bandwidth(double bytesPerSecond) => bytesPerSecond >= 1e9
        ? Inv($"{bytesPerSecond / 1e9:0.00} GB/s")
        : Inv($"{bytesPerSecond / 1e6:0.000} MB/s");

    public static string Percent(double fraction) => Inv($"{fraction * 100:0.0}% of peak");

    public static string Ratio(double r) => Inv($"{r:0.00}×");

    public static string Sci(double x) => Inv($"{x:0.0e+00}");

    public static string Inv(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);

    /// <summary>Markdown table of <paramref name="rows"/> (one case).</summary>
    public static string Table(IEnumerable<BenchRow> rows)
    {
        var text = new StringBuilder();
        text.AppendLine("| variant | size | median | best | rate | vs peak / baseline | correctness |");
        text.AppendLine("|---|---|---|---|---|---|---|");
        foreach (var r in rows)
        {
            var median = r.Time is null ? "—" : Seconds(r.Time.Median);
            var best = r.Time is null ? "—" : Seconds(r.Time.Best);
            var check = r.Passed ? $"✓ {r.Check}" : r.IsSkipped ? r.Check : $"✗ FAILED: {r.Check} (time withheld)";
            text.AppendLine(CultureInfo.InvariantCulture,
                $"| {r.Variant} | {r.Size} | {median} | {best} | {r.Rate} | {r.OfPeak} | {Escape(check)} |");
        }

        return text.ToString();
    }

    private static string Escape(string s) => s.Replace("|", "\\|", StringComparison.Ordinal);
}
