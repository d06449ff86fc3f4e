using System.CommandLine;
using GpuSpectral.Cli;

var root = new RootCommand(
    "gpuspectral: spectral health of trained neural networks (eigenvalues of WᵀW, power-law fits, "
    + "WeightWatcher metrics)")
{
    AnalyzeCommand.Create(),
    DescribeCommand.Create(),
};

var parsed = root.Parse(args);
if (parsed.Errors.Count > 0)
{
    foreach (var e in parsed.Errors)
    {
        Console.Error.WriteLine($"error: {e.Message}");
    }

    Console.Error.WriteLine("run 'gpuspectral --help' for usage");
    return 2;
}

return await parsed.InvokeAsync().ConfigureAwait(false);
