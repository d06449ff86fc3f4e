namespace GpuSpectral.Reports.Html;

/// <summary>The inline style sheet, content policy and scripts of the HTML report (no external resources).</summary>
internal static class HtmlReportAssets
{
    /// <summary>Content-Security-Policy: nothing may be fetched; only inline styles/scripts and data: images run.</summary>
    internal const string ContentSecurityPolicy =
        "default-src 'none'; img-src data:; style-src 'unsafe-inline'; script-src 'unsafe-inline'";

    /// <summary>Attribute set on &lt;body&gt; when the table script has finished (value "1").</summary>
    internal const string ReadyAttribute = "data-ready";

    /// <summary>Attribute set on &lt;html&gt; with the number of script errors caught by window.onerror.</summary>
    internal const string ErrorAttribute = "data-js-errors";

    /// <summary>Class of each error node that window.onerror appends inside <c>#js-errors</c>.</summary>
    internal const string ErrorClass = "js-error";

    internal const string Css = """
        body { font-family: system-ui, sans-serif; margin: 1.5em; color: #222; }
        h1 { font-size: 1.4em; margin-bottom: .2em; }
        .meta { color: #555; margin: .2em 0; }
        pre.options { background: #f6f6f6; padding: .5em; white-space: pre-wrap; }
        dl.summary { display: grid; grid-template-columns: max-content auto; gap: .15em 1em; }
        dl.summary dt { font-weight: 600; }
        table#layers { border-collapse: collapse; font-size: .85em; }
        #layers th, #layers td { border: 1px solid #ccc; padding: .2em .45em; white-space: nowrap; }
        #layers th { background: #eee; cursor: pointer; position: sticky; top: 0; user-select: none; }
        #layers th[aria-sort=ascending]::after { content: " \25B2"; }
        #layers th[aria-sort=descending]::after { content: " \25BC"; }
        #layers td.num { text-align: right; font-variant-numeric: tabular-nums; }
        #layers tr.warn td { background: #fff1c2; }
        #layers tr.trap td:first-child { border-left: 4px solid #c0392b; }
        #layers tr.phase-heavy-tailed td:first-child { box-shadow: inset 4px 0 #2e86c1; }
        #layers tr.phase-bulk-decay td:first-child { box-shadow: inset 4px 0 #17a589; }
        #layers tr.phase-bulk-spikes td:first-child { box-shadow: inset 4px 0 #7d3c98; }
        #layers tr.phase-bleeding-out td:first-child { box-shadow: inset 4px 0 #d68910; }
        #layers tr.phase-random-like td:first-child { box-shadow: inset 4px 0 #909497; }
        #layers tr.phase-rank-collapse td:first-child { box-shadow: inset 4px 0 #c0392b; }
        .wrap { overflow-x: auto; max-height: 80vh; }
        section.layer-plots { border-top: 1px solid #ddd; margin-top: 1.5em; }
        figure { display: inline-block; margin: .5em; }
        figure img { max-width: 100%; height: auto; border: 1px solid #eee; }
        #js-errors pre { color: #b00; }
        """;

    /// <summary>Runs first (in &lt;head&gt;): counts script errors on &lt;html&gt; and lists them in #js-errors.</summary>
    internal const string ErrorScript = """
        window.onerror = function (msg, src, line, col) {
          var root = document.documentElement;
          root.setAttribute('data-js-errors', String(Number(root.getAttribute('data-js-errors') || '0') + 1));
          var box = document.getElementById('js-errors');
          if (box) {
            var p = document.createElement('pre');
            p.className = 'js-error';
            p.textContent = String(msg) + ' (line ' + line + ':' + col + ')';
            box.appendChild(p);
            box.hidden = false;
          }
          return false;
        };
        """;

    /// <summary>
    /// Runs last: click a header to sort (ascending, then descending); numeric when every non-empty key of the column
    /// is a number, text otherwise; empty keys (NaN) always last; ties keep their order. <c>?sort=COLUMN&amp;dir=desc</c>
    /// sorts on load. Sets data-ready="1" on &lt;body&gt; when done.
    /// </summary>
    internal const string TableScript = """
        (function () {
          'use strict';
          var table = document.getElementById('layers');
          var head = table.tHead.rows[0].cells;
          function key(td) {
            var v = td.getAttribute('data-v');
            return (v === null ? td.textContent : v).trim();
          }
          function numeric(rows, c) {
            var any = false;
            for (var i = 0; i < rows.length; i++) {
              var k = key(rows[i].cells[c]);
              if (k === '') { continue; }
              if (isNaN(Number(k))) { return false; }
              any = true;
            }
            return any;
          }
          function sortBy(c, dir) {
            var body = table.tBodies[0];
            var rows = Array.prototype.slice.call(body.rows);
            var num = numeric(rows, c);
            var items = rows.map(function (r, i) {
              var k = key(r.cells[c]);
              return { r: r, i: i, e: k === '', k: num ? Number(k) : k };
            });
            items.sort(function (a, b) {
              if (a.e !== b.e) { return a.e ? 1 : -1; }
              var d = 0;
              if (!a.e) { d = num ? (a.k < b.k ? -1 : (a.k > b.k ? 1 : 0)) : a.k.localeCompare(b.k); }
              return d !== 0 ? d * dir : a.i - b.i;
            });
            items.forEach(function (x) { body.appendChild(x.r); });
            for (var j = 0; j < head.length; j++) { head[j].removeAttribute('aria-sort'); }
            head[c].setAttribute('aria-sort', dir > 0 ? 'ascending' : 'descending');
          }
          Array.prototype.forEach.call(head, function (th, c) {
            th.addEventListener('click', function () {
              sortBy(c, th.getAttribute('aria-sort') === 'ascending' ? -1 : 1);
            });
          });
          var q = new URLSearchParams(window.location.search);
          var s = q.get('sort');
          if (s !== null) {
            Array.prototype.forEach.call(head, function (th, c) {
              if (th.getAttribute('data-col') === s) { sortBy(c, q.get('dir') === 'desc' ? -1 : 1); }
            });
          }
          document.body.setAttribute('data-ready', '1');
        })();
        """;
}
