using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;
using GpuSpectral.Compute.Interop;
using ILGPU;
using ILGPU.Runtime.Cuda;
using ILGPU.Runtime.OpenCL;

namespace GpuSpectral.Compute.Gpu;

/// <summary>
/// Every device ILGPU can see (CUDA, OpenCL, the CPU emulator), each with why it is usable or not, plus one note per
/// family that has no device (no CUDA driver, no OpenCL loader …) and the state of the cuSOLVER/cuBLAS libraries.
/// Probing never throws.
/// </summary>
public sealed class DeviceCatalog
{
    private DeviceCatalog(IReadOnlyList<DeviceEntry> devices, IReadOnlyList<string> notes)
    {
        Devices = devices;
        Notes = notes;
    }

    /// <summary>All devices found, CUDA first, then OpenCL, then the CPU accelerator.</summary>
    public IReadOnlyList<DeviceEntry> Devices { get; }

    /// <summary>One line per family without devices and per vendor library (loaded or why not).</summary>
    public IReadOnlyList<string> Notes { get; }

    /// <summary>Looks for devices and libraries (creates and disposes ILGPU contexts; no accelerator is created).</summary>
    /// <returns>The catalog.</returns>
    public static DeviceCatalog Probe()
    {
        var devices = new List<DeviceEntry>();
        var notes = new List<string>();
        ProbeCuda(devices, notes);
        ProbeOpenCl(devices, notes);
        devices.Add(new DeviceEntry(GpuDeviceKind.IlgpuCpu, 0, "ILGPU CPU accelerator (emulator)", 0, true,
            "usable only when asked for (ilgpu-cpu): an emulator for tests, ~100× slower than the CPU backends"));
        notes.Add(CudaSolverNative.TryLoad(out var solver, out var why)
            ? $"cuSOLVER: {solver!.LibraryName}"
            : $"cuSOLVER: {why}");
        notes.Add(CudaBlasNative.TryLoad(out var blas, out why) ? $"cuBLAS: {blas!.LibraryName}" : $"cuBLAS: {why}");
        return new DeviceCatalog(devices, notes);
    }

    /// <summary>The first usable device of <paramref name="kind"/>, or null.</summary>
    public DeviceEntry? FirstUsable(GpuDeviceKind kind) => Devices.FirstOrDefault(d => d.Kind == kind && d.Usable);

    /// <summary>The device <see cref="GpuDevice.OpenBest"/> would take: the first usable CUDA device, else the first
    /// usable OpenCL device; never the CPU accelerator. Null when there is none.</summary>
    public DeviceEntry? Best() => FirstUsable(GpuDeviceKind.Cuda) ?? FirstUsable(GpuDeviceKind.OpenCl);

    /// <summary>Why no device of <paramref name="kind"/> is usable (the devices' reasons and the family notes).</summary>
    public string WhyNot(GpuDeviceKind kind)
    {
        var reasons = Devices.Where(d => d.Kind == kind).Select(d => $"{d.Name}: {d.Reason}")
            .Concat(Notes.Where(n => n.StartsWith(Label(kind) + ":", StringComparison.Ordinal))).ToList();
        return reasons.Count == 0 ? $"no {Label(kind)} device found" : string.Join("; ", reasons);
    }

    /// <summary>Human-readable catalog: one line per device, then the notes.</summary>
    /// <returns>Lines separated by '\n', without a trailing newline.</returns>
    public string Describe()
    {
        var text = new StringBuilder();
        foreach (var d in Devices)
        {
            var memory = d.MemoryBytes > 0
                ? string.Create(CultureInfo.InvariantCulture, $", {d.MemoryBytes / (1024.0 * 1024 * 1024):F1} GiB")
                : "";
            text.Append(CultureInfo.InvariantCulture,
                $"{Label(d.Kind)}[{d.Index}] {d.Name}{memory}: {(d.Usable ? "usable" : "not usable")} — {d.Reason}\n");
        }

        foreach (var note in Notes)
        {
            text.Append(note).Append('\n');
        }

        return text.ToString().TrimEnd('\n');
    }

    /// <summary>Short family label used in messages: CUDA, OpenCL, ILGPU-CPU.</summary>
    public static string Label(GpuDeviceKind kind) => kind switch
    {
        GpuDeviceKind.Cuda => "CUDA",
        GpuDeviceKind.OpenCl => "OpenCL",
        _ => "ILGPU-CPU",
    };

    private static void ProbeCuda(List<DeviceEntry> devices, List<string> notes)
    {
        if (!CudaLibraryProbe.DriverPresent(out var reason))
        {
            notes.Add($"CUDA: {reason}");
            return;
        }

        try
        {
            using var context = Context.Create(b => b.Cuda());
            var cuda = context.GetCudaDevices();
            for (var i = 0; i < cuda.Count; i++)
            {
                var d = cuda[i];
                devices.Add(new DeviceEntry(GpuDeviceKind.Cuda, i, d.Name, d.MemorySize, true,
                    string.Create(CultureInfo.InvariantCulture,
                        $"{d.Architecture}, driver {d.DriverVersion}, {d.NumMultiprocessors} SMs")));
            }

            if (cuda.Count == 0)
            {
                notes.Add("CUDA: the driver loads but reports no device (CUDA_VISIBLE_DEVICES, container runtime?)");
            }
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            notes.Add($"CUDA: the driver loads but ILGPU cannot enumerate devices: {e.Message}");
        }
    }

    private static void ProbeOpenCl(List<DeviceEntry> devices, List<string> notes)
    {
        // ILGPU P/Invokes "OpenCL" (libOpenCL.so); Debian's ocl-icd-libopencl1 ships only libOpenCL.so.1.
        if (!NativeLibrary.TryLoad("libOpenCL.so", out _) && !NativeLibrary.TryLoad("OpenCL.dll", out _))
        {
            notes.Add(NativeLibrary.TryLoad("libOpenCL.so.1", out _)
                ? "OpenCL: only libOpenCL.so.1 is installed; ILGPU loads libOpenCL.so (install ocl-icd-opencl-dev)"
                : "OpenCL: no OpenCL ICD loader (libOpenCL.so) found");
            return;
        }

        try
        {
            using var context = Context.Create(b => b.OpenCL(static _ => true));
            var cl = context.GetCLDevices();
            for (var i = 0; i < cl.Count; i++)
            {
                var d = cl[i];
                var caps = d.Capabilities;
                var usable = caps.GenericAddressSpace && caps.Float64;
                var why = usable
                    ? $"{d.CLStdVersion}, generic address space, fp64"
                    : !caps.GenericAddressSpace
                        ? $"{d.CLStdVersion} without generic address space: ILGPU does not support it"
                        : "no fp64 (cl_khr_fp64): the float64 pipeline cannot run";
                devices.Add(new DeviceEntry(GpuDeviceKind.OpenCl, i, d.Name, d.MemorySize, usable, why));
            }

            if (cl.Count == 0)
            {
                notes.Add("OpenCL: the loader finds no platform/device");
            }
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            notes.Add($"OpenCL: cannot enumerate devices: {e.Message}");
        }
    }
}
