using System.Globalization;
using GpuSpectral.TestSupport;

namespace GpuSpectral.Core.Tests.Phases;

/// <summary>Reads WeightWatcher's own <c>expected_*_details_mp_random.csv</c> rows (no quoted fields in these
/// files) into numeric columns plus the fit status.</summary>
internal static class WeightWatcherRows
{
    public static (Dictionary<string, double> Numbers, bool Success) Row(string input, string name)
    {
        var lines = File.ReadAllLines(SharedData.Fixture($"expected_{input}_details_mp_random.csv"));
        var header = lines[0].Split(',');
        var fields = lines.Skip(1).Select(l => l.Split(',')).Single(f => f[Array.IndexOf(header, "name")] == name);
        var numbers = new Dictionary<string, double>(StringComparer.Ordinal);
        for (var i = 0; i < header.Length; i++)
        {
            if (double.TryParse(fields[i], NumberStyles.Float, CultureInfo.InvariantCulture, out var v))
            {
                numbers[header[i]] = v;
            }
        }

        return (numbers, fields[Array.IndexOf(header, "status")] == "success");
    }
}
