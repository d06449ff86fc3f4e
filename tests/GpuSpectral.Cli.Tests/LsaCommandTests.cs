using System.Text;
using System.Text.Json;

namespace GpuSpectral.Cli.Tests;

public sealed class LsaCommandTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("gpuspectral-lsa-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void SmallCorpusGivesJsonPlotsAndEmbeddings()
    {
        var tsv = Path.Combine(_dir, "docs.tsv");
        File.WriteAllText(tsv, Corpus(120, seed: 3));
        var json = Path.Combine(_dir, "r.json");
        var npy = Path.Combine(_dir, "e.npy");
        var r = CliProcess.Run("lsa", tsv, "-o", json, "--plots", Path.Combine(_dir, "plots"), "--embed", npy,
            "--top-terms", "3", "--leverage", "3");
        Assert.True(r.ExitCode == 0, r.Stderr);
        Assert.Contains("power law", r.Stdout, StringComparison.Ordinal);
        using var doc = JsonDocument.Parse(File.ReadAllText(json));
        var k = doc.RootElement.GetProperty("k");
        Assert.True(k.GetProperty("power_law").GetInt32() >= 0);
        Assert.Equal(120, doc.RootElement.GetProperty("shape").GetProperty("n_docs").GetInt32());
        Assert.True(File.Exists(Path.Combine(_dir, "plots", "esd.png")));
        Assert.Equal(new byte[] { 0x93, (byte)'N', (byte)'U', (byte)'M', (byte)'P', (byte)'Y' }, File.ReadAllBytes(npy)[..6]);
    }

    [Fact]
    public void MissingInputIsBadInput() => AssertBad(CliProcess.Run("lsa", Path.Combine(_dir, "nope.tsv")), "nope.tsv");

    [Fact]
    public void InvalidUtf8NamesTheLine()
    {
        var tsv = Path.Combine(_dir, "bad.tsv");
        File.WriteAllBytes(tsv, [.. "a\tfine text here\nb\tbroken "u8.ToArray(), 0xFF, 0xFE, (byte)'\n']);
        AssertBad(CliProcess.Run("lsa", tsv), "line 2");
    }

    [Fact]
    public void EmptyCorpusIsBadInput()
    {
        var tsv = Path.Combine(_dir, "empty.tsv");
        File.WriteAllText(tsv, "");
        AssertBad(CliProcess.Run("lsa", tsv), "empty.tsv");
    }

    [Fact]
    public void BadDocumentFrequencyIsBadInput() =>
        AssertBad(CliProcess.Run("lsa", Path.Combine(_dir, "x.tsv"), "--min-df", "lots"), "--min-df");

    private static void AssertBad(CliProcess.Result r, string mention)
    {
        Assert.Equal(2, r.ExitCode);
        Assert.StartsWith("error: ", r.Stderr, StringComparison.Ordinal);
        Assert.Contains(mention, r.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", r.Stderr, StringComparison.Ordinal);
    }

    /// <summary>Seeded documents over a Zipf-like vocabulary of 300 words.</summary>
    private static string Corpus(int documents, int seed)
    {
        var rng = new Random(seed);
        var sb = new StringBuilder();
        for (var d = 0; d < documents; d++)
        {
            sb.Append("doc").Append(d).Append('\t');
            var length = 20 + rng.Next(40);
            for (var w = 0; w < length; w++)
            {
                var rank = (int)Math.Floor(Math.Pow(300, rng.NextDouble()));
                sb.Append("word").Append(rank).Append(' ');
            }

            sb.Append('\n');
        }

        return sb.ToString();
    }
}
