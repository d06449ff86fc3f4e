using System.Globalization;
using ScottPlot;
using ScottPlot.TickGenerators;

namespace GpuSpectral.Reports.Plots;

/// <summary>Shared helpers of the plot builders: log axes, number labels, PNG encoding and atomic saving.</summary>
internal static class PlotKit
{
    /// <summary>Colours of the marker lines, in order.</summary>
    internal static readonly Color[] MarkerColors =
    [
        Colors.Red, Colors.Green, Colors.DarkOrange, Colors.Purple, Colors.Brown, Colors.Teal,
    ];

    /// <summary>Line patterns of the marker lines, in order.</summary>
    internal static readonly LinePattern[] MarkerPatterns =
    [
        LinePattern.Dashed, LinePattern.Dotted, LinePattern.DenselyDashed, LinePattern.Solid,
    ];

    /// <summary>
    /// Makes <paramref name="axis"/> read as a log₁₀ axis: the plotted coordinates are log₁₀ of the values, the tick
    /// labels show the values. Over at least one decade the major ticks sit on whole decades with log-spaced minor
    /// ticks; over a narrower range the ticks are evenly spaced in log₁₀ and labelled with the value.
    /// </summary>
    internal static void UseLogTicks(IAxis axis, double log10Min, double log10Max)
    {
        var gen = new NumericAutomatic { LabelFormatter = LogLabel };
        if (log10Max - log10Min >= 1.0)
        {
            gen.IntegerTicksOnly = true;
            gen.MinorTickGenerator = new LogMinorTickGenerator();
        }

        axis.TickGenerator = gen;
    }

    /// <summary>Label of the log₁₀ coordinate <paramref name="v"/>: "0.01", "1", "100", "1e5", or the value itself.</summary>
    internal static string LogLabel(double v)
    {
        var k = Math.Round(v);
        if (Math.Abs(v - k) < 1e-9)
        {
            return k switch
            {
                >= -2 and <= 3 => Math.Pow(10, k).ToString("0.##", CultureInfo.InvariantCulture),
                _ => string.Create(CultureInfo.InvariantCulture, $"1e{k:0}"),
            };
        }

        return Math.Pow(10, v).ToString("G3", CultureInfo.InvariantCulture);
    }

    /// <summary>A short number for titles and legends (4 significant digits; ∞; "–" for NaN).</summary>
    internal static string Num(double v) => v switch
    {
        double.NaN => "–",
        double.PositiveInfinity => "∞",
        double.NegativeInfinity => "−∞",
        _ => v.ToString(v != 0 && (Math.Abs(v) < 1e-3 || Math.Abs(v) >= 1e5) ? "0.###e0" : "0.####",
            CultureInfo.InvariantCulture),
    };

    /// <summary>The light grid that makes log axes readable.</summary>
    internal static void StyleGrid(Plot plt)
    {
        plt.Grid.MajorLineColor = Colors.Black.WithOpacity(.15);
        plt.Grid.MinorLineColor = Colors.Black.WithOpacity(.05);
        plt.Grid.MinorLineWidth = 1;
    }

    /// <summary>(min, max) of <paramref name="values"/>, widened to a non-empty range; (0, 1) when empty.</summary>
    internal static (double Min, double Max) Range(IReadOnlyCollection<double> values)
    {
        if (values.Count == 0)
        {
            return (0, 1);
        }

        var (lo, hi) = (values.Min(), values.Max());
        return hi > lo ? (lo, hi) : (lo - 0.5, hi + 0.5);
    }

    /// <summary>Encodes <paramref name="plt"/> as a PNG of the given size.</summary>
    internal static byte[] Png(Plot plt, int width, int height)
    {
        CheckSize(width, height);
        return plt.GetImageBytes(width, height, ImageFormat.Png);
    }

    /// <summary>Encodes the plots side by side, as one PNG of the given size.</summary>
    internal static byte[] Png(IReadOnlyList<Plot> plots, int width, int height)
    {
        if (plots.Count == 1)
        {
            return Png(plots[0], width, height);
        }

        CheckSize(width, height);
        var mp = new Multiplot(plots[0]) { Layout = new ScottPlot.MultiplotLayouts.Columns() };
        foreach (var p in plots.Skip(1))
        {
            mp.AddPlot(p);
        }

        using var img = mp.Render(width, height);
        return img.GetImageBytes(ImageFormat.Png, 100);
    }

    /// <summary>Writes <paramref name="png"/> to <paramref name="path"/> atomically.</summary>
    internal static void Save(string path, byte[] png) => AtomicFile.Write(path, s => s.Write(png));

    private static void CheckSize(int width, int height)
    {
        if (width < 16 || height < 16)
        {
            throw new ArgumentOutOfRangeException(nameof(width), $"Plot size {width}×{height} is below 16×16 pixels.");
        }
    }
}
