using System.Globalization;

namespace GpuSpectral.Engine.Tests.Golden;

/// <summary>A WeightWatcher CSV (details or summary) as written by the fixture harness (%.17g floats).</summary>
internal sealed class ExpectedTable
{
    private ExpectedTable(List<Dictionary<string, string>> rows) => Rows = rows;

    public List<Dictionary<string, string>> Rows { get; }

    public static ExpectedTable Load(string path)
    {
        var lines = File.ReadAllLines(path);
        var header = Split(lines[0]);
        var rows = new List<Dictionary<string, string>>();
        foreach (var line in lines.Skip(1).Where(l => l.Length > 0))
        {
            var cells = Split(line);
            rows.Add(header.Zip(cells).ToDictionary(p => p.First, p => p.Second, StringComparer.Ordinal));
        }

        return new ExpectedTable(rows);
    }

    /// <summary>Summary CSV as metric → value.</summary>
    public static Dictionary<string, double> LoadSummary(string path) =>
        Load(path).Rows.ToDictionary(r => r["metric"], r => Number(r["value"]), StringComparer.Ordinal);

    /// <summary>Parses a float cell; empty is NaN, pandas' inf spellings are infinities.</summary>
    public static double Number(string cell) => cell switch
    {
        "" => double.NaN,
        "inf" => double.PositiveInfinity,
        "-inf" => double.NegativeInfinity,
        _ => double.Parse(cell, NumberStyles.Float, CultureInfo.InvariantCulture),
    };

    private static string[] Split(string line)
    {
        // The fixtures have no quoted fields (names hold no commas); refuse anything else loudly.
        if (line.Contains('"', StringComparison.Ordinal))
        {
            throw new InvalidDataException($"quoted CSV not expected: {line}");
        }

        return line.Split(',');
    }
}
