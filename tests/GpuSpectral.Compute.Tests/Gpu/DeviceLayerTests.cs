using GpuSpectral.Compute.Gpu;
using GpuSpectral.Compute.Interop;
using ILGPU.Runtime;

// CA2201: the tests construct OutOfMemoryException to simulate the runtime's own out-of-memory failure.
#pragma warning disable CA2201

namespace GpuSpectral.Compute.Tests.Gpu;

/// <summary>Device catalog, selection, buffer pool, OOM recognition, BackendChoice and the CUDA library probes —
/// everything that can be checked without a GPU.</summary>
[Collection(IlgpuCpuDeviceGroup.Name)]
public sealed class DeviceLayerTests(IlgpuCpuDeviceFixture fixture)
{
    [Fact]
    public void The_catalog_lists_the_cpu_emulator_and_says_why_each_family_is_or_is_not_usable()
    {
        var catalog = DeviceCatalog.Probe();
        var cpu = Assert.Single(catalog.Devices, d => d.Kind == GpuDeviceKind.IlgpuCpu);
        Assert.Contains("only when asked", cpu.Reason, StringComparison.Ordinal);
        Assert.All(catalog.Devices, d => Assert.False(string.IsNullOrWhiteSpace(d.Reason)));
        if (catalog.FirstUsable(GpuDeviceKind.Cuda) is null)
        {
            Assert.Contains(catalog.Notes, n => n.StartsWith("CUDA:", StringComparison.Ordinal));
        }

        Assert.Contains(catalog.Notes, n => n.StartsWith("cuSOLVER:", StringComparison.Ordinal));
        Assert.Contains("ILGPU-CPU[0]", catalog.Describe(), StringComparison.Ordinal);
    }

