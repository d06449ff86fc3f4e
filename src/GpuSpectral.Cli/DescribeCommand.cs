using System.CommandLine;
using GpuSpectral.Checkpoints;
using GpuSpectral.Engine;
using GpuSpectral.Reports;
using Spectre.Console;

namespace GpuSpectral.Cli;

/// <summary><c>gpuspectral describe [PATH]</c>: layers, shapes, dtypes and what would be analysed; no maths.</summary>
internal static class DescribeCommand
{
    public static Command Create()
    {
        var common = new CommonOptions();
        var cmd = new Command("describe", "List the layers of a checkpoint and what analyze would do with each");
        common.AddTo(cmd);
        cmd.SetAction(r => CliRunner.Run(r.GetValue(common.Verbose), () =>
        {
            var path = common.ResolvePath(r);
            using var reader = CheckpointOpener.Open(path, r.GetValue(common.Format));
            var plans = Analyzer.Describe(reader, common.ToPlanOptions(r));
            ConsoleReport.WritePlan(AnsiConsole.Console, $"{path} ({reader.FormatName})", plans);
            return ExitCodes.Ok;
        }));
        return cmd;
    }
}
