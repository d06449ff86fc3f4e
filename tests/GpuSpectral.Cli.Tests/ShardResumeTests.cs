using System.Diagnostics;
using GpuSpectral.TestSupport;

namespace GpuSpectral.Cli.Tests;

/// <summary>
/// Issue 6's guarantees, end to end through the real program: three shard processes + <c>merge</c> equal one
/// unsharded run row for row, and a run killed at a random point and resumed gives the same rows as an
/// uninterrupted one (both compared as the CSV bytes that <c>--out x.csv</c> writes).
/// </summary>
public sealed class ShardResumeTests : IDisposable
{
    private static readonly string Model = SharedData.Fixture("tiny_llama");
    private readonly string _dir = Directory.CreateTempSubdirectory("gpuspectral-shards-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string In(string name) => Path.Combine(_dir, name);

    private string Unsharded()
    {
        var r = CliProcess.Run("analyze", Model, "-q", "--out", In("all.csv"));
        Assert.True(r.ExitCode == 0, r.Stderr);
        return File.ReadAllText(In("all.csv"));
    }

    [Fact]
    public void Three_shards_merged_equal_one_unsharded_run_row_for_row()
    {
        var expected = Unsharded();
        for (var i = 0; i < 3; i++)
        {
            var r = CliProcess.Run("analyze", Model, "-q", "--shard", $"{i}/3", "--out", In($"part{i}.jsonl"));
            Assert.True(r.ExitCode == 0, r.Stderr);
        }

        var m = CliProcess.Run("merge", In("part0.jsonl"), In("part1.jsonl"), In("part2.jsonl"), "--out", In("merged.csv"));
        Assert.True(m.ExitCode == 0, m.Stderr);
        Assert.Equal(expected, File.ReadAllText(In("merged.csv")));
        Assert.Equal(File.ReadAllText(In("all_summary.csv")), File.ReadAllText(In("merged_summary.csv")));
    }

    [Fact]
    public void Merge_refuses_missing_and_duplicated_shards_with_exit_code_2()
    {
        for (var i = 0; i < 2; i++)
        {
            Assert.Equal(0, CliProcess.Run("analyze", Model, "-q", "--shard", $"{i}/2", "--out", In($"p{i}.jsonl")).ExitCode);
        }

        var missing = CliProcess.Run("merge", In("p0.jsonl"), "--out", In("m.csv"));
        Assert.Equal(2, missing.ExitCode);
        Assert.Contains("are in no part", missing.Stderr, StringComparison.Ordinal);
        var twice = CliProcess.Run("merge", In("p0.jsonl"), In("p1.jsonl"), In("p0.jsonl"), "--out", In("m.csv"));
        Assert.Equal(2, twice.ExitCode);
        Assert.Contains("is in both", twice.Stderr, StringComparison.Ordinal);
        Assert.False(File.Exists(In("m.csv")));
    }

    [Fact]
    public void A_run_killed_at_a_random_point_and_resumed_gives_the_rows_of_an_uninterrupted_run()
    {
        var expected = Unsharded();
        // The kill point is random (seed printed on failure) but always after at least one finished layer.
        var seed = Environment.TickCount;
        var killAfter = new Random(seed).Next(1, 80);
        var part = In("run.jsonl");
        var killed = KillAfterLayers(killAfter, "analyze", Model, "-q", "--progress", "json", "--out", part);
        Assert.True(killed, $"seed {seed}: the run finished before {killAfter} layers could be observed");
        var resumed = CliProcess.Run("analyze", Model, "-q", "--resume", "--out", part);
        Assert.True(resumed.ExitCode == 0, $"seed {seed}: {resumed.Stderr}");
        Assert.Contains("resuming", resumed.Stderr, StringComparison.Ordinal);
        var m = CliProcess.Run("merge", part, "--out", In("resumed.csv"));
        Assert.True(m.ExitCode == 0, m.Stderr);
        Assert.Equal(expected, File.ReadAllText(In("resumed.csv")));
    }

    [Fact]
    public void A_torn_last_line_is_dropped_and_its_layer_redone()
    {
        var expected = Unsharded();
        var part = In("torn.jsonl");
        Assert.Equal(0, CliProcess.Run("analyze", Model, "-q", "--shard", "0/1", "--out", part).ExitCode);
        var lines = File.ReadAllLines(part);
        // Keep the header and 10 rows, then half of the 11th row as a kill mid-write would leave it.
        File.WriteAllText(part, string.Join('\n', lines.Take(11)) + '\n' + lines[11][..(lines[11].Length / 2)]);
        Assert.Equal(0, CliProcess.Run("analyze", Model, "-q", "--shard", "0/1", "--resume", "--out", part).ExitCode);
        Assert.Equal(0, CliProcess.Run("merge", part, "--out", In("torn.csv")).ExitCode);
        Assert.Equal(expected, File.ReadAllText(In("torn.csv")));
    }

    [Fact]
    public void Resume_with_other_options_is_refused()
    {
        var part = In("opts.jsonl");
        Assert.Equal(0, CliProcess.Run("analyze", Model, "-q", "--layers", "q_proj", "--out", part).ExitCode);
        var r = CliProcess.Run("analyze", Model, "-q", "--resume", "--out", part);
        Assert.Equal(2, r.ExitCode);
        Assert.Contains("other options", r.Stderr, StringComparison.Ordinal);
        var again = CliProcess.Run("analyze", Model, "-q", "--out", part);
        Assert.Equal(2, again.ExitCode);
        Assert.Contains("--resume", again.Stderr, StringComparison.Ordinal);
    }

    /// <summary>Starts the program, kills it once its JSON progress reports <paramref name="layers"/> layers done.</summary>
    /// <returns>False when the program ended on its own first.</returns>
    private static bool KillAfterLayers(int layers, params string[] args)
    {
        var psi = new ProcessStartInfo("dotnet") { RedirectStandardError = true, RedirectStandardOutput = true };
        psi.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "gpuspectral.dll"));
        foreach (var a in args)
        {
            psi.ArgumentList.Add(a);
        }

        using var p = Process.Start(psi)!;
        _ = p.StandardOutput.ReadToEndAsync();
        var marker = $"\"layers_done\":{layers},";
        while (p.StandardError.ReadLine() is { } line)
        {
            if (line.Contains(marker, StringComparison.Ordinal))
            {
                p.Kill(entireProcessTree: true);
                p.WaitForExit();
                return true;
            }
        }

        p.WaitForExit();
        return false;
    }
}
