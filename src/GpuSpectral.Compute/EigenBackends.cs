using System.Text;
using GpuSpectral.Compute.Cpu;
using GpuSpectral.Compute.Gpu;

namespace GpuSpectral.Compute;

/// <summary>Which eigen backend <see cref="EigenBackends.Create"/> returns (Auto picks among the CPU ones only; the
/// GPU kinds are chosen explicitly).</summary>
public enum EigenBackendKind
{
    /// <summary>LAPACK when it loads, else the managed backend (with a warning). Honours
    /// <c>GPUSPECTRAL_BACKEND</c>.</summary>
    Auto,

    /// <summary>System OpenBLAS + LAPACKE (<see cref="LapackEigenBackend"/>); an error when it cannot load.</summary>
    Lapack,

    /// <summary>Managed SIMD Gram + MathNet EVD (<see cref="ManagedEigenBackend"/>); always available, slow above
    /// n≈1500.</summary>
    Managed,

    /// <summary>ILGPU on the first usable CUDA GPU (<see cref="GpuEigenBackend"/>, float64 Gram); an error when there
    /// is none.</summary>
    Cuda,

    /// <summary>ILGPU on the first usable OpenCL GPU (untested); an error when there is none.</summary>
    OpenCl,

    /// <summary>The GPU kernels on ILGPU's CPU emulator: for tests, ~100× slower than <see cref="Lapack"/>.</summary>
    IlgpuCpu,
}

/// <summary>Selects and describes the CPU eigen backends.</summary>
public static class EigenBackends
{
    /// <summary>Environment variable that overrides <see cref="EigenBackendKind.Auto"/>: <c>lapack</c> or
    /// <c>cpu</c> (both mean LAPACK) or <c>managed</c>, case-insensitive. Other values (for example <c>cuda</c>) are
    /// for the GPU selection layer and leave the CPU choice automatic.</summary>
    public const string EnvironmentVariable = "GPUSPECTRAL_BACKEND";

    /// <summary>Install hint shown when LAPACK cannot be loaded.</summary>
    public const string InstallHint =
        "install OpenBLAS + LAPACKE (Debian/Ubuntu: apt-get install libopenblas0-pthread liblapacke)";

    /// <summary>
    /// Creates a CPU eigen backend. <see cref="EigenBackendKind.Auto"/> first applies
    /// <see cref="EnvironmentVariable"/>, then picks LAPACK when it loads and otherwise the managed backend, calling
    /// <paramref name="warn"/> once with a one-line reason and install hint.
    /// </summary>
    /// <param name="kind">The backend wanted.</param>
    /// <param name="warn">Receives the one-line warning when Auto falls back to managed; may be null.</param>
    /// <param name="precision">Gram precision of the GPU kinds (the eigensolver is always float64).</param>
    /// <returns>A ready backend.</returns>
    /// <exception cref="InvalidOperationException">LAPACK was asked for (by <paramref name="kind"/> or the
    /// environment variable) but cannot be loaded, or a GPU kind has no usable device; the message gives the
    /// reason.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="kind"/> is not a defined value.</exception>
    public static IEigenBackend Create(EigenBackendKind kind, Action<string>? warn, GpuPrecision precision = GpuPrecision.Fp64)
    {
        if (kind == EigenBackendKind.Auto)
        {
            kind = FromEnvironment(Environment.GetEnvironmentVariable(EnvironmentVariable));
        }

        switch (kind)
        {
            case EigenBackendKind.Managed:
                return new ManagedEigenBackend();
            case EigenBackendKind.Lapack:
                if (LapackEigenBackend.TryCreate(out var lapack, out var reason))
                {
                    return lapack!;
                }

                throw new InvalidOperationException($"The LAPACK eigen backend is unavailable: {reason}; {InstallHint}.");
            case EigenBackendKind.Cuda:
                return GpuEigenBackend.Create(GpuDeviceKind.Cuda, precision, warn);
            case EigenBackendKind.OpenCl:
                return GpuEigenBackend.Create(GpuDeviceKind.OpenCl, precision, warn);
            case EigenBackendKind.IlgpuCpu:
                return GpuEigenBackend.Create(GpuDeviceKind.IlgpuCpu, precision, warn);
            case EigenBackendKind.Auto:
                if (LapackEigenBackend.TryCreate(out lapack, out reason))
                {
                    return lapack!;
                }

                warn?.Invoke($"warning: LAPACK unavailable ({reason}); using the managed eigen backend, which is " +
                             $"slow above n≈1500 — {InstallHint}.");
                return new ManagedEigenBackend();
            default:
                throw new ArgumentOutOfRangeException(nameof(kind), kind, "Unknown eigen backend kind.");
        }
    }

    /// <summary>
    /// One line per CPU backend: its name, whether it is usable, and its description or why it is not usable.
    /// </summary>
    /// <returns>Lines separated by '\n', without a trailing newline.</returns>
    public static string Describe()
    {
        var text = new StringBuilder();
        text.Append(LapackEigenBackend.TryCreate(out var lapack, out var reason)
            ? $"lapack: available — {lapack!.Description}"
            : $"lapack: unavailable — {reason}; {InstallHint}");
        text.Append('\n');
        text.Append($"managed: available — {new ManagedEigenBackend().Description}");
        return text.ToString();
    }

    /// <summary>Maps a <see cref="EnvironmentVariable"/> value to a kind; unknown or empty values give Auto.</summary>
    internal static EigenBackendKind FromEnvironment(string? value) =>
        value?.Trim().ToUpperInvariant() switch
        {
            "LAPACK" or "CPU" => EigenBackendKind.Lapack,
            "MANAGED" => EigenBackendKind.Managed,
            _ => EigenBackendKind.Auto,
        };
}
