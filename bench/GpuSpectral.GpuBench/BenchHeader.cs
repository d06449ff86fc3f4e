using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;
using GpuSpectral.Compute.Gpu;

namespace GpuSpectral.GpuBench;

/// <summary>The report's header: device, driver/CUDA, libraries, date, commit, command, timing method.</summary>
internal static class BenchHeader
{
    /// <summary>Environment variable read for the commit when git is not available (e.g. on the GPU box).</summary>
    public const string CommitVariable = "GPUSPECTRAL_COMMIT";

    public static string Build(BenchContext ctx, string command)
    {
        var text = new StringBuilder();
        var catalog = DeviceCatalog.Probe();
        var entry = catalog.Devices.FirstOrDefault(d => d.Kind == ctx.Device.Kind && d.Name == ctx.Device.Name);
        text.AppendLine("# GpuSpectral GPU benchmark");
        text.AppendLine();
        if (ctx.Quick)
        {
            text.AppendLine("**--quick: tiny sizes for a smoke run; these numbers measure nothing.**");
            text.AppendLine();
        }

        var details = entry is null ? "" : $" ({entry.Reason})";
        var memory = ctx.Device.Kind == GpuDeviceKind.IlgpuCpu
            ? "host memory"
            : string.Create(CultureInfo.InvariantCulture, $"{ctx.Device.MemoryBytes / (1024.0 * 1024 * 1024):0.0} GiB");
        text.AppendLine(CultureInfo.InvariantCulture,
            $"- device: {DeviceCatalog.Label(ctx.Device.Kind)} {ctx.Device.Name}, {memory}{details}");
        foreach (var note in catalog.Notes)
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"- {note}");
        }

        text.AppendLine(CultureInfo.InvariantCulture, $"- cuSOLVER for the baselines: {ctx.CusolverNote}; cuBLAS: {ctx.CublasNote}");
        text.AppendLine(CultureInfo.InvariantCulture, $"- correctness reference: {ctx.ReferenceNote}");
        text.AppendLine(CultureInfo.InvariantCulture,
            $"- host: {Environment.ProcessorCount} logical CPUs, {RuntimeInformation.OSDescription}, .NET {Environment.Version}");
        text.AppendLine(CultureInfo.InvariantCulture,
            $"- date (UTC): {DateTime.UtcNow.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture)}");
        text.AppendLine(CultureInfo.InvariantCulture, $"- commit: {Commit()}");
        text.AppendLine(CultureInfo.InvariantCulture, $"- command: `{command}`");
        text.AppendLine(CultureInfo.InvariantCulture,
            $"- timing: {BenchTiming.Method}; {ctx.Warmup} warm-up, {ctx.Reps} timed (sizes ≥ 4096: 1 and ≤ 3)");
        return text.ToString();
    }

    /// <summary>The COMMIT file that bench/publish-gpu.sh writes next to the executable (it names the build that is
    /// running; the device machine's copy of the repository carried an older git HEAD, 2026-11-22), else git rev-parse
    /// of the working directory, else $GPUSPECTRAL_COMMIT, else "unknown".</summary>
    public static string Commit()
    {
        var file = Path.Combine(AppContext.BaseDirectory, "COMMIT");
        if (File.Exists(file))
        {
            return $"{File.ReadAllText(file).Trim()} (from {file})";
        }

        try
        {
            var psi = new ProcessStartInfo("git", "rev-parse --short HEAD")
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
            };
            using var p = Process.Start(psi);
            if (p is not null)
            {
                var text = p.StandardOutput.ReadToEnd().Trim();
                p.WaitForExit();
                if (p.ExitCode == 0 && text.Length > 0)
                {
                    return text;
                }
            }
        }
        catch (System.ComponentModel.Win32Exception)
        {
            // no git on this machine: fall through to the variable
        }

        var variable = Environment.GetEnvironmentVariable(CommitVariable);
        return string.IsNullOrWhiteSpace(variable) ? $"unknown (no git; set {CommitVariable})" : $"{variable} (from {CommitVariable})";
    }
}
