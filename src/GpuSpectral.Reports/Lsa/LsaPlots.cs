using System.Globalization;
using GpuSpectral.Lsa.Results;
using GpuSpectral.Reports.Plots;

namespace GpuSpectral.Reports.Lsa;

/// <summary>The PNG plots of an LSA run.</summary>
public static class LsaPlots
{
    /// <summary>File name of the ESD plot (density and CCDF with the power-law fit).</summary>
    public const string EsdFile = "esd.png";

    /// <summary>File name of the fit landscape plot (D vs xmin).</summary>
    public const string LandscapeFile = "landscape.png";

    /// <summary>File name of the localization ratio plot.</summary>
    public const string LocalizationFile = "localization.png";

    /// <summary>File name of the explained variance plot.</summary>
    public const string ExplainedVarianceFile = "explained_variance.png";

    /// <summary>
    /// Writes <c>esd.png</c>, <c>landscape.png</c>, <c>localization.png</c> and <c>explained_variance.png</c> into
    /// <paramref name="dir"/> (created when missing) and returns the full paths written, in that order.
    /// </summary>
    /// <remarks>
    /// <c>landscape.png</c> is written only when the fit kept its landscape; <c>localization.png</c> and
    /// <c>explained_variance.png</c> only when their series are non-empty. The three Ks are marked on both series
    /// plots (a K of 0, e.g. a failed fit, is not marked; a K beyond the series is listed as off scale).
    /// </remarks>
    /// <param name="result">The LSA result.</param>
    /// <param name="dir">Output folder.</param>
    public static IReadOnlyList<string> WriteAll(LsaResult result, string dir)
    {
        ArgumentNullException.ThrowIfNull(result);
        ArgumentException.ThrowIfNullOrWhiteSpace(dir);
        Directory.CreateDirectory(dir);
        var written = new List<string>();
        var s = result.Spectrum;

        var esd = Path.GetFullPath(Path.Combine(dir, EsdFile));
        var title = s.Exact
            ? "ESD of X^T X"
            : string.Create(CultureInfo.InvariantCulture, $"ESD of X^T X (top {s.Eigenvalues.Length} of {s.Dimension})");
        EsdPlot.SavePng(esd, s.Eigenvalues, result.Fit, new EsdPlotOptions { Title = title });
        written.Add(esd);

        if (result.Fit is { Xmins: not null, Ds: not null })
        {
            var land = Path.GetFullPath(Path.Combine(dir, LandscapeFile));
            LandscapePlot.SavePng(land, result.Fit);
            written.Add(land);
        }

        var markers = Markers(result);
        if (result.LocalizationRatios.Length > 0)
        {
            var loc = Path.GetFullPath(Path.Combine(dir, LocalizationFile));
            SeriesPlot.SavePng(loc, result.LocalizationRatios, markers, new SeriesPlotOptions
            {
                Title = "Localization of the top right singular vectors",
                XLabel = "component (largest σ first)",
                YLabel = "‖v‖₁ / ‖v‖∞",
                SeriesLabel = "localization ratio",
            });
            written.Add(loc);
        }

        if (result.ExplainedVariance.Length > 0)
        {
            var ev = Path.GetFullPath(Path.Combine(dir, ExplainedVarianceFile));
            SeriesPlot.SavePng(ev, result.ExplainedVariance, markers, new SeriesPlotOptions
            {
                LogY = true,
                Title = "Explained variance per component",
                XLabel = "component (largest first)",
                YLabel = "λᵢ / Σλ",
                SeriesLabel = "explained variance",
            });
            written.Add(ev);
        }

        return written;
    }

    private static SeriesMarker[] Markers(LsaResult r) =>
        new (string Name, int K)[]
            {
                ("K power law", r.KPowerLaw), ("K localization", r.KLocalization),
                ("K explained variance", r.KExplainedVariance),
            }
            .Where(m => m.K > 0)
            .Select(m => new SeriesMarker(string.Create(CultureInfo.InvariantCulture, $"{m.Name} = {m.K}"), m.K))
            .ToArray();
}
