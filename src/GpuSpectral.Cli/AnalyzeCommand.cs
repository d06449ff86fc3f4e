using System.CommandLine;
using GpuSpectral.Compute;
using GpuSpectral.Engine;
using GpuSpectral.Reports;
using Spectre.Console;

namespace GpuSpectral.Cli;

/// <summary><c>gpuspectral analyze [PATH]</c>: per-layer spectral metrics of a checkpoint.</summary>
internal static class AnalyzeCommand
{
    public static Command Create()
    {
        var common = new CommonOptions();
        var output = new Option<string?>("--out", "-o")
        {
            Description = "Write the results: .csv (details, plus <stem>_summary.csv) or .json (everything)",
        };
        var backend = new Option<string>("--backend")
        {
            Description = "Eigen solver: auto (LAPACK if found, else managed) | lapack | managed",
            DefaultValueFactory = _ => "auto",
        };
        backend.AcceptOnlyFromAmong("auto", "lapack", "managed");
        var xmax = new Option<int?>("--xmax")
        {
            Description = "Drop this many of the largest eigenvalues before the power-law fit (WeightWatcher's xmax=k)",
        };
        var tolerance = new Option<double>("--tolerance")
        {
            Description = "Eigenvalue threshold of weak_rank_loss", DefaultValueFactory = _ => 1e-6,
        };
        var quiet = new Option<bool>("--quiet", "-q") { Description = "No table on the console" };

        var cmd = new Command("analyze", "Spectral analysis of every weight matrix (ESD, power-law fit, metrics)");
        common.AddTo(cmd);
        cmd.Options.Add(output);
        cmd.Options.Add(backend);
        cmd.Options.Add(xmax);
        cmd.Options.Add(tolerance);
        cmd.Options.Add(quiet);
        cmd.SetAction((r, ct) => Task.FromResult(CliRunner.Run(r.GetValue(common.Verbose), () =>
        {
            var outPath = r.GetValue(output);
            if (outPath is not null && !outPath.EndsWith(".csv", StringComparison.OrdinalIgnoreCase)
                && !outPath.EndsWith(".json", StringComparison.OrdinalIgnoreCase))
            {
                throw new ArgumentException($"--out {outPath}: the extension must be .csv or .json");
            }

            var outDir = outPath is null ? null : Path.GetDirectoryName(Path.GetFullPath(outPath));
            if (outDir is not null && !Directory.Exists(outDir))
            {
                // Fail before the analysis, not after it.
                throw new DirectoryNotFoundException($"--out {outPath}: the folder {outDir} does not exist");
            }

            var options = new AnalysisOptions
            {
                Plan = common.ToPlanOptions(r),
                XmaxDrop = r.GetValue(xmax),
                Tolerance = r.GetValue(tolerance),
                Format = r.GetValue(common.Format),
            };
            var kind = r.GetValue(backend) switch
            {
                "lapack" => EigenBackendKind.Lapack,
                "managed" => EigenBackendKind.Managed,
                _ => EigenBackendKind.Auto,
            };
            var eigen = EigenBackends.Create(kind, w => Console.Error.WriteLine($"warning: {w}"));
            var report = RunWithProgress(new Analyzer(eigen), common.ResolvePath(r), options, ct);
            if (!r.GetValue(quiet))
            {
                ConsoleReport.Write(AnsiConsole.Console, report);
            }

            if (outPath is not null)
            {
                WriteOutput(outPath, report);
            }

            return ExitCodes.Ok;
        })));
        return cmd;
    }

    private static AnalysisReport RunWithProgress(
        Analyzer analyzer, string path, AnalysisOptions options, CancellationToken ct)
    {
        if (!AnsiConsole.Profile.Capabilities.Interactive || Console.IsOutputRedirected)
        {
            return analyzer.Analyze(path, options, cancellationToken: ct);
        }

        AnalysisReport? report = null;
        AnsiConsole.Progress()
            .AutoClear(true)
            .Columns(
                new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(),
                new TransferSpeedColumn(), new RemainingTimeColumn(), new SpinnerColumn())
            .Start(ctx =>
            {
                // Progress counts bytes, so the speed column is the read+analysis rate and the ETA weighs big layers.
                var task = ctx.AddTask("reading", maxValue: 1);
                var progress = new SyncProgress<AnalysisProgress>(p =>
                {
                    task.MaxValue = Math.Max(1, p.BytesTotal);
                    task.Value = p.BytesRead;
                    var name = p.CurrentLayer.Length > 32 ? "…" + p.CurrentLayer[^31..] : p.CurrentLayer;
                    task.Description = Markup.Escape($"{p.LayersDone}/{p.LayersTotal} {name}");
                });
                report = analyzer.Analyze(path, options, progress, cancellationToken: ct);
            });
        return report!;
    }

    private static void WriteOutput(string outPath, AnalysisReport report)
    {
        if (outPath.EndsWith(".json", StringComparison.OrdinalIgnoreCase))
        {
            JsonReportWriter.WriteFile(outPath, report, CliRunner.Version);
            Console.Error.WriteLine($"wrote {outPath}");
        }
        else
        {
            var summary = CsvReportWriter.WriteFiles(outPath, report.Layers, report.Summary);
            Console.Error.WriteLine($"wrote {outPath} and {summary}");
        }
    }
}
