using System.Globalization;
using System.Text.Json;
using GpuSpectral.TestSupport;

namespace GpuSpectral.Cli.Tests;

public sealed class AnalyzeCommandTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("gpuspectral-cli-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void WithoutPathAnalysesTheShippedSample()
    {
        var r = CliProcess.Run("analyze");
        Assert.True(r.ExitCode == 0, r.Stderr);
        // WeightWatcher's mean alpha on this model is 2.6222 (shared/data/README.md).
        Assert.Contains("alpha 2.6222", r.Stdout, StringComparison.Ordinal);
        Assert.Contains("digits_mlp.safetensors", r.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void CsvOutputRoundTripsWeightWatcherNumbers()
    {
        var csv = Path.Combine(_dir, "mlp.csv");
        var r = CliProcess.Run("analyze", SharedData.Data("digits_mlp/digits_mlp.npz"), "--out", csv, "--quiet");
        Assert.True(r.ExitCode == 0, r.Stderr);
        var ours = ReadCsv(csv);
        var ww = ReadCsv(SharedData.Data("digits_mlp/expected_digits_mlp_details_default.csv"));
        Assert.Equal(ww.Count, ours.Count);
        foreach (var (o, e) in ours.Zip(ww))
        {
            Assert.Equal(e["name"], o["name"]);
            foreach (var col in new[] { "alpha", "D", "xmin", "log_norm", "stable_rank" })
            {
                Assert.True(Tolerances.Close(Num(o[col]), Num(e[col]), Tolerances.Float64Relative), $"{col}");
            }
        }

        Assert.True(File.Exists(Path.Combine(_dir, "mlp_summary.csv")));
    }

    [Fact]
    public void JsonOutputHoldsLayersSkipsAndSummary()
    {
        var json = Path.Combine(_dir, "mixed.json");
        var r = CliProcess.Run("analyze", SharedData.Fixture("mixed.safetensors"), "-o", json, "-q");
        Assert.True(r.ExitCode == 0, r.Stderr);
        using var doc = JsonDocument.Parse(File.ReadAllText(json));
        var root = doc.RootElement;
        // WeightWatcher's 7 layers plus the Conv1D kernel, which our default mode analyses.
        var layers = root.GetProperty("layers").EnumerateArray().Select(l => l.GetProperty("name").GetString());
        Assert.Equal(8, layers.Count());
        Assert.Contains("enc.conv1d", layers);
        var skipped = root.GetProperty("skipped").EnumerateArray().Select(s => s.GetProperty("reason").GetString());
        Assert.Contains("1-D tensor (norm or bias vector)", skipped);
        Assert.Equal("default", root.GetProperty("options").GetProperty("compat").GetString());
        Assert.True(root.GetProperty("summary").GetProperty("alpha").GetDouble() > 1);
    }

    [Fact]
    public void CompatWwNumbersLayersAsWeightWatcher()
    {
        var csv = Path.Combine(_dir, "mixed.csv");
        var r = CliProcess.Run("analyze", SharedData.Fixture("mixed.safetensors"), "--compat", "ww", "-o", csv, "-q");
        Assert.True(r.ExitCode == 0, r.Stderr);
        var ids = ReadCsv(csv).Select(row => (row["layer_id"], row["name"])).ToList();
        var ww = ReadCsv(SharedData.Fixture("expected_mixed_details_default.csv"))
            .Select(row => (row["layer_id"], row["name"])).ToList();
        Assert.Equal(ww, ids);
    }

    [Fact]
    public void LayerFilterKeepsOnlyMatchingLayers()
    {
        var csv = Path.Combine(_dir, "f.csv");
        var r = CliProcess.Run("analyze", SharedData.Fixture("tiny_llama"), "--layers", "self_attn\\.q_proj",
            "--layers", "-layers\\.1[01]\\.", "-o", csv, "-q");
        Assert.True(r.ExitCode == 0, r.Stderr);
        var names = ReadCsv(csv).Select(row => row["name"]).ToList();
        Assert.Equal(10, names.Count);
        Assert.All(names, n => Assert.EndsWith("self_attn.q_proj", n, StringComparison.Ordinal));
    }

    internal static List<Dictionary<string, string>> ReadCsv(string path)
    {
        var lines = File.ReadAllLines(path);
        var header = lines[0].Split(',');
        return [.. lines.Skip(1).Select(l => header.Zip(l.Split(',')).ToDictionary(p => p.First, p => p.Second))];
    }

    private static double Num(string s) => s.Length == 0 ? double.NaN : double.Parse(s, CultureInfo.InvariantCulture);
}
