using System.Globalization;
using System.Text.Json;
using GpuSpectral.Compute;
using GpuSpectral.Core.Results;
using GpuSpectral.Engine;
using GpuSpectral.Reports;
using GpuSpectral.Reports.Parts;
using Spectre.Console;

namespace GpuSpectral.Cli;

/// <summary>
/// One <c>analyze</c> invocation (one eigen backend per device): resumes a .jsonl part when asked, streams each finished layer to it, shows
/// progress, and writes the final table/CSV/JSON.
/// </summary>
internal sealed class AnalyzeRun(
    IReadOnlyList<IEigenBackend> eigen, string path, AnalysisOptions options, RunOptions run, string? outPath, bool resume)
{
    /// <summary>Where plots and the HTML report go.</summary>
    public VisualTargets Visuals { get; init; } = new(null, null);

    public int Execute(string progressMode, bool quiet, CancellationToken ct)
    {
        var previous = resume && File.Exists(outPath) ? ReadPrevious(outPath!) : null;
        var runOptions = previous is null ? run : run with { Done = previous.DoneLayers };
        using var session = AnalysisSession.Open(eigen, path, options, runOptions);
        using var parts = OpenParts(session, previous);
        if (previous is not null)
        {
            Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"resuming {outPath}: {previous.DoneLayers.Count} layers already done, {session.Todo.Count} to go"));
        }

        var rows = new List<LayerResult>();
        RunLayers(session, progressMode, layer =>
        {
            rows.AddRange(layer.Rows);
            if (layer.Rows.Count > 0)
            {
                parts?.WriteLayer(layer.Rows, layer.PlanIndex);
            }
            else
            {
                parts?.WriteSkipped(layer.Plan, layer.PlanIndex);
            }
        }, ct);

        var report = session.Report(path, rows);
        if (!quiet)
        {
            ConsoleReport.Write(AnsiConsole.Console, report);
        }

        Visuals.Write(report);
        if (parts is not null)
        {
            Console.Error.WriteLine($"wrote {outPath} ({rows.Count} new rows); make a table with: gpuspectral merge {outPath} --out results.csv");
        }
        else if (outPath is not null)
        {
            WriteOutput(outPath, report);
        }

        return ExitCodes.Ok;
    }

    private PartContent ReadPrevious(string file)
    {
        var previous = PartReader.Read(file);
        var hash = OptionsFingerprint.Hash(options);
        if (previous.Header.OptionsHash != hash)
        {
            throw new ArgumentException(
                $"--resume {file}: it was made with other options (hash {previous.Header.OptionsHash}, now {hash}); "
                + "use the same options, or another --out file");
        }

        var shard = run.Shard?.ToString() ?? string.Empty;
        if (previous.Header.Shard != shard)
        {
            throw new ArgumentException(
                $"--resume {file}: it holds shard '{previous.Header.Shard}', this run is shard '{shard}'");
        }

        return previous;
    }

    private PartWriter? OpenParts(AnalysisSession session, PartContent? previous)
    {
        if (!OutputTarget.IsParts(outPath))
        {
            return null;
        }

        return previous is not null
            ? PartWriter.Append(outPath!, previous.ValidLength)
            : PartWriter.Create(outPath!, new PartHeader
            {
                Version = CliRunner.Version,
                Path = path,
                OptionsHash = OptionsFingerprint.Hash(options),
                Options = OptionsFingerprint.Describe(options),
                Shard = run.Shard?.ToString() ?? string.Empty,
                Planned = [.. session.Planned.Select(p => p.LayerId)],
            });
    }

    private static void RunLayers(
        AnalysisSession session, string mode, Action<LayerOutcome> onLayer, CancellationToken ct)
    {
        var interactive = AnsiConsole.Profile.Capabilities.Interactive && !Console.IsErrorRedirected;
        if (mode == "bar" || (mode == "auto" && interactive))
        {
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
                    Drain(session, progress, onLayer, ct);
                });
        }
        else
        {
            Drain(session, mode == "json" ? new SyncProgress<AnalysisProgress>(WriteJsonProgress) : null, onLayer, ct);
        }
    }

    private static void Drain(
        AnalysisSession session, IProgress<AnalysisProgress>? progress, Action<LayerOutcome> onLayer, CancellationToken ct)
    {
        foreach (var layer in session.Layers(progress, ct).ToBlockingEnumerable(ct))
        {
            onLayer(layer);
        }
    }

    private static void WriteJsonProgress(AnalysisProgress p)
    {
        using var stream = new MemoryStream();
        using (var w = new Utf8JsonWriter(stream))
        {
            w.WriteStartObject();
            w.WriteNumber("layers_done", p.LayersDone);
            w.WriteNumber("layers_total", p.LayersTotal);
            w.WriteString("layer", p.CurrentLayer);
            w.WriteNumber("bytes_read", p.BytesRead);
            w.WriteNumber("bytes_total", p.BytesTotal);
            w.WriteNumber("elapsed_s", Math.Round(p.Elapsed.TotalSeconds, 3));
            if (p.Remaining is TimeSpan eta)
            {
                w.WriteNumber("eta_s", Math.Round(eta.TotalSeconds, 1));
            }

            w.WriteEndObject();
        }

        Console.Error.WriteLine(System.Text.Encoding.UTF8.GetString(stream.ToArray()));
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
