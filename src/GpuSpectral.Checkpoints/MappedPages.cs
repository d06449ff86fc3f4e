using GpuSpectral.Checkpoints.Interop;

namespace GpuSpectral.Checkpoints;

/// <summary>Control of the memory that checkpoint memory maps hold in this process.</summary>
public static class MappedPages
{
    /// <summary>
    /// Releases the resident pages of all open checkpoint maps (Linux; a no-op elsewhere). Call it after a tensor
    /// has been decoded: the streaming analysis then keeps about one tensor resident instead of the whole file.
    /// Safe to call at any time, also while another thread reads (the pages fault back in from the page cache).
    /// </summary>
    public static void ReleaseResident() => MappedFile.ReleaseAllResidentPages();
}
