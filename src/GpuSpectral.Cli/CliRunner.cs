using System.Reflection;
using GpuSpectral.Core.Errors;
using GpuSpectral.Lsa.Text;

namespace GpuSpectral.Cli;

/// <summary>Runs a command body and maps exceptions to one-line messages and exit codes.</summary>
internal static class CliRunner
{
    public static string Version { get; } =
        typeof(CliRunner).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion
        ?? "0.0.0";

    public static int Run(bool verbose, Func<int> body)
    {
        try
        {
            return body();
        }
        catch (OperationCanceledException)
        {
            Console.Error.WriteLine("interrupted");
            return ExitCodes.Cancelled;
        }
        catch (Exception e) when (IsBadInput(e))
        {
            Console.Error.WriteLine($"error: {OneLine(e.Message)}");
            if (verbose)
            {
                Console.Error.WriteLine(e);
            }

            return ExitCodes.BadInput;
        }
        catch (Exception e)
        {
            Console.Error.WriteLine($"internal error ({e.GetType().Name}): {OneLine(e.Message)}");
            Console.Error.WriteLine(verbose ? e.ToString() : "run again with --verbose for details, and please report it");
            return ExitCodes.InternalError;
        }
    }

    private static bool IsBadInput(Exception e) => e is CheckpointFormatException or LsaInputException
        or InvalidDataException
        or FileNotFoundException
        or DirectoryNotFoundException or UnauthorizedAccessException or ArgumentException
        or InvalidOperationException { Source: "GpuSpectral.Compute" };

    private static string OneLine(string s) => s.ReplaceLineEndings(" ");
}
