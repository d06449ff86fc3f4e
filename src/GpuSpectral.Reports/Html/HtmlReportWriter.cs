using System.Globalization;
using System.Text;
using GpuSpectral.Reports.Plots;

namespace GpuSpectral.Reports.Html;

/// <summary>
/// Writes the analysis as ONE self-contained HTML file: summary (with warning, phase and correlation-trap counts),
/// per-model images, a sortable table with one row per <see cref="HtmlReportModel.Rows"/> entry, and a plots section
/// per layer; images are embedded as base64 <c>data:</c> URIs, style and script are inline, and a
/// Content-Security-Policy forbids every external request.
/// </summary>
/// <remarks>
/// Every model string is HTML-escaped (<see cref="HtmlText.Escape"/>). Rows carry the class <c>layer-row</c>, plus
/// <c>warn</c> and <c>warning-{value}</c> when the warning is non-empty, <c>phase-{value}</c> for a phase and
/// <c>trap</c> for a correlation trap (<see cref="HtmlText.CssClass"/>). A row links (on its <c>name</c> cell, else
/// <c>layer_id</c>, else the first) to the plots section with the same layer and slice id, when there is one; the
/// section's HTML id is <see cref="PlotFileNames.Anchor"/>. A second section with the same layer and slice id is
/// shown without an id. The page's script sorts the table on a header click and by <c>?sort=COLUMN&amp;dir=desc</c>
/// on load, then sets <c>data-ready="1"</c> on &lt;body&gt;; script errors are counted in <c>data-js-errors</c> on
/// &lt;html&gt; and listed as <c>pre.js-error</c> nodes in <c>#js-errors</c>.
/// </remarks>
public static class HtmlReportWriter
{
    private static readonly UTF8Encoding Utf8 = new(encoderShouldEmitUTF8Identifier: false);

