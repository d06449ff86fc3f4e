using System.Buffers.Binary;

namespace GpuSpectral.Reports.Tests;

internal static class PngAssert
{
    private static readonly byte[] Signature = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A];

    /// <summary>Asserts a valid PNG of the given size whose pixels are not one flat colour; returns the colour count.</summary>
    public static int Valid(byte[] png, int width, int height)
    {
        Assert.True(png.Length > 33, "too short for a PNG");
        Assert.Equal(Signature, png[..8]);
        Assert.Equal("IHDR"u8.ToArray(), png[12..16]);
        Assert.Equal(width, BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(16, 4)));
        Assert.Equal(height, BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(20, 4)));

        using var img = new ScottPlot.Image(png);
        Assert.Equal(width, img.Width);
        Assert.Equal(height, img.Height);
        var rgb = img.GetArrayRGB();
        var colours = new HashSet<int>();
        var nonWhite = 0;
        for (var y = 0; y < rgb.GetLength(0); y++)
        {
            for (var x = 0; x < rgb.GetLength(1); x++)
            {
                var (r, g, b) = (rgb[y, x, 0], rgb[y, x, 1], rgb[y, x, 2]);
                colours.Add((r << 16) | (g << 8) | b);
                if (r < 250 || g < 250 || b < 250)
                {
                    nonWhite++;
                }
            }
        }

        Assert.True(colours.Count > 2, $"only {colours.Count} colours");
        Assert.True(nonWhite > width * height / 200, $"only {nonWhite} non-white pixels");
        return colours.Count;
    }

    public static int ValidFile(string path, int width, int height)
    {
        Assert.True(File.Exists(path), path);
        return Valid(File.ReadAllBytes(path), width, height);
    }

    /// <summary>Counts pixels close to pure red (the fit line / markers are red).</summary>
    public static int RedPixels(byte[] png)
    {
        using var img = new ScottPlot.Image(png);
        var rgb = img.GetArrayRGB();
        var n = 0;
        for (var y = 0; y < rgb.GetLength(0); y++)
        {
            for (var x = 0; x < rgb.GetLength(1); x++)
            {
                if (rgb[y, x, 0] > 200 && rgb[y, x, 1] < 60 && rgb[y, x, 2] < 60)
                {
                    n++;
                }
            }
        }

        return n;
    }
}
