using System.Diagnostics;
using System.Text.RegularExpressions;
using GpuSpectral.TestSupport;

namespace GpuSpectral.Cli.Tests.Docker;

/// <summary>Checks docker/slurm: #SBATCH directives, the sharded command, the dependent merge, shell syntax.</summary>
public sealed class SlurmScriptTests
{
    private static string Slurm(string name) => Path.Combine(SharedData.RepoRoot, "docker", "slurm", name);

    private static Dictionary<string, string> Directives(string text) =>
        text.Split('\n').Where(l => l.StartsWith("#SBATCH ", StringComparison.Ordinal))
            .Select(l => l["#SBATCH ".Length..].Trim().Split('=', 2))
            .ToDictionary(p => p[0], p => p.Length > 1 ? p[1] : "");

    [Fact]
    public void Array_script_runs_one_gpu_shard_per_task_with_shard_auto()
    {
        var text = File.ReadAllText(Slurm("analyze-array.sbatch"));
        Assert.StartsWith("#!/bin/bash\n", text, StringComparison.Ordinal);
        var d = Directives(text);
        Assert.Matches(@"^0-\d+$", d["--array"]);
        Assert.Equal("gpu:1", d["--gres"]);
        Assert.True(d.ContainsKey("--time"));
        // Directives must come before the first command, or sbatch ignores them.
        var firstCommand = text.Split('\n').ToList().FindIndex(l => l.Length > 0 && !l.StartsWith('#'));
        var lastDirective = text.Split('\n').ToList().FindLastIndex(l => l.StartsWith("#SBATCH", StringComparison.Ordinal));
        Assert.True(lastDirective < firstCommand);

        Assert.Contains("export GPUSPECTRAL_SHARD_COUNT=\"${SLURM_ARRAY_TASK_COUNT}\"", text, StringComparison.Ordinal);
        var run = Assert.Single(text.Split('\n'), l => l.StartsWith("srun ", StringComparison.Ordinal));
        Assert.Matches(new Regex(@"\banalyze ""\$MODEL"" --shard auto --out ""\$RESULTS/part-\$\{SLURM_ARRAY_TASK_ID\}\.jsonl""$"), run);
    }

    [Fact]
    public void Merge_is_queued_after_every_array_task_succeeds()
    {
        var submit = File.ReadAllText(Slurm("submit.sh"));
        Assert.Contains("sbatch --parsable --export=ALL \"$here/analyze-array.sbatch\"", submit, StringComparison.Ordinal);
        Assert.Contains("--dependency=\"afterok:${array_id}\" \"$here/merge.sbatch\"", submit, StringComparison.Ordinal);
        var merge = File.ReadAllText(Slurm("merge.sbatch"));
        Assert.Contains("merge \"$RESULTS\"/part-*.jsonl --out \"$RESULTS/all.csv\"", merge, StringComparison.Ordinal);
        Assert.DoesNotContain("--gres", merge, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("analyze-array.sbatch")]
    [InlineData("merge.sbatch")]
    [InlineData("submit.sh")]
    public void Scripts_parse_as_bash(string name)
    {
        var psi = new ProcessStartInfo("bash", ["-n", Slurm(name)]) { RedirectStandardError = true };
        using var p = Process.Start(psi)!;
        var err = p.StandardError.ReadToEnd();
        p.WaitForExit();
        Assert.True(p.ExitCode == 0, err);
    }
}
