using System.CommandLine;
using GpuSpectral.Checkpoints;
using GpuSpectral.Compute;
using GpuSpectral.Engine;
using GpuSpectral.Engine.Compare;
using GpuSpectral.Reports.Compare;
using Spectre.Console;

namespace GpuSpectral.Cli;

/// <summary>
/// <c>gpuspectral compare A B</c>: spectral metrics of ΔW = W_A − W_B per layer matched by name (WeightWatcher's
/// <c>base_model</c>) and the raw / euclidean / cka distances (WeightWatcher's <c>distances</c>). Either side may be
/// a PEFT LoRA adapter, whose ΔW is scaling·B·A.
/// </summary>
internal static class CompareCommand
{
    public static Command Create()
    {
        var common = new CommonOptions();
        var pathA = new Argument<string>("a") { Description = "Checkpoint A (any format analyze reads), or a PEFT adapter" };
        var pathB = new Argument<string>("b") { Description = "Checkpoint B; ΔW = W_A − W_B. Either A or B may be a PEFT adapter" };
        var formatB = new Option<string?>("--format-b")
        {
            Description = "Force the reader of B (--format applies to A)",
        };
        var output = new Option<string?>("--out", "-o")
        {
            Description = "Write the results: .csv (rows, plus <stem>_summary.csv and <stem>_skipped.csv) or .json",
        };
        var backend = new Option<string>("--backend")
        {
            Description = "Eigen solver: auto | lapack | managed", DefaultValueFactory = _ => "auto",
        };
        var xmax = new Option<int?>("--xmax") { Description = "Drop this many of the largest eigenvalues before the fit" };
        var tolerance = new Option<double>("--tolerance")
        {
            Description = "Eigenvalue threshold of weak_rank_loss", DefaultValueFactory = _ => 1e-6,
        };
        var loraScaling = new Option<double?>("--lora-scaling")
        {
            Description = "LoRA scaling for every adapter pair (default: lora_alpha/r from adapter_config.json, 1 without it)",
        };
        var quiet = new Option<bool>("--quiet", "-q") { Description = "No table on the console" };
        var noCka = new Option<bool>("--no-cka")
        {
            Description = "Skip distance_cka (left empty); it costs about three Gram matrices per layer",
        };

        var cmd = new Command("compare", "Spectra of W_A − W_B per layer and the raw/euclidean/cka distances (PEFT LoRA adapters too)");
        cmd.Arguments.Add(pathA);
        cmd.Arguments.Add(pathB);
        foreach (var o in new Option[]
                 {
                     common.Format, formatB, common.Compat, common.Layers, common.MinEvals, common.MaxEvals, common.MaxN,
                     common.NoConv2DNorm, common.SplitFused, common.SplitGates, common.Verbose, output, backend, xmax,
                     tolerance, loraScaling, noCka, quiet,
                 })
        {
            cmd.Options.Add(o);
        }

        common.Format.AcceptOnlyFromAmong([.. CheckpointOpener.SupportedFormats]);
        formatB.AcceptOnlyFromAmong([.. CheckpointOpener.SupportedFormats]);
        common.Compat.AcceptOnlyFromAmong("default", "ww");
        backend.AcceptOnlyFromAmong("auto", "lapack", "managed");
        cmd.SetAction((r, ct) => Task.FromResult(CliRunner.Run(r.GetValue(common.Verbose), () =>
        {
            var outPath = r.GetValue(output);
            CheckOutPath(outPath);
            if (r.GetValue(loraScaling) is double s && !double.IsFinite(s))
            {
                throw new ArgumentException($"--lora-scaling {s}: must be a finite number");
            }

            var options = new CompareOptions
            {
                Analysis = new AnalysisOptions
                {
                    Plan = common.ToPlanOptions(r),
                    XmaxDrop = r.GetValue(xmax),
                    Tolerance = r.GetValue(tolerance),
                    Format = r.GetValue(common.Format),
                },
                FormatB = r.GetValue(formatB),
                LoraScaling = r.GetValue(loraScaling),
                Cka = !r.GetValue(noCka),
            };
            var kind = r.GetValue(backend) switch
            {
                "lapack" => EigenBackendKind.Lapack,
                "managed" => EigenBackendKind.Managed,
                _ => EigenBackendKind.Auto,
            };
            var eigen = EigenBackends.Create(kind, w => Console.Error.WriteLine($"warning: {w}"));
            var report = new Comparer(eigen).Compare(
                r.GetValue(pathA)!, r.GetValue(pathB)!, options, Progress(), ct);
            if (!r.GetValue(quiet))
            {
                CompareConsoleReport.Write(AnsiConsole.Console, report);
            }

            if (report.Rows.Count == 0)
            {
                var why = report.Skipped.Count == 0 ? "neither holds a weight layer"
                    : $"{report.Skipped.Count} layers skipped, first: {report.Skipped[0].Name}: {report.Skipped[0].Reason}";
                Console.Error.WriteLine(
                    $"error: no layer of {report.PathA} matched a layer of {report.PathB} ({why})");
                return ExitCodes.BadInput;
            }

            if (outPath is not null)
            {
                WriteOutput(outPath, report);
            }

            return ExitCodes.Ok;
        })));
        return cmd;
    }

    private static void CheckOutPath(string? outPath)
    {
        if (outPath is null)
        {
            return;
        }

        if (!outPath.EndsWith(".csv", StringComparison.OrdinalIgnoreCase)
            && !outPath.EndsWith(".json", StringComparison.OrdinalIgnoreCase))
        {
            throw new ArgumentException($"--out {outPath}: the extension must be .csv or .json");
        }

        var dir = Path.GetDirectoryName(Path.GetFullPath(outPath));
        if (dir is not null && !Directory.Exists(dir))
        {
            throw new DirectoryNotFoundException($"--out {outPath}: the folder {dir} does not exist");
        }
    }

    /// <summary>One stderr line per layer when stderr is a terminal; nothing when redirected.</summary>
    private static SyncProgress<AnalysisProgress>? Progress() =>
        Console.IsErrorRedirected
            ? null
            : new SyncProgress<AnalysisProgress>(p =>
                Console.Error.Write($"\r{p.LayersDone}/{p.LayersTotal} {p.CurrentLayer}".PadRight(60)[..60]
                    + (p.LayersDone == p.LayersTotal ? "\n" : string.Empty)));

    private static void WriteOutput(string outPath, CompareReport report)
    {
        if (outPath.EndsWith(".json", StringComparison.OrdinalIgnoreCase))
        {
            CompareJsonWriter.WriteFile(outPath, report, CliRunner.Version);
            Console.Error.WriteLine($"wrote {outPath}");
        }
        else
        {
            var (summary, skipped) = CompareCsvWriter.WriteFiles(outPath, report);
            Console.Error.WriteLine($"wrote {outPath}, {summary} and {skipped}");
        }
    }
}