    [Fact]
    public void Best_device_selection_never_returns_the_cpu_emulator()
    {
        var catalog = DeviceCatalog.Probe();
        if (GpuDevice.TryOpenBest(out var device, out var reason))
        {
            using (device)
            {
                Assert.NotEqual(GpuDeviceKind.IlgpuCpu, device!.Kind);
                Assert.Equal(catalog.Best()!.Kind, device.Kind);
            }
        }
        else
        {
            Assert.Null(catalog.Best());
            Assert.Contains("CUDA:", reason, StringComparison.Ordinal);
            Assert.Contains("OpenCL:", reason, StringComparison.Ordinal);
            var e = Assert.Throws<InvalidOperationException>(GpuDevice.OpenBest);
            Assert.Contains("No usable GPU", e.Message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void The_pool_reuses_buffers_of_the_same_size_class()
    {
        using var pool = new DeviceBufferPool(fixture.Device.Accelerator);
        using (var a = pool.Rent<double>(1000))
        {
            Assert.Equal(1000, a.View.Length);
            Assert.Equal(1024, a.Capacity);
        }

        Assert.Equal(1024 * sizeof(double), pool.IdleBytes);
        using (var b = pool.Rent<double>(600)) // same class (1024): reused
        {
            Assert.Equal(600, b.View.Length);
        }

        using (pool.Rent<float>(600))
        {
            // another element type: a new buffer
        }

        Assert.Equal((1, 2), (pool.Hits, pool.Misses));
        pool.Trim();
        Assert.Equal(0, pool.IdleBytes);
        Assert.Equal(256, DeviceBufferPool.SizeClass(1));
        Assert.Equal(4096, DeviceBufferPool.SizeClass(4000));
    }

    [Fact]
    public void Out_of_memory_is_recognised_also_when_wrapped()
    {
        Assert.True(GpuOutOfMemory.Is(new OutOfMemoryException()));
        Assert.True(GpuOutOfMemory.Is(new InvalidOperationException("x", new OutOfMemoryException())));
        Assert.False(GpuOutOfMemory.Is(new InvalidOperationException("x")));
        Assert.False(GpuOutOfMemory.Is(null));
    }

    [Theory]
    [InlineData(8, 4, true, true, true, DeviceSolverKind.CusolverJacobiBatched)]
    [InlineData(8, 1, true, true, true, DeviceSolverKind.CusolverSyevd)]
    [InlineData(100, 4, true, true, true, DeviceSolverKind.DeviceJacobiBatched)]
    [InlineData(1000, 4, true, true, true, DeviceSolverKind.CusolverSyevd)]
    [InlineData(1000, 1, true, false, false, DeviceSolverKind.CusolverSyevd)]
    [InlineData(1000, 1, false, true, true, DeviceSolverKind.DeviceDense)]
    [InlineData(8, 4, false, false, false, DeviceSolverKind.HostLapack)]
    public void BackendChoice_follows_its_documented_rules(
        int order, int batch, bool cusolver, bool jacobi, bool dense, DeviceSolverKind expected)
    {
        bool Available(DeviceSolverKind k) => k switch
        {
            DeviceSolverKind.CusolverJacobiBatched or DeviceSolverKind.CusolverSyevd => cusolver,
            DeviceSolverKind.DeviceJacobiBatched => jacobi,
            DeviceSolverKind.DeviceDense => dense,
            _ => true,
        };

        Assert.Equal(expected, BackendChoice.Solver(order, batch, Available));
    }

    [Fact]
    public void Batch_invariant_mode_sends_every_small_matrix_to_batched_jacobi_alone_or_not()
    {
        static bool All(DeviceSolverKind k) => true;
        Assert.Equal(DeviceSolverKind.DeviceJacobiBatched, BackendChoice.Solver(8, 1, All, batchInvariant: true));
        Assert.Equal(DeviceSolverKind.DeviceJacobiBatched, BackendChoice.Solver(8, 4, All, batchInvariant: true));
        Assert.Equal(DeviceSolverKind.CusolverSyevd,
            BackendChoice.Solver(BackendChoice.DeviceJacobiMaxOrder + 1, 1, All, batchInvariant: true));
        Assert.Equal(DeviceSolverKind.CusolverSyevd,
            BackendChoice.Solver(8, 1, k => k != DeviceSolverKind.DeviceJacobiBatched, batchInvariant: true));
    }

    [Fact]
    public void Batch_size_is_bounded_by_memory_and_the_maximum()
    {
        Assert.Equal(BackendChoice.MaxBatch, BackendChoice.BatchFor(10, 10, 80L << 30));
        Assert.Equal(1, BackendChoice.BatchFor(4096, 4096, 1L << 20));
        Assert.Equal(1, BackendChoice.BatchFor(10, 10, 0));
        // 4096×1024: W 32 MiB + X 8 MiB + 8 MiB = 48 MiB per matrix; half of 1 GiB holds 10.
        Assert.Equal(10, BackendChoice.BatchFor(4096, 1024, 1L << 30));
    }

    [Fact]
    public void A_missing_cuda_library_gives_a_reason_naming_what_was_tried()
    {
        Assert.False(CudaLibraryProbe.TryLoad(["libgpuspectral-does-not-exist.so.1"], "cuTEST", out var handle,
            out var name, out var reason));
        Assert.Equal(IntPtr.Zero, handle);
        Assert.Null(name);
        Assert.Contains("cuTEST not found", reason, StringComparison.Ordinal);
        Assert.Contains("libgpuspectral-does-not-exist.so.1", reason, StringComparison.Ordinal);
        Assert.Contains("libcusolver.so.13", CudaLibraryProbe.CusolverNames);
        Assert.Contains("libcublas.so.11", CudaLibraryProbe.CublasNames);
    }

    [Fact]
    public void Cusolver_probe_either_loads_or_says_which_sonames_it_tried()
    {
        if (CusolverDeviceSolver.TryCreate(out var solver, out var reason))
        {
            Assert.StartsWith("cusolver (libcusolver", solver!.Name, StringComparison.Ordinal);
        }
        else
        {
            Assert.Contains("libcusolver.so.12", reason, StringComparison.Ordinal);
        }

        if (!CudaBlasNative.TryLoad(out _, out var blasReason))
        {
            Assert.Contains("libcublas.so.13", blasReason, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Cusolver_refuses_a_non_cuda_accelerator()
    {
        if (!CusolverDeviceSolver.TryCreate(out var solver, out _))
        {
            return; // covered by the probe test; nothing to call without the library
        }

        using var buffer = fixture.Device.Accelerator.Allocate1D<double>(1);
        Assert.Throws<ArgumentException>(() => solver!.Eigenvalues(fixture.Device.Accelerator, buffer.View, 1, 1));
    }
}
