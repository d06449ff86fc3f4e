namespace GpuSpectral.DeviceTestRunner;

/// <summary>Command line of the runner: which test assemblies, which tests, and whether a skip is a failure.</summary>
internal sealed record RunnerOptions(
    IReadOnlyList<(string Assembly, string? Filter)> Targets, bool SkipIsFailure, bool Serial)
{
    public const string Usage =
        "usage: gpuspectral-devicetests [--fail-on-skip] [--serial] ASSEMBLY[:FILTER] ...\n" +
        "  ASSEMBLY  a referenced test assembly name, e.g. GpuSpectral.Kernels.Tests\n" +
        "  FILTER    run only tests whose 'Class.Method' contains this text (ordinal), e.g. GpuSpectral.Kernels.Tests:Gram\n" +
        "  --fail-on-skip  count a skipped test as failed (on the GPU box no CUDA test may skip)\n" +
        "  --serial        run the test collections one after another";

    /// <summary>Parses the arguments; null (after printing the usage) when they are wrong.</summary>
    public static RunnerOptions? Parse(string[] args, TextWriter error)
    {
        var targets = new List<(string, string?)>();
        var skipIsFailure = false;
        var serial = false;
        foreach (var arg in args)
        {
            switch (arg)
            {
                case "--fail-on-skip":
                    skipIsFailure = true;
                    break;
                case "--serial":
                    serial = true;
                    break;
                case "-h" or "--help":
                    error.WriteLine(Usage);
                    return null;
                default:
                    if (arg.StartsWith('-'))
                    {
                        error.WriteLine($"unknown option {arg}\n{Usage}");
                        return null;
                    }

                    var colon = arg.IndexOf(':', StringComparison.Ordinal);
                    targets.Add(colon < 0 ? (arg, null) : (arg[..colon], arg[(colon + 1)..]));
                    break;
            }
        }

        if (targets.Count == 0)
        {
            error.WriteLine(Usage);
            return null;
        }

        return new RunnerOptions(targets, skipIsFailure, serial);
    }
}
