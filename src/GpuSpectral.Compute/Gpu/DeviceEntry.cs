namespace GpuSpectral.Compute.Gpu;

/// <summary>One device the catalog found.</summary>
/// <param name="Kind">Its accelerator family.</param>
/// <param name="Index">Index among the devices of that family, as ILGPU enumerates them.</param>
/// <param name="Name">Device name as the driver reports it.</param>
/// <param name="MemoryBytes">Device memory in bytes (0 when unknown).</param>
/// <param name="Usable">True when the GPU layer can create an accelerator on it.</param>
/// <param name="Reason">Why it is usable or not (one line).</param>
public sealed record DeviceEntry(GpuDeviceKind Kind, int Index, string Name, long MemoryBytes, bool Usable, string Reason);
