using System.Collections.Concurrent;
using Xunit;
using Xunit.Abstractions;

namespace GpuSpectral.DeviceTestRunner;

/// <summary>Collects discovered test cases and prints one line per finished test; signals the end of discovery and
/// of execution.</summary>
internal sealed class ResultSink(TextWriter output) : LongLivedMarshalByRefObject, IMessageSink, IDisposable
{
    private readonly object gate = new();

    public ConcurrentBag<ITestCase> Discovered { get; } = [];

    public ManualResetEventSlim DiscoveryDone { get; } = new();

    public ManualResetEventSlim ExecutionDone { get; } = new();

    public int Passed { get; private set; }

    public int Failed { get; private set; }

    public int Skipped { get; private set; }

    public List<string> SkipReasons { get; } = [];

    public bool OnMessage(IMessageSinkMessage message)
    {
        switch (message)
        {
            case ITestCaseDiscoveryMessage found:
                Discovered.Add(found.TestCase);
                break;
            case IDiscoveryCompleteMessage:
                DiscoveryDone.Set();
                break;
            case ITestPassed passed:
                Report(() => { Passed++; output.WriteLine($"  pass {passed.Test.DisplayName} ({passed.ExecutionTime:F2} s)"); });
                break;
            case ITestFailed failed:
                Report(() =>
                {
                    Failed++;
                    output.WriteLine($"  FAIL {failed.Test.DisplayName}");
                    for (var i = 0; i < failed.Messages.Length; i++)
                    {
                        output.WriteLine($"       {failed.ExceptionTypes[i]}: {failed.Messages[i]}");
                        output.WriteLine(Indent(failed.StackTraces[i]));
                    }
                });
                break;
            case ITestSkipped skipped:
                Report(() =>
                {
                    Skipped++;
                    SkipReasons.Add($"{skipped.Test.DisplayName}: {skipped.Reason}");
                    output.WriteLine($"  skip {skipped.Test.DisplayName}: {skipped.Reason}");
                });
                break;
            case IErrorMessage error:
                Report(() =>
                {
                    Failed++;
                    output.WriteLine($"  ERROR (outside a test) {string.Join(" | ", error.Messages)}");
                });
                break;
            case ITestAssemblyFinished:
                ExecutionDone.Set();
                break;
        }

        return true;
    }

    public void Dispose()
    {
        DiscoveryDone.Dispose();
        ExecutionDone.Dispose();
    }

    private void Report(Action write)
    {
        lock (gate)
        {
            write();
            output.Flush();
        }
    }

    private static string Indent(string? text) =>
        string.Join('\n', (text ?? "").Split('\n').Take(12).Select(l => "         " + l.TrimEnd()));
}
