using System.Globalization;
using GpuSpectral.Compute;
using GpuSpectral.Compute.Gpu;

namespace GpuSpectral.Cli;

/// <summary>The eigen backends of one <c>analyze</c> run: one CPU backend, or one GPU backend per device of
/// <c>--devices</c>, each with the <c>--max-device-memory</c> limit.</summary>
internal static class AnalyzeBackends
{
    /// <summary>Creates the backends (the caller disposes the disposable ones).</summary>
    /// <param name="kind">The <c>--backend</c> kind.</param>
    /// <param name="precision">The <c>--precision</c>.</param>
    /// <param name="devices"><c>--devices</c>: null (the device the backend picks), <c>all</c>, or indexes such as
    /// <c>0,1</c>.</param>
    /// <param name="maxDeviceMemory"><c>--max-device-memory</c> in bytes, or null for the backend's default.</param>
    /// <param name="warn">Receives one-line warnings.</param>
    /// <exception cref="ArgumentException">--devices with a CPU backend, or a malformed list.</exception>
    /// <exception cref="InvalidOperationException">A device cannot be opened.</exception>
    public static IReadOnlyList<IEigenBackend> Create(
        EigenBackendKind kind, GpuPrecision precision, string? devices, long? maxDeviceMemory, Action<string> warn)
    {
        GpuDeviceKind? gpu = kind switch
        {
            EigenBackendKind.Cuda => GpuDeviceKind.Cuda,
            EigenBackendKind.OpenCl => GpuDeviceKind.OpenCl,
            EigenBackendKind.IlgpuCpu => GpuDeviceKind.IlgpuCpu,
            _ => null,
        };
        if (gpu is not GpuDeviceKind family)
        {
            if (devices is not null)
            {
                throw new ArgumentException("--devices needs a GPU backend (--backend cuda, opencl or ilgpu-cpu)");
            }

            if (maxDeviceMemory is not null)
            {
                warn("--max-device-memory applies to the GPU backends only; ignored");
            }

            return [EigenBackends.Create(kind, warn, precision)];
        }

        var backends = new List<IEigenBackend>();
        try
        {
            foreach (var index in Indexes(devices, family))
            {
                var backend = GpuEigenBackend.Create(family, precision, warn, index);
                backends.Add(backend);
                if (maxDeviceMemory is long limit)
                {
                    backend.MaxDeviceMemory = limit;
                }
            }
        }
        catch
        {
            foreach (var b in backends)
            {
                ((IDisposable)b).Dispose();
            }

            throw;
        }

        return backends;
    }

    /// <summary>Device indexes of <c>--devices</c>: [0] when null; every usable device of the family for
    /// <c>all</c> (ILGPU's CPU emulator: one); else the distinct non-negative indexes of the list.</summary>
    /// <exception cref="ArgumentException">Malformed, negative or repeated indexes, or no usable device.</exception>
    public static IReadOnlyList<int> Indexes(string? devices, GpuDeviceKind family)
    {
        if (devices is null)
        {
            return [0];
        }

        if (devices.Trim().Equals("all", StringComparison.OrdinalIgnoreCase))
        {
            if (family == GpuDeviceKind.IlgpuCpu)
            {
                return [0];
            }

            var usable = DeviceCatalog.Probe().Devices.Where(d => d.Kind == family && d.Usable).Select(d => d.Index).ToList();
            return usable.Count > 0
                ? usable
                : throw new ArgumentException($"--devices all: no usable {DeviceCatalog.Label(family)} device");
        }

        var list = new List<int>();
        foreach (var part in devices.Split(','))
        {
            // An index may repeat: 0,0 runs two workers on device 0 (each with its own context), so that one's host
            // work (decoding, upload, fit) overlaps the other's device work.
            if (!int.TryParse(part.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var index))
            {
                throw new ArgumentException(
                    $"--devices {devices}: expected all, or device indexes such as 0,1 or 0,0 (see 'gpuspectral devices')");
            }

            list.Add(index);
        }

        return list;
    }
}
