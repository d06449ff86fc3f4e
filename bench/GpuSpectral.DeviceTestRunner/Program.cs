using System.Reflection;
using GpuSpectral.DeviceTestRunner;
using Xunit;
using Xunit.Abstractions;
using Xunit.Sdk;

// Runs xunit v2 tests in-process, without `dotnet test` (the GPU box has no SDK). Prints a line per test and ends
// with "N passed, N failed, N skipped"; exit code 1 when a test failed (or skipped, with --fail-on-skip).
var options = RunnerOptions.Parse(args, Console.Error);
if (options is null)
{
    return 2;
}

int passed = 0, failed = 0, skipped = 0;
var skips = new List<string>();
foreach (var (assemblyName, filter) in options.Targets)
{
    Assembly assembly;
    try
    {
        assembly = Assembly.Load(new AssemblyName(assemblyName));
    }
    catch (Exception e) when (e is FileNotFoundException or FileLoadException or BadImageFormatException)
    {
        Console.Error.WriteLine($"cannot load test assembly {assemblyName}: {e.Message}");
        return 2;
    }

    Console.WriteLine($"== {assemblyName}{(filter is null ? "" : $" (filter: {filter})")}");
    using var sink = new ResultSink(Console.Out);
    using var framework = new XunitTestFramework(sink);
    var discoveryOptions = new FrameworkOptions();
    using (var discoverer = framework.GetDiscoverer(Reflector.Wrap(assembly)))
    {
        discoverer.Find(includeSourceInformation: false, sink, discoveryOptions);
        sink.DiscoveryDone.Wait();
    }

    var cases = sink.Discovered
        .Where(c => filter is null ||
            $"{c.TestMethod.TestClass.Class.Name}.{c.TestMethod.Method.Name}".Contains(filter, StringComparison.Ordinal))
        .ToList();
    Console.WriteLine($"   {cases.Count} test cases");
    if (cases.Count == 0)
    {
        Console.Error.WriteLine($"no test in {assemblyName} matches '{filter}'");
        return 2;
    }

    var executionOptions = new FrameworkOptions();
    executionOptions.SetValue<bool?>("xunit.execution.DisableParallelization", options.Serial);
    using (var executor = framework.GetExecutor(assembly.GetName()))
    {
        executor.RunTests(cases, sink, executionOptions);
        sink.ExecutionDone.Wait();
    }

    passed += sink.Passed;
    failed += sink.Failed;
    skipped += sink.Skipped;
    skips.AddRange(sink.SkipReasons);
}

if (skips.Count > 0)
{
    Console.WriteLine("skipped:");
    skips.ForEach(s => Console.WriteLine($"  {s}"));
}

Console.WriteLine($"{passed} passed, {failed} failed, {skipped} skipped");
return failed > 0 || (options.SkipIsFailure && skipped > 0) ? 1 : 0;
