using System.Globalization;
using System.Text.Json;
using GpuSpectral.TestSupport;

namespace GpuSpectral.Cli.Tests;

/// <summary><c>gpuspectral compare A B</c> end to end: exit codes, output files and their rows.</summary>
public sealed class CompareCommandTests : IDisposable
{
    /// <summary>The CSV holds shortest round-trip doubles; the reference sums ≤ 600 squares in another order.</summary>
    private const double RawRelative = 1e-12;

    private readonly string _dir = Directory.CreateTempSubdirectory("gpuspectral-compare-cli-").FullName;
    private readonly double[] _a1 = SeededMatrices.Gaussian(30, 20, 31);
    private readonly double[] _b1 = SeededMatrices.Gaussian(30, 20, 32);

    public CompareCommandTests()
    {
        PathA = Path.Combine(_dir, "a.safetensors");
        PathB = Path.Combine(_dir, "b.safetensors");
        CompareCheckpoints.Write(PathA, ("fc1.weight", 30, 20, _a1), ("fc2.weight", 20, 12, SeededMatrices.Gaussian(20, 12, 33)),
            ("gone.weight", 15, 12, SeededMatrices.Gaussian(15, 12, 34)));
        CompareCheckpoints.Write(PathB, ("fc1.weight", 30, 20, _b1), ("fc2.weight", 20, 12, SeededMatrices.Gaussian(20, 12, 35)),
            ("new.weight", 15, 12, SeededMatrices.Gaussian(15, 12, 36)));
    }

    private string PathA { get; }

    private string PathB { get; }

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void CsvHasOneRowPerMatchedLayerWithDistancesAndTheSkipsFile()
    {
        var csv = Path.Combine(_dir, "cmp.csv");
        var r = CliProcess.Run("compare", PathA, PathB, "--out", csv, "-q");
        Assert.True(r.ExitCode == 0, r.Stderr);
        var rows = ReadCsv(csv);
        Assert.Equal(["fc1", "fc2"], rows.Select(x => x["name"]));
        Assert.All(rows, x => Assert.Equal("weights", x["delta_source"]));
        var expected = Math.Sqrt(_a1.Zip(_b1, (x, y) => (x - y) * (x - y)).Sum());
        Assert.True(Tolerances.Close(Num(rows[0]["distance_raw"]), expected, RawRelative));
        Assert.Equal(rows[0]["distance_raw"], rows[0]["distance_euclidean"]);
        Assert.InRange(Num(rows[0]["distance_cka"]), 0.0, 1.0);
        Assert.Equal("success", rows[0]["status"]);
        var summary = File.ReadAllLines(Path.Combine(_dir, "cmp_summary.csv"));
        Assert.Contains(summary, l => l.StartsWith("distance_cka,", StringComparison.Ordinal));
        var skipped = ReadCsv(Path.Combine(_dir, "cmp_skipped.csv"));
        Assert.Equal(["gone", "new"], skipped.Select(x => x["name"]));
        Assert.Equal(["only in A", "only in B"], skipped.Select(x => x["reason"]));
    }

    [Fact]
    public void JsonHoldsLayersSkipsAndSummary()
    {
        var json = Path.Combine(_dir, "cmp.json");
        var r = CliProcess.Run("compare", PathA, PathB, "-o", json, "-q");
        Assert.True(r.ExitCode == 0, r.Stderr);
        using var doc = JsonDocument.Parse(File.ReadAllText(json));
        var root = doc.RootElement;
        Assert.Equal(2, root.GetProperty("layers").GetArrayLength());
        Assert.Equal(2, root.GetProperty("skipped").GetArrayLength());
        Assert.Equal(2, root.GetProperty("summary").GetProperty("layers_compared").GetInt32());
        Assert.True(root.GetProperty("layers")[0].GetProperty("distance_raw").GetDouble() > 0);
    }

    [Fact]
    public void MixedFixtureWithItselfSucceedsWithZeroDistances()
    {
        var path = SharedData.Fixture("mixed.safetensors");
        var csv = Path.Combine(_dir, "self.csv");
        var r = CliProcess.Run("compare", path, path, "-o", csv);
        Assert.True(r.ExitCode == 0, r.Stderr);
        var rows = ReadCsv(csv);
        Assert.Equal(8, rows.Count);
        Assert.All(rows, x => Assert.Equal("0", x["distance_raw"]));
        Assert.All(rows, x => Assert.Equal("failed", x["status"]));
    }

    [Fact]
    public void NoMatchedLayerIsExitTwoSayingSo()
    {
        var other = Path.Combine(_dir, "other.safetensors");
        CompareCheckpoints.Write(other, ("x.weight", 20, 12, SeededMatrices.Gaussian(20, 12, 37)));
        var r = CliProcess.Run("compare", PathA, other, "-q");
        Assert.Equal(2, r.ExitCode);
        Assert.Contains("no layer", r.Stderr, StringComparison.Ordinal);
        Assert.Contains("other.safetensors", r.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void MissingBIsExitTwoNamingTheFile()
    {
        var r = CliProcess.Run("compare", PathA, Path.Combine(_dir, "missing.safetensors"));
        Assert.Equal(2, r.ExitCode);
        Assert.Contains("missing.safetensors", r.Stderr, StringComparison.Ordinal);
        Assert.Single(r.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
    }

    [Fact]
    public void MalformedAIsExitTwoNamingTheFile()
    {
        var junk = Path.Combine(_dir, "junk.safetensors");
        File.WriteAllBytes(junk, [.. Enumerable.Range(0, 64).Select(i => (byte)(i * 37))]);
        var r = CliProcess.Run("compare", junk, PathB);
        Assert.Equal(2, r.ExitCode);
        Assert.Contains("junk.safetensors", r.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void MissingSecondArgumentIsAUsageError()
    {
        var r = CliProcess.Run("compare", PathA);
        Assert.Equal(2, r.ExitCode);
    }

    private static List<Dictionary<string, string>> ReadCsv(string path)
    {
        var lines = File.ReadAllLines(path);
        var header = lines[0].Split(',');
        return [.. lines.Skip(1).Select(l => header.Zip(SplitCsv(l)).ToDictionary(p => p.First, p => p.Second))];
    }

    /// <summary>Splits one CSV line, honouring double-quoted fields.</summary>
    private static List<string> SplitCsv(string line)
    {
        var fields = new List<string>();
        var cur = new System.Text.StringBuilder();
        var quoted = false;
        for (var i = 0; i < line.Length; i++)
        {
            var c = line[i];
            if (quoted && c == '"' && i + 1 < line.Length && line[i + 1] == '"')
            {
                cur.Append('"');
                i++;
            }
            else if (c == '"')
            {
                quoted = !quoted;
            }
            else if (c == ',' && !quoted)
            {
                fields.Add(cur.ToString());
                cur.Clear();
            }
            else
            {
                cur.Append(c);
            }
        }

        fields.Add(cur.ToString());
        return fields;
    }

    private static double Num(string s) => double.Parse(s, CultureInfo.InvariantCulture);
}
