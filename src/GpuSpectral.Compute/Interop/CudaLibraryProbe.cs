using System.Runtime.InteropServices;

namespace GpuSpectral.Compute.Interop;

/// <summary>
/// Finds the CUDA vendor libraries at run time with <see cref="NativeLibrary.TryLoad(string, out IntPtr)"/> over
/// the sonames of CUDA 11–13, and reports why one is missing instead of throwing. Libraries are never unloaded.
/// </summary>
public static class CudaLibraryProbe
{
    /// <summary>cuSOLVER sonames tried, newest first (CUDA 13, 12, 11).</summary>
    public static IReadOnlyList<string> CusolverNames { get; } =
        ["libcusolver.so.13", "libcusolver.so.12", "libcusolver.so.11", "cusolver64_13.dll", "cusolver64_12.dll",
            "cusolver64_11.dll"];

    /// <summary>cuBLAS sonames tried, newest first (CUDA 13, 12, 11).</summary>
    public static IReadOnlyList<string> CublasNames { get; } =
        ["libcublas.so.13", "libcublas.so.12", "libcublas.so.11", "cublas64_13.dll", "cublas64_12.dll",
            "cublas64_11.dll"];

    /// <summary>The CUDA driver library (needed by every CUDA path, including ILGPU's).</summary>
    public static IReadOnlyList<string> DriverNames { get; } = ["libcuda.so.1", "libcuda.so", "nvcuda.dll"];

    /// <summary>Loads the first of <paramref name="names"/> that the OS loader finds.</summary>
    /// <param name="names">Library names to try, in order.</param>
    /// <param name="what">Human name for the message, e.g. "cuSOLVER".</param>
    /// <param name="handle">The library handle, or zero.</param>
    /// <param name="loadedName">The name that loaded, or null.</param>
    /// <param name="reason">Empty on success; otherwise one line naming every candidate tried.</param>
    /// <returns>True when a library was loaded.</returns>
    public static bool TryLoad(
        IReadOnlyList<string> names, string what, out IntPtr handle, out string? loadedName, out string reason)
    {
        ArgumentNullException.ThrowIfNull(names);
        foreach (var name in names)
        {
            if (NativeLibrary.TryLoad(name, out handle))
            {
                loadedName = name;
                reason = "";
                return true;
            }
        }

        handle = IntPtr.Zero;
        loadedName = null;
        reason = $"{what} not found (tried {string.Join(", ", names)})";
        return false;
    }

    /// <summary>Whether the CUDA driver library loads, with a reason when not.</summary>
    /// <param name="reason">Empty on success, otherwise why not ("CUDA driver not found (tried libcuda.so.1, …)").</param>
    /// <returns>True when a driver library was found.</returns>
    public static bool DriverPresent(out string reason)
    {
        if (TryLoad(DriverNames, "CUDA driver", out _, out _, out var why))
        {
            reason = "";
            return true;
        }

        reason = $"{why}: no NVIDIA driver installed or visible";
        return false;
    }

    /// <summary>Resolves <paramref name="symbol"/> in <paramref name="library"/>.</summary>
    /// <exception cref="EntryPointNotFoundException">The symbol is absent (the message names it and the library).</exception>
    internal static IntPtr Export(IntPtr library, string symbol, string libraryName) =>
        NativeLibrary.TryGetExport(library, symbol, out var address)
            ? address
            : throw new EntryPointNotFoundException($"{symbol} not found in {libraryName}.");
}
