using GpuSpectral.Compute.Gpu;

namespace GpuSpectral.Lsa.Tests.Spectrum;

/// <summary>Whether this machine can run the cuda backend of <c>lsa</c> (a CUDA device and cuSOLVER), probed once.</summary>
internal static class CudaConditions
{
    private static readonly Lazy<string?> MissingReason = new(() =>
    {
        if (!CusolverSymmetricEigenSolver.TryCreate(out var solver, out var reason))
        {
            return reason;
        }

        solver!.Dispose();
        return null;
    });

    /// <summary>Null when CUDA + cuSOLVER are usable, otherwise why not.</summary>
    public static string? Missing => MissingReason.Value;
}

/// <summary>A fact that runs only where a CUDA device and cuSOLVER are present; elsewhere it is skipped with the
/// reason.</summary>
public sealed class CudaFactAttribute : FactAttribute
{
    public CudaFactAttribute()
    {
        if (CudaConditions.Missing is { } reason)
        {
            Skip = $"needs a CUDA GPU with cuSOLVER: {reason}";
        }
    }
}

/// <summary>A fact that runs only where the cuda backend is NOT available (to check its error path).</summary>
public sealed class NoCudaFactAttribute : FactAttribute
{
    public NoCudaFactAttribute()
    {
        if (CudaConditions.Missing is null)
        {
            Skip = "a CUDA GPU with cuSOLVER is present: the missing-CUDA error cannot be observed here";
        }
    }
}
