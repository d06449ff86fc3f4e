using System.CommandLine;
using GpuSpectral.Compute;
using GpuSpectral.Compute.Gpu;

namespace GpuSpectral.Cli;

/// <summary><c>gpuspectral devices</c>: every compute device and CPU backend found, and why each is usable or not.</summary>
internal static class DevicesCommand
{
    public static Command Create()
    {
        var cmd = new Command("devices", "List GPUs (CUDA, OpenCL), the CPU backends and why each is usable or not");
        cmd.SetAction(_ => CliRunner.Run(false, () =>
        {
            var catalog = DeviceCatalog.Probe();
            Console.Out.WriteLine("GPU devices (ILGPU):");
            foreach (var line in catalog.Describe().Split('\n'))
            {
                Console.Out.WriteLine($"  {line}");
            }

            var best = catalog.Best();
            Console.Out.WriteLine(best is null
                ? "GPU selection: none usable; the CPU backend is used"
                : $"GPU selection: {DeviceCatalog.Label(best.Kind)}[{best.Index}] {best.Name}");
            Console.Out.WriteLine("CPU backends:");
            foreach (var line in EigenBackends.Describe().Split('\n'))
            {
                Console.Out.WriteLine($"  {line}");
            }

            return ExitCodes.Ok;
        }));
        return cmd;
    }
}
