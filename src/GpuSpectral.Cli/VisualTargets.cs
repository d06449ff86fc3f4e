using GpuSpectral.Engine;
using GpuSpectral.Reports.Html;

namespace GpuSpectral.Cli;

/// <summary>The <c>--plots DIR</c> and <c>--report FILE.html</c> outputs of <c>analyze</c>.</summary>
internal sealed record VisualTargets(string? PlotsDir, string? HtmlPath)
{
    /// <summary>Fails before the analysis when a target cannot be written.</summary>
    public void Check()
    {
        if (HtmlPath is not null)
        {
            if (!HtmlPath.EndsWith(".html", StringComparison.OrdinalIgnoreCase)
                && !HtmlPath.EndsWith(".htm", StringComparison.OrdinalIgnoreCase))
            {
                throw new ArgumentException($"--report {HtmlPath}: the extension must be .html");
            }

            var dir = Path.GetDirectoryName(Path.GetFullPath(HtmlPath));
            if (dir is not null && !Directory.Exists(dir))
            {
                throw new DirectoryNotFoundException($"--report {HtmlPath}: the folder {dir} does not exist");
            }
        }

        if (PlotsDir is not null && File.Exists(PlotsDir))
        {
            throw new ArgumentException($"--plots {PlotsDir}: that is a file, not a folder");
        }
    }

    /// <summary>Renders and writes what was asked for.</summary>
    public void Write(AnalysisReport report)
    {
        if (PlotsDir is null && HtmlPath is null)
        {
            return;
        }

        var last = -1;
        var (layers, alpha) = AnalysisVisuals.Render(report, PlotsDir, (done, total) =>
        {
            var pct = 100 * done / Math.Max(1, total);
            if (pct / 10 != last / 10 && total >= 20)
            {
                Console.Error.WriteLine($"plots: {done}/{total} layers");
                last = pct;
            }
        });
        if (PlotsDir is not null)
        {
            Console.Error.WriteLine($"wrote plots of {layers.Count} rows into {PlotsDir}");
        }

        if (HtmlPath is not null)
        {
            AnalysisVisuals.WriteHtml(HtmlPath, report, layers, alpha);
            Console.Error.WriteLine($"wrote {HtmlPath}");
        }
    }
}
