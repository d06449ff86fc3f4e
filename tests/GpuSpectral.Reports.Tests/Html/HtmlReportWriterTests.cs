using System.Text.RegularExpressions;
using GpuSpectral.Reports.Html;

namespace GpuSpectral.Reports.Tests.Html;

/// <summary>The HTML text itself: escaping, self-containment, rows, classes, counts and links.</summary>
public sealed partial class HtmlReportWriterTests
{
    [Fact]
    public void EveryUntrustedStringIsEscaped()
    {
        var html = HtmlReportSamples.Render(HtmlReportSamples.Model());
        Assert.DoesNotContain(HtmlReportSamples.HostileName, html, StringComparison.Ordinal);
        Assert.DoesNotContain("<img src=x", html, StringComparison.Ordinal);
        Assert.Contains("&lt;img src=x onerror=&quot;document.title=&#39;pwned&#39;&quot;&gt;&amp;&#39;&lt;/script&gt;",
            html, StringComparison.Ordinal);
        Assert.Equal(2, Regex.Count(html, "<script>", RegexOptions.None, TimeSpan.FromSeconds(5)));
        Assert.Contains("<title>Report &lt;of&gt; &quot;model&quot;</title>", html, StringComparison.Ordinal);
        Assert.Contains("/models/a&amp;b.safetensors", html, StringComparison.Ordinal);
    }

