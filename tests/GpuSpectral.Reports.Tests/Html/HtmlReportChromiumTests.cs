using System.Text.RegularExpressions;
using GpuSpectral.Reports.Html;

namespace GpuSpectral.Reports.Tests.Html;

/// <summary>
/// The report loaded in a real browser (headless Chromium, --dump-dom): the scripts run without errors, the table
/// has one row per layer, hostile names stay text, and ?sort= sorts on load (numeric, NaN last; text).
/// </summary>
public sealed partial class HtmlReportChromiumTests
{
    [ChromiumFact]
    public void PageLoadsWithoutScriptErrorsWithOneRowPerLayer()
    {
        using var dir = new TempDir();
        var path = dir.File("report.html");
        HtmlReportWriter.Write(path, HtmlReportSamples.Model());
        var dom = HeadlessChromium.DumpDom(path);

        Assert.Matches("<body[^>]* data-ready=\"1\"", dom);
        Assert.DoesNotMatch("<html[^>]* data-js-errors=", dom);
        Assert.DoesNotContain("class=\"js-error\"", dom, StringComparison.Ordinal);
        Assert.Equal(["layer1", "layer2", "layer3", "layer4", "layer5"], LayerOrder(dom));

        // The hostile name is text: no extra <img> element appeared, and the title was not changed by it.
        Assert.Equal(1 + (4 * 2), Regex.Count(dom, "<img ", RegexOptions.None, TimeSpan.FromSeconds(5)));
        Assert.Contains("<title>Report &lt;of&gt; \"model\"</title>", dom, StringComparison.Ordinal);
    }

    [ChromiumFact]
    public void ScriptErrorsAreDetected()
    {
        // Guards the test above against passing vacuously: break the table script and expect the error marks.
        using var dir = new TempDir();
        var path = dir.File("broken.html");
        var html = HtmlReportSamples.Render(HtmlReportSamples.Model(withPlots: false))
            .Replace("getElementById('layers')", "getElementById('missing')", StringComparison.Ordinal);
        File.WriteAllText(path, html);
        var dom = HeadlessChromium.DumpDom(path);
        Assert.Matches("<html[^>]* data-js-errors=\"1\"", dom);
        Assert.Contains("class=\"js-error\"", dom, StringComparison.Ordinal);
        Assert.DoesNotMatch("<body[^>]* data-ready=", dom);
    }

    [ChromiumFact]
    public void QueryStringSortsTheTableOnLoad()
    {
        using var dir = new TempDir();
        var path = dir.File("report.html");
        HtmlReportWriter.Write(path, HtmlReportSamples.Model(withPlots: false));

        // alpha by id: 3.1, 1.7, NaN, 6.8, 2.4. Descending: 6.8, 3.1, 2.4, 1.7, then the NaN row last.
        var desc = HeadlessChromium.DumpDom(path, "?sort=alpha&dir=desc");
        Assert.Equal(["layer4", "layer1", "layer5", "layer2", "layer3"], LayerOrder(desc));
        Assert.Matches("<th scope=\"col\" data-col=\"alpha\" aria-sort=\"descending\">", desc);
        Assert.Matches("<body[^>]* data-ready=\"1\"", desc);

        // Ascending keeps NaN last too.
        var asc = HeadlessChromium.DumpDom(path, "?sort=alpha");
        Assert.Equal(["layer2", "layer5", "layer1", "layer4", "layer3"], LayerOrder(asc));

        // Text column: names compared as text ("<img…" sorts before letters, "attn…" < "embed" < "lm_head" < "mlp…").
        var byName = HeadlessChromium.DumpDom(path, "?sort=name");
        Assert.Equal(["layer2", "layer4", "layer1", "layer5", "layer3"], LayerOrder(byName));
    }

    private static string[] LayerOrder(string dom) =>
        LayerRow().Matches(dom).Select(m => m.Groups[1].Value).ToArray();

    [GeneratedRegex("<tr class=\"layer-row[^\"]*\" data-layer=\"([^\"]*)\"")]
    private static partial Regex LayerRow();
}
