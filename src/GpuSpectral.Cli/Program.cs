using System.CommandLine;
using GpuSpectral.Cli;

var root = new RootCommand(
    "gpuspectral: spectral health of trained neural networks (eigenvalues of WᵀW, power-law fits, "
    + "WeightWatcher metrics)")
{
    AnalyzeCommand.Create(),
    DescribeCommand.Create(),
    MergeCommand.Create(),
    DevicesCommand.Create(),
    LsaCommand.Create(),
    CompareCommand.Create(),
    SynthCommand.Create(),
};

if (Console.IsOutputRedirected)
{
    // Tables written to a file or a pipe are not cut to 80 columns.
    Spectre.Console.AnsiConsole.Profile.Width = 200;
}

var parsed = root.Parse(args);
if (parsed.Errors.Count > 0)
{
    // One line: the first error with its line breaks folded, then where to look.
    var message = string.Join(' ', parsed.Errors[0].Message.Split('\n', StringSplitOptions.RemoveEmptyEntries)
        .Select(l => l.Trim()));
    Console.Error.WriteLine($"error: {message} (run 'gpuspectral --help' for usage)");
    return 2;
}

return await parsed.InvokeAsync().ConfigureAwait(false);
