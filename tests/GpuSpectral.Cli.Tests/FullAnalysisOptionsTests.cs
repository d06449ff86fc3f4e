using GpuSpectral.TestSupport;

namespace GpuSpectral.Cli.Tests;

/// <summary>The issue-3 options of <c>analyze</c> end to end: each adds its columns, plots and the HTML page appear.</summary>
public sealed class FullAnalysisOptionsTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("gpuspectral-full-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static List<Dictionary<string, string>> ReadCsv(string path)
    {
        var lines = File.ReadAllLines(path);
        var header = lines[0].Split(',');
        // Only the columns checked here are read; they hold no commas.
        return [.. lines.Skip(1).Select(l => header.Zip(SplitCsv(l)).ToDictionary(p => p.First, p => p.Second))];
    }

    private static List<string> SplitCsv(string line)
    {
        var cells = new List<string>();
        var cur = new System.Text.StringBuilder();
        var quoted = false;
        for (var i = 0; i < line.Length; i++)
        {
            var ch = line[i];
            if (quoted)
            {
                if (ch == '"' && i + 1 < line.Length && line[i + 1] == '"')
                {
                    cur.Append('"');
                    i++;
                }
                else if (ch == '"')
                {
                    quoted = false;
                }
                else
                {
                    cur.Append(ch);
                }
            }
            else if (ch == '"')
            {
                quoted = true;
            }
            else if (ch == ',')
            {
                cells.Add(cur.ToString());
                cur.Clear();
            }
            else
            {
                cur.Append(ch);
            }
        }

        cells.Add(cur.ToString());
        return cells;
    }

    [Fact]
    public void Every_option_adds_its_columns_and_the_plots_and_report_are_written()
    {
        var csv = Path.Combine(_dir, "full.csv");
        var plots = Path.Combine(_dir, "plots");
        var html = Path.Combine(_dir, "report.html");
        var r = CliProcess.Run(
            "analyze", SharedData.Fixture("gaussian.npz"), "-q", "--mp-fit", "--randomize", "--seed", "7", "--vectors",
            "--detx", "--fix-fingers", "clip-xmax", "--compare-fits", "--plots", plots, "--report", html, "--out", csv);
        Assert.True(r.ExitCode == 0, r.Stderr);
        var rows = ReadCsv(csv);
        Assert.Equal(7, rows.Count);
        foreach (var column in new[]
                 {
                     "sigma_mp", "num_spikes", "rand_num_spikes", "rand_distance", "correlation_trap", "random_seed",
                     "tail_mean_loc_ratio", "bulk_var_part_ratio", "detX_num", "detX_val_rescaled", "num_fingers",
                     "raw_alpha", "pl_vs_lognormal_R", "pl_vs_tpl_p", "phase", "phase_reason",
                 })
        {
            Assert.True(rows[0].ContainsKey(column), $"missing column {column}");
        }

        Assert.All(rows, x => Assert.Equal("7", x["random_seed"]));
        // Gaussian matrices are the Marchenko–Pastur null model: no spikes, random-like (phases-of-training.md P3).
        Assert.All(rows, x => Assert.Equal("RANDOM-LIKE", x["phase"]));
        Assert.All(rows, x => Assert.Equal("0", x["num_spikes"]));
        var pngs = Directory.GetFiles(plots, "*.png");
        Assert.Contains(pngs, p => p.EndsWith("model.alpha_by_layer.png", StringComparison.Ordinal));
        Assert.Equal(7, pngs.Count(p => p.EndsWith(".esd.png", StringComparison.Ordinal)));
        Assert.Equal(7, pngs.Count(p => p.EndsWith(".mpfit.png", StringComparison.Ordinal)));
        Assert.Equal(7, pngs.Count(p => p.EndsWith(".localization.png", StringComparison.Ordinal)));
        var page = File.ReadAllText(html);
        Assert.Contains("RANDOM-LIKE", page, StringComparison.Ordinal);
        Assert.Contains("data:image/png;base64,", page, StringComparison.Ordinal);
    }

    [Fact]
    public void The_default_table_gains_only_the_phase_columns()
    {
        var csv = Path.Combine(_dir, "default.csv");
        var r = CliProcess.Run("analyze", SharedData.Fixture("gaussian.npz"), "-q", "--out", csv);
        Assert.True(r.ExitCode == 0, r.Stderr);
        var header = File.ReadLines(csv).First().Split(',');
        Assert.Contains("phase", header);
        Assert.DoesNotContain("sigma_mp", header);
        Assert.DoesNotContain("rand_distance", header);
    }

    [Theory]
    [InlineData("--report", "x.txt", "must be .html")]
    [InlineData("--fit", "gamma", "gamma")]
    [InlineData("--fix-fingers", "maybe", "maybe")]
    public void Bad_option_values_exit_2_with_a_message(string option, string value, string expected)
    {
        var r = CliProcess.Run("analyze", SharedData.Fixture("gaussian.npz"), "-q", option, Path.Combine(_dir, value));
        if (option != "--report")
        {
            r = CliProcess.Run("analyze", SharedData.Fixture("gaussian.npz"), "-q", option, value);
        }

        Assert.Equal(2, r.ExitCode);
        Assert.Contains(expected, r.Stderr, StringComparison.Ordinal);
    }
}
