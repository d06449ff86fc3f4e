using GpuSpectral.Compute.Cpu;
using ILGPU;
using ILGPU.Runtime;
using ILGPU.Runtime.CPU;
using ILGPU.Runtime.Cuda;

namespace GpuSpectral.Kernels.Tests;

/// <summary>
/// The accelerator every kernel test runs on, and the LAPACK float64 reference, shared by the kernel tests so each
/// kernel is compiled once; the tests using it run one at a time.
/// <para>By default (CI) it is ILGPU's CPU accelerator (default device: 4 threads/warp × 4 warps, groups of up to
/// 16). With <c>GPUSPECTRAL_KERNEL_TEST_DEVICE=cuda</c> it is the first CUDA device, so the same tests, references and
/// tolerances check the kernels on a GPU (bench/gpu-validate.sh sets it on the GPU box); asking for CUDA where there
/// is none fails every test that uses the fixture instead of quietly running on the CPU.</para>
/// </summary>
public sealed class KernelAcceleratorFixture : IDisposable
{
    /// <summary>Environment variable naming the accelerator: <c>cpu</c> (default) or <c>cuda</c>.</summary>
    public const string DeviceVariable = "GPUSPECTRAL_KERNEL_TEST_DEVICE";

    public KernelAcceleratorFixture()
    {
        Requested = RequestedType();
        if (Requested == AcceleratorType.Cuda)
        {
            Context = Context.Create(b => b.Cuda().EnableAlgorithms());
            if (Context.GetCudaDevices().Count == 0)
            {
                Context.Dispose();
                throw new InvalidOperationException($"{DeviceVariable}=cuda but ILGPU finds no CUDA device.");
            }

            Accelerator = Context.CreateCudaAccelerator(0);
        }
        else
        {
            Context = Context.Create(b => b.CPU().EnableAlgorithms());
            Accelerator = Context.CreateCPUAccelerator(0);
        }

        if (!LapackEigenBackend.TryCreate(out var lapack, out var reason))
        {
            throw new InvalidOperationException($"LAPACK must load in the test environment: {reason}");
        }

        Lapack = lapack!;
    }

    /// <summary>The accelerator type the environment asked for.</summary>
    public AcceleratorType Requested { get; }

    public Context Context { get; }

    public Accelerator Accelerator { get; }

    /// <summary>LAPACK dsyevd (float64), the independent reference of the eigen-solver kernels.</summary>
    public ISymmetricEigenSolver Lapack { get; }

    public void Dispose()
    {
        Accelerator.Dispose();
        Context.Dispose();
    }

    private static AcceleratorType RequestedType() =>
        (Environment.GetEnvironmentVariable(DeviceVariable) ?? "cpu").Trim().ToLowerInvariant() switch
        {
            "" or "cpu" => AcceleratorType.CPU,
            "cuda" => AcceleratorType.Cuda,
            var other => throw new InvalidOperationException(
                $"{DeviceVariable}='{other}' is not one of: cpu, cuda."),
        };
}

[CollectionDefinition(Name)]
public sealed class KernelAcceleratorGroup : ICollectionFixture<KernelAcceleratorFixture>
{
    public const string Name = "kernel test accelerator";
}
