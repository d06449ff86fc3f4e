using GpuSpectral.GpuBench;

// GpuSpectral GPU benchmark (issue 4 item 6): see bench/README.md "GPU benchmark".
BenchOptions options;
try
{
    options = BenchOptions.Parse(args);
}
catch (ArgumentException e)
{
    Console.Error.WriteLine(e.Message);
    return 2;
}

var command = "gpuspectral-gpubench " + string.Join(' ', args);
try
{
    var results = BenchRunner.Run(options, command, Console.Out);
    var failed = results.Values.SelectMany(r => r).Count(r => !r.Passed && !r.IsSkipped);
    if (failed > 0)
    {
        Console.Error.WriteLine($"{failed} row(s) failed their correctness check (times withheld).");
        return 1;
    }

    return 0;
}
catch (InvalidOperationException e)
{
    Console.Error.WriteLine(e.Message);
    Console.Error.WriteLine("Use --device cpu to run on ILGPU's CPU accelerator (with --quick).");
    return 3;
}
