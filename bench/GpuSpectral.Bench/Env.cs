using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;

namespace GpuSpectral.Bench;

/// <summary>Machine / build description printed at the top of every run.</summary>
internal static class Env
{
    public static void PrintHeader(string command)
    {
        Console.WriteLine($"- date (UTC): {DateTime.UtcNow.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture)}");
        Console.WriteLine($"- command: `{command}`");
        Console.WriteLine($"- machine: {Environment.ProcessorCount} logical CPUs, {CpuModel()}, {MemTotal()} RAM, " +
                          $"{RuntimeInformation.OSDescription}, .NET {Environment.Version}");
        Console.WriteLine($"- OPENBLAS_NUM_THREADS={Environment.GetEnvironmentVariable("OPENBLAS_NUM_THREADS") ?? "(unset)"}, " +
                          $"OPENBLAS_CORETYPE={Environment.GetEnvironmentVariable("OPENBLAS_CORETYPE") ?? "(unset)"}");
        Console.WriteLine($"- commit: {Git("rev-parse --short HEAD")}{(Git("status --porcelain").Length > 0 ? " (working tree has uncommitted changes)" : "")}");
        Console.WriteLine($"- load average at start: {Harness.LoadAverage()}");
    }

    private static string CpuModel()
    {
        try
        {
            return File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal))
                ?.Split(':', 2)[1].Trim() ?? "unknown CPU";
        }
        catch (IOException)
        {
            return "unknown CPU";
        }
    }

    private static string MemTotal()
    {
        try
        {
            var line = File.ReadLines("/proc/meminfo").First(l => l.StartsWith("MemTotal", StringComparison.Ordinal));
            var kb = long.Parse(line.Split(':')[1].Trim().Split(' ')[0], CultureInfo.InvariantCulture);
            return string.Create(CultureInfo.InvariantCulture, $"{kb / 1024.0 / 1024.0:0.0} GiB");
        }
        catch (IOException)
        {
            return "unknown";
        }
    }

    private static string Git(string args)
    {
        try
        {
            var psi = new ProcessStartInfo("git", args) { RedirectStandardOutput = true, RedirectStandardError = true };
            using var p = Process.Start(psi)!;
            var text = p.StandardOutput.ReadToEnd().Trim();
            p.WaitForExit();
            return text;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return "unknown";
        }
    }
}
