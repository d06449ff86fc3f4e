using GpuSpectral.Compute.Cpu;
using GpuSpectral.Kernels;
using ILGPU;
using ILGPU.Runtime;

namespace GpuSpectral.Compute.Gpu;

/// <summary>
/// FALLBACK, not a device solver: downloads each Gram matrix to the host and solves it with a CPU
/// <see cref="ISymmetricEigenSolver"/> (LAPACK when it loads, else the managed solver). Used until the device dense
/// and Jacobi solvers are plugged in, and whenever <see cref="BackendChoice"/> finds nothing better.
/// </summary>
public sealed class HostLapackFallbackSolver : IDeviceSymmetricEigenSolver
{
    private readonly ISymmetricEigenSolver cpu;

    /// <summary>Uses <paramref name="cpu"/>, or by default LAPACK (managed when LAPACK does not load).</summary>
    public HostLapackFallbackSolver(ISymmetricEigenSolver? cpu = null)
    {
        this.cpu = cpu ?? (LapackEigenBackend.TryCreate(out var lapack, out _)
            ? lapack!
            : new ManagedEigenBackend());
    }

    /// <summary>"host-lapack-fallback (lapack)" or "(managed)".</summary>
    public string Name => $"host-lapack-fallback ({cpu.Name})";

    /// <inheritdoc />
    public double[][] Eigenvalues(
        Accelerator accelerator, ArrayView1D<double, Stride1D.Dense> matrices, int n, int count)
    {
        ArgumentNullException.ThrowIfNull(accelerator);
        ArgumentOutOfRangeException.ThrowIfLessThan(n, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        var size = (long)n * n;
        if (matrices.Length != size * count)
        {
            throw new ArgumentException(
                $"{count} matrices of order {n} need {size * count} values, the view holds {matrices.Length}.",
                nameof(matrices));
        }

        accelerator.Synchronize();
        var all = matrices.GetAsArray1D();
        var result = new double[count][];
        for (var b = 0; b < count; b++)
        {
            result[b] = cpu.Eigenvalues(all.AsSpan((int)(b * size), (int)size).ToArray(), n);
        }

        return result;
    }
}