    /// <summary>Writes the report to <paramref name="path"/> (UTF-8) atomically.</summary>
    /// <exception cref="ArgumentException">A row's cell count differs from the column count.</exception>
    /// <exception cref="IOException">The folder does not exist or is not writable.</exception>
    public static void Write(string path, HtmlReportModel model)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        Validate(model);
        AtomicFile.Write(path, s =>
        {
            using var w = new StreamWriter(s, Utf8, 1 << 16, leaveOpen: true);
            WriteTo(w, model);
        });
    }

    /// <summary>Writes the report to <paramref name="writer"/>.</summary>
    /// <exception cref="ArgumentException">A row's cell count differs from the column count.</exception>
    public static void WriteTo(TextWriter writer, HtmlReportModel model)
    {
        ArgumentNullException.ThrowIfNull(writer);
        Validate(model);
        var anchors = new HashSet<string>(StringComparer.Ordinal);
        foreach (var p in model.LayerPlots)
        {
            anchors.Add(PlotFileNames.Anchor(p.LayerId, p.SliceId));
        }

        writer.Write("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n");
        writer.Write($"<meta http-equiv=\"Content-Security-Policy\" content=\"{HtmlReportAssets.ContentSecurityPolicy}\">\n");
        writer.Write("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n");
        writer.Write($"<title>{HtmlText.Escape(model.Title)}</title>\n<style>\n{HtmlReportAssets.Css}\n</style>\n");
        writer.Write($"<script>\n{HtmlReportAssets.ErrorScript}\n</script>\n</head>\n<body>\n");
        writer.Write("<div id=\"js-errors\" hidden></div>\n");
        writer.Write($"<h1>{HtmlText.Escape(model.Title)}</h1>\n");
        if (model.SourcePath.Length > 0)
        {
            writer.Write($"<p class=\"meta\">Source: <code>{HtmlText.Escape(model.SourcePath)}</code></p>\n");
        }

        if (model.OptionsText.Length > 0)
        {
            writer.Write($"<pre class=\"options\">{HtmlText.Escape(model.OptionsText)}</pre>\n");
        }

        WriteSummary(writer, model);
        if (model.ModelImages.Count > 0)
        {
            writer.Write("<div class=\"model-plots\">\n");
            foreach (var img in model.ModelImages)
            {
                WriteFigure(writer, img);
            }

            writer.Write("</div>\n");
        }

        WriteTable(writer, model, anchors);
        WritePlots(writer, model);
        writer.Write($"<script>\n{HtmlReportAssets.TableScript}\n</script>\n</body>\n</html>\n");
    }

    private static void Validate(HtmlReportModel model)
    {
        ArgumentNullException.ThrowIfNull(model);
        for (var i = 0; i < model.Rows.Count; i++)
        {
            if (model.Rows[i].Cells.Count != model.Columns.Count)
            {
                throw new ArgumentException(
                    $"Row {i} has {model.Rows[i].Cells.Count} cells for {model.Columns.Count} columns.", nameof(model));
            }
        }
    }

    private static void WriteSummary(TextWriter w, HtmlReportModel model)
    {
        var counts = HtmlReportRows.Count(model.Rows);
        w.Write("<h2>Summary</h2>\n<dl class=\"summary\" id=\"summary\">\n");
        void Item(string cls, string name, string value) =>
            w.Write($"<dt class=\"{cls}\">{HtmlText.Escape(name)}</dt><dd class=\"{cls}\">{HtmlText.Escape(value)}</dd>\n");
        foreach (var kv in model.Summary)
        {
            Item("metric", kv.Key, kv.Value);
        }

        Item("count-layers", "layers", Int(model.Rows.Count));
        Item("count-warnings", "warnings", Int(counts.Warnings.Sum(kv => kv.Value)));
        foreach (var kv in counts.Warnings)
        {
            Item(HtmlText.CssClass("count-warning", kv.Key), $"warning: {kv.Key}", Int(kv.Value));
        }

        foreach (var kv in counts.Phases)
        {
            Item(HtmlText.CssClass("count-phase", kv.Key), $"phase: {kv.Key}", Int(kv.Value));
        }

        Item("count-traps", "correlation traps", Int(counts.CorrelationTraps));
        w.Write("</dl>\n");
    }

    private static void WriteTable(TextWriter w, HtmlReportModel model, HashSet<string> anchors)
    {
        var cols = model.Columns;
        var link = IndexOf(cols, "name");
        link = link >= 0 ? link : IndexOf(cols, "layer_id");
        link = link >= 0 ? link : 0;
        w.Write("<h2>Layers</h2>\n<div class=\"wrap\">\n<table id=\"layers\">\n<thead><tr>");
        foreach (var c in cols)
        {
            var e = HtmlText.Escape(c);
            w.Write($"<th scope=\"col\" data-col=\"{e}\">{e}</th>");
        }

        w.Write("</tr></thead>\n<tbody>\n");
        foreach (var row in model.Rows)
        {
            var anchor = PlotFileNames.Anchor(row.LayerId, row.SliceId);
            w.Write($"<tr class=\"{RowClasses(row)}\" data-layer=\"{anchor}\">");
            for (var i = 0; i < cols.Count; i++)
            {
                var cell = row.Cells[i];
                var key = HtmlText.SortKey(cell);
                var text = HtmlText.Escape(HtmlText.Display(cell));
                if (i == link && anchors.Contains(anchor))
                {
                    text = $"<a href=\"#{anchor}\">{(text.Length > 0 ? text : anchor)}</a>";
                }

                var cls = key is null ? string.Empty : " class=\"num\"";
                var dv = key is null ? string.Empty : $" data-v=\"{HtmlText.Escape(key)}\"";
                w.Write($"<td{cls}{dv}>{text}</td>");
            }

            w.Write("</tr>\n");
        }

        w.Write("</tbody>\n</table>\n</div>\n");
    }

    private static void WritePlots(TextWriter w, HtmlReportModel model)
    {
        if (model.LayerPlots.Count == 0)
        {
            return;
        }

        var seen = new HashSet<string>(StringComparer.Ordinal);
        w.Write("<h2>Plots</h2>\n");
        foreach (var p in model.LayerPlots)
        {
            var anchor = PlotFileNames.Anchor(p.LayerId, p.SliceId);
            var id = seen.Add(anchor) ? $" id=\"{anchor}\"" : string.Empty;
            w.Write($"<section class=\"layer-plots\"{id}>\n<h3>{HtmlText.Escape(p.Title)}</h3>\n");
            w.Write("<p><a href=\"#layers\">back to the table</a></p>\n");
            foreach (var img in p.Images)
            {
                WriteFigure(w, img);
            }

            w.Write("</section>\n");
        }
    }

    private static void WriteFigure(TextWriter w, HtmlImage img)
    {
        var cap = HtmlText.Escape(img.Caption);
        w.Write($"<figure><img alt=\"{cap}\" src=\"data:image/png;base64,");
        w.Write(Convert.ToBase64String(img.Png));
        w.Write($"\"><figcaption>{cap}</figcaption></figure>\n");
    }

    private static string RowClasses(HtmlReportRow row)
    {
        var sb = new StringBuilder("layer-row");
        if (row.Warning.Length > 0)
        {
            sb.Append(" warn ").Append(HtmlText.CssClass("warning", row.Warning));
        }

        if (row.Phase.Length > 0)
        {
            sb.Append(' ').Append(HtmlText.CssClass("phase", row.Phase));
        }

        if (row.CorrelationTrap)
        {
            sb.Append(" trap");
        }

        return sb.ToString();
    }

    private static int IndexOf(IReadOnlyList<string> list, string name)
    {
        for (var i = 0; i < list.Count; i++)
        {
            if (list[i] == name)
            {
                return i;
            }
        }

        return -1;
    }

    private static string Int(int v) => v.ToString(CultureInfo.InvariantCulture);
}
