using System.Globalization;

namespace GpuSpectral.TestSupport;

/// <summary>
/// Test-only reader of WeightWatcher's <c>expected_*_details_*.csv</c> fixtures: a header row, then one row per
/// layer; no quoted fields (fixture names hold no commas). Floats were written with %.17g, so they parse exactly.
/// </summary>
public sealed class WwDetailsCsv
{
    private readonly string[] _header;

    private WwDetailsCsv(string[] header, List<string[]> rows)
    {
        _header = header;
        Rows = rows;
    }

    /// <summary>Raw fields of every data row, in file order.</summary>
    public IReadOnlyList<string[]> Rows { get; }

    /// <summary>Reads the CSV at <paramref name="path"/>.</summary>
    public static WwDetailsCsv Read(string path)
    {
        var lines = File.ReadAllLines(path).Where(l => l.Length > 0).ToArray();
        return new WwDetailsCsv(lines[0].Split(','), lines.Skip(1).Select(l => l.Split(',')).ToList());
    }

    /// <summary>The text of column <paramref name="column"/> in <paramref name="row"/>.</summary>
    public string Text(string[] row, string column) => row[Array.IndexOf(_header, column) is var i and >= 0
        ? i : throw new KeyNotFoundException(column)];

    /// <summary>Column <paramref name="column"/> of <paramref name="row"/> as a double (empty → NaN).</summary>
    public double Number(string[] row, string column)
    {
        var text = Text(row, column);
        return text.Length == 0 ? double.NaN : double.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture);
    }
}
