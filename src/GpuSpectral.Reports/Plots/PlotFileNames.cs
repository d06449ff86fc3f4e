using System.Globalization;
using System.Text;

namespace GpuSpectral.Reports.Plots;

/// <summary>The per-layer plots of <c>analyze --plots</c>.</summary>
public enum LayerPlotKind
{
    /// <summary>ESD density and CCDF with the power-law fit (<see cref="EsdPlot"/>).</summary>
    Esd,

    /// <summary>KS distance D versus xmin (<see cref="LandscapePlot"/>).</summary>
    Landscape,

    /// <summary>Marchenko–Pastur fit over the bulk (<see cref="MpFitPlot"/>).</summary>
    MpFit,

    /// <summary>Localization ratio per eigenvector (<see cref="LocalizationPlot"/>).</summary>
    Localization,
}

/// <summary>
/// Deterministic, portable PNG file names for the analyze plots:
/// <c>layer{id}[-s{slice}].{name}.{kind}.png</c>, e.g. <c>layer12.model_layers_3_mlp_up_proj.esd.png</c>, and
/// <see cref="AlphaByLayer"/> for the per-model plot.
/// </summary>
/// <remarks>
/// The name part keeps ASCII letters, digits, <c>_</c> and <c>-</c>, replaces every other character by <c>_</c> and
/// is cut to <see cref="MaxNameLength"/> characters (it is there for people; it holds no dot or path separator). The
/// id, the slice and the kind alone identify the file, so two layers with different ids (or slices) never collide,
/// whatever their names, and the per-model name (no <c>layer</c> prefix) collides with none.
/// </remarks>
public static class PlotFileNames
{
    /// <summary>Longest name part kept, in characters.</summary>
    public const int MaxNameLength = 80;

    /// <summary>File name of the per-model alpha-by-layer plot.</summary>
    public const string AlphaByLayer = "model.alpha_by_layer.png";

    /// <summary>File name of one plot of one layer (no folder).</summary>
    /// <param name="layerId">The layer id (unique per row, or per layer with <paramref name="sliceId"/>).</param>
    /// <param name="name">The layer's name (any text; sanitized).</param>
    /// <param name="kind">Which plot.</param>
    /// <param name="sliceId">The slice id of a per-slice row, or null.</param>
    public static string ForLayer(int layerId, string name, LayerPlotKind kind, int? sliceId = null) =>
        string.Create(CultureInfo.InvariantCulture,
            $"{Anchor(layerId, sliceId)}.{Sanitize(name)}.{Suffix(kind)}.png");

    /// <summary>The id part <c>layer{id}[-s{slice}]</c>: also usable as an HTML id (ASCII letters, digits, '-').</summary>
    public static string Anchor(int layerId, int? sliceId = null) =>
        sliceId is int s
            ? string.Create(CultureInfo.InvariantCulture, $"layer{layerId}-s{s}")
            : string.Create(CultureInfo.InvariantCulture, $"layer{layerId}");

    /// <summary>The name part: ASCII letters, digits, '_' and '-' kept, all else '_', at most
    /// <see cref="MaxNameLength"/> characters; "unnamed" for an empty or null name.</summary>
    public static string Sanitize(string? name)
    {
        if (string.IsNullOrEmpty(name))
        {
            return "unnamed";
        }

        var sb = new StringBuilder(Math.Min(name.Length, MaxNameLength));
        foreach (var c in name)
        {
            if (sb.Length == MaxNameLength)
            {
                break;
            }

            sb.Append(char.IsAsciiLetterOrDigit(c) || c is '_' or '-' ? c : '_');
        }

        return sb.ToString();
    }

    /// <summary>The kind part of the file name: esd, landscape, mpfit, localization.</summary>
    public static string Suffix(LayerPlotKind kind) => kind switch
    {
        LayerPlotKind.Esd => "esd",
        LayerPlotKind.Landscape => "landscape",
        LayerPlotKind.MpFit => "mpfit",
        LayerPlotKind.Localization => "localization",
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "Unknown plot kind."),
    };
}
