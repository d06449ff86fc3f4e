using GpuSpectral.Compute.Interop;
using ILGPU;
using ILGPU.Runtime;
using ILGPU.Runtime.CPU;
using ILGPU.Runtime.Cuda;
using ILGPU.Runtime.OpenCL;

namespace GpuSpectral.Compute.Gpu;

/// <summary>
/// An open ILGPU context + accelerator and its buffer pool. Selection: <see cref="OpenBest"/> takes CUDA first, then
/// OpenCL, and never the CPU accelerator; <see cref="Open"/> opens exactly the family asked for (the only way to get
/// the CPU emulator). Dispose to release the device.
/// </summary>
public sealed class GpuDevice : IDisposable
{
    private GpuDevice(GpuDeviceKind kind, Context context, Accelerator accelerator)
    {
        Kind = kind;
        Context = context;
        Accelerator = accelerator;
        Pool = new DeviceBufferPool(accelerator);
    }

    /// <summary>The accelerator family.</summary>
    public GpuDeviceKind Kind { get; }

    /// <summary>The ILGPU context (with ILGPU.Algorithms enabled).</summary>
    public Context Context { get; }

    /// <summary>The accelerator.</summary>
    public Accelerator Accelerator { get; }

    /// <summary>Device buffers reused by size class.</summary>
    public DeviceBufferPool Pool { get; }

    /// <summary>Device name as the driver reports it.</summary>
    public string Name => Accelerator.Name;

    /// <summary>Device memory in bytes.</summary>
    public long MemoryBytes => Accelerator.MemorySize;

    /// <summary>Opens the best GPU: the first usable CUDA device, else the first usable OpenCL device.</summary>
    /// <param name="device">The opened device, or null.</param>
    /// <param name="reason">Empty on success; otherwise why neither family gave a device.</param>
    /// <returns>True when a device was opened. Never returns the CPU accelerator.</returns>
    public static bool TryOpenBest(out GpuDevice? device, out string reason)
    {
        var errors = new List<string>();
        foreach (var kind in (GpuDeviceKind[])[GpuDeviceKind.Cuda, GpuDeviceKind.OpenCl])
        {
            if (TryOpen(kind, out device, out var why))
            {
                reason = "";
                return true;
            }

            errors.Add($"{DeviceCatalog.Label(kind)}: {why}");
        }

        device = null;
        reason = string.Join("; ", errors);
        return false;
    }

    /// <summary>As <see cref="TryOpenBest"/>, throwing when there is no GPU.</summary>
    /// <exception cref="InvalidOperationException">No usable CUDA or OpenCL device; the message says why.</exception>
    public static GpuDevice OpenBest() =>
        TryOpenBest(out var device, out var reason)
            ? device!
            : throw new InvalidOperationException($"No usable GPU: {reason}.");

    /// <summary>Opens device <paramref name="index"/> (default the first) of <paramref name="kind"/>; for
    /// <see cref="GpuDeviceKind.IlgpuCpu"/> every index is its own emulator instance.</summary>
    /// <exception cref="InvalidOperationException">None is usable; the message says why.</exception>
    public static GpuDevice Open(GpuDeviceKind kind, int index = 0) =>
        TryOpen(kind, out var device, out var reason, index)
            ? device!
            : throw new InvalidOperationException($"No usable {DeviceCatalog.Label(kind)} device {index}: {reason}.");

    /// <summary>Opens device <paramref name="index"/> (default the first) of <paramref name="kind"/>; never
    /// throws.</summary>
    /// <param name="kind">The family.</param>
    /// <param name="device">The device, or null.</param>
    /// <param name="reason">Empty on success, otherwise why not.</param>
    /// <param name="index">Device index within the family (≥ 0).</param>
    /// <returns>True when opened.</returns>
    public static bool TryOpen(GpuDeviceKind kind, out GpuDevice? device, out string reason, int index = 0)
    {
        device = null;
        if (kind == GpuDeviceKind.Cuda && !CudaLibraryProbe.DriverPresent(out reason))
        {
            return false;
        }

        Context? context = null;
        try
        {
            context = kind switch
            {
                GpuDeviceKind.Cuda => Context.Create(b => b.Cuda().EnableAlgorithms()),
                GpuDeviceKind.OpenCl => Context.Create(b => b.OpenCL().EnableAlgorithms()),
                GpuDeviceKind.IlgpuCpu => Context.Create(b => b.CPU().EnableAlgorithms()),
                _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "Unknown device kind."),
            };
            Accelerator? accelerator = kind switch
            {
                GpuDeviceKind.Cuda when index >= 0 && context.GetCudaDevices().Count > index => context.CreateCudaAccelerator(index),
                GpuDeviceKind.OpenCl when index >= 0 && context.GetCLDevices().Count > index => context.CreateCLAccelerator(index),
                GpuDeviceKind.IlgpuCpu => context.CreateCPUAccelerator(0),
                _ => null,
            };
            if (accelerator is null)
            {
                reason = index == 0 ? DeviceCatalog.Probe().WhyNot(kind) : $"no device with index {index}";
                context.Dispose();
                return false;
            }

            device = new GpuDevice(kind, context, accelerator);
            reason = "";
            return true;
        }
        catch (Exception e) when (e is not ArgumentOutOfRangeException and not OutOfMemoryException)
        {
            context?.Dispose();
            reason = $"{e.GetType().Name}: {e.Message}";
            return false;
        }
    }

    /// <inheritdoc />
    public void Dispose()
    {
        Pool.Dispose();
        Accelerator.Dispose();
        Context.Dispose();
    }
}