    [Fact]
    public void ThePageIsSelfContained()
    {
        var model = HtmlReportSamples.Model();
        var html = HtmlReportSamples.Render(model);
        Assert.DoesNotContain("http://", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("https://", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("<link", html, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("Content-Security-Policy\" content=\"default-src 'none'; img-src data:;", html, StringComparison.Ordinal);
        var sources = SrcAttribute().Matches(html).Select(m => m.Groups[1].Value).ToArray();
        Assert.Equal(1 + (4 * 2), sources.Length);
        foreach (var src in sources)
        {
            Assert.StartsWith("data:image/png;base64,", src, StringComparison.Ordinal);
            Assert.Equal(HtmlReportSamples.SmallPng, Convert.FromBase64String(src["data:image/png;base64,".Length..]));
        }
    }

    [Fact]
    public void OneRowPerLayerWithHighlightClassesAndLinks()
    {
        var html = HtmlReportSamples.Render(HtmlReportSamples.Model());
        var rows = RowTag().Matches(html).Select(m => (Classes: m.Groups[1].Value, Layer: m.Groups[2].Value)).ToArray();
        Assert.Equal(["layer1", "layer2", "layer3", "layer4", "layer5"], rows.Select(r => r.Layer));
        Assert.Equal("layer-row phase-heavy-tailed", rows[0].Classes);
        Assert.Equal("layer-row warn warning-over-trained phase-heavy-tailed", rows[1].Classes);
        Assert.Equal("layer-row", rows[2].Classes);
        Assert.Equal("layer-row warn warning-under-trained phase-random-like trap", rows[3].Classes);
        Assert.Equal("layer-row phase-bulk-spikes", rows[4].Classes);

        // Layer 3 has no plots section, so it has no link; the others link on their name cell.
        Assert.Contains("<a href=\"#layer1\">embed</a>", html, StringComparison.Ordinal);
        Assert.DoesNotContain("href=\"#layer3\"", html, StringComparison.Ordinal);
        Assert.Equal(4, Regex.Count(html, "<section class=\"layer-plots\" id=\"layer[0-9]\">", RegexOptions.None,
            TimeSpan.FromSeconds(5)));
    }

    [Fact]
    public void TheHeaderFollowsTheColumnListAndCellsCarrySortKeys()
    {
        var model = HtmlReportSamples.Model(withPlots: false);
        var html = HtmlReportSamples.Render(model);
        var headers = HeaderCell().Matches(html).Select(m => m.Groups[1].Value).ToArray();
        Assert.Equal([.. ResultColumns.All.Select(c => c.Name), "phase", "rand_num_spikes"], headers);

        // Layer 3 failed: its alpha is NaN, so an empty sort key (sorted last) and an empty cell.
        var alpha = Array.IndexOf(headers, "alpha");
        Assert.Equal("<td class=\"num\" data-v=\"\"></td>", Cells(html, 2)[alpha]);
        Assert.Equal("<td class=\"num\" data-v=\"3.1\">3.1</td>", Cells(html, 0)[alpha]);
        var status = Array.IndexOf(headers, "status");
        Assert.Equal("<td>failed</td>", Cells(html, 2)[status]);
    }

    [Fact]
    public void SummaryListsMetricsAndCounts()
    {
        var html = HtmlReportSamples.Render(HtmlReportSamples.Model());
        string Value(string cls) => Regex.Match(html, $"<dd class=\"{cls}\">([^<]*)</dd>", RegexOptions.None,
            TimeSpan.FromSeconds(5)).Groups[1].Value;
        Assert.Equal("5", Value("count-layers"));
        Assert.Equal("2", Value("count-warnings"));
        Assert.Equal("1", Value("count-warning-over-trained"));
        Assert.Equal("1", Value("count-warning-under-trained"));
        Assert.Equal("2", Value("count-phase-heavy-tailed"));
        Assert.Equal("1", Value("count-phase-bulk-spikes"));
        Assert.Equal("1", Value("count-traps"));

        // Mean alpha over the four successful fits (NaN skipped): (3.1 + 1.7 + 6.8 + 2.4)/4 = 3.5.
        Assert.Contains("<dt class=\"metric\">alpha</dt><dd class=\"metric\">3.5</dd>", html, StringComparison.Ordinal);
    }

    [Fact]
    public void WriteIsAtomicAndRejectsRowsOfTheWrongWidth()
    {
        using var dir = new TempDir();
        var path = dir.File("report.html");
        HtmlReportWriter.Write(path, HtmlReportSamples.Model());
        Assert.Equal([path], Directory.GetFiles(dir.Path));
        Assert.Equal(HtmlReportSamples.Render(HtmlReportSamples.Model()), File.ReadAllText(path));
        var bad = HtmlReportSamples.Model() with
        {
            Rows = [new HtmlReportRow { LayerId = 1, Cells = [new Cell(1, null, null, null)] }],
        };
        Assert.Throws<ArgumentException>(() => HtmlReportWriter.Write(dir.File("bad.html"), bad));
        Assert.False(File.Exists(dir.File("bad.html")));
    }

    [Fact]
    public void TextHelpersEscapeFormatAndKey()
    {
        Assert.Equal("a&amp;b&lt;c&gt;d&quot;e&#39;f\uFFFDg\nh", HtmlText.Escape("a&b<c>d\"e'f\u0001g\nh"));
        Assert.Equal(string.Empty, HtmlText.Escape(null));
        Assert.Equal("phase-bulk-spikes", HtmlText.CssClass("phase", "Bulk+Spikes"));
        Assert.Equal(string.Empty, HtmlText.Display(new Cell(double.NaN, null, null, null)));
        Assert.Equal("inf", HtmlText.Display(new Cell(double.PositiveInfinity, null, null, null)));
        Assert.Equal("0.333333", HtmlText.Display(new Cell(1 / 3.0, null, null, null)));
        Assert.Equal("0.3333333333333333", HtmlText.SortKey(new Cell(1 / 3.0, null, null, null)));
        Assert.Equal("-Infinity", HtmlText.SortKey(new Cell(double.NegativeInfinity, null, null, null)));
        Assert.Equal("42", HtmlText.SortKey(new Cell(null, 42, null, null)));
        Assert.Null(HtmlText.SortKey(new Cell(null, null, "x", null)));
        Assert.Null(HtmlText.SortKey(new Cell(null, null, null, true)));
    }

    /// <summary>The &lt;td&gt; elements of the given table row (0-based, document order).</summary>
    private static string[] Cells(string html, int row)
    {
        var tr = RowBody().Matches(html)[row].Groups[1].Value;
        return CellBody().Matches(tr).Select(m => m.Value).ToArray();
    }

    [GeneratedRegex("<img [^>]*src=\"([^\"]*)\"")]
    private static partial Regex SrcAttribute();

    [GeneratedRegex("<tr class=\"([^\"]*)\" data-layer=\"([^\"]*)\">")]
    private static partial Regex RowTag();

    [GeneratedRegex("<tr class=\"layer-row[^\"]*\" data-layer=\"[^\"]*\">(.*?)</tr>")]
    private static partial Regex RowBody();

    [GeneratedRegex("<td[^>]*>(.*?)</td>")]
    private static partial Regex CellBody();

    [GeneratedRegex("<th scope=\"col\" data-col=\"([^\"]*)\">")]
    private static partial Regex HeaderCell();
}
