using GpuSpectral.Kernels;
using GpuSpectral.Kernels.Convert;
using GpuSpectral.Kernels.Gram;
using GpuSpectral.Kernels.Reduce;
using ILGPU;
using ILGPU.Runtime;

namespace GpuSpectral.Compute.Gpu;

public sealed partial class GpuEigenBackend
{
    /// <summary>The solver that <see cref="BackendChoice"/> picks for a batch, among those available here.</summary>
    internal IDeviceSymmetricEigenSolver SolverFor(int order, int batch) =>
        BackendChoice.Solver(order, batch, Available) switch
        {
            DeviceSolverKind.CusolverJacobiBatched or DeviceSolverKind.CusolverSyevd => cusolver!,
            DeviceSolverKind.DeviceJacobiBatched => jacobi!,
            DeviceSolverKind.DeviceDense => dense!,
            _ => hostFallback,
        };

    private bool Available(DeviceSolverKind kind) => kind switch
    {
        DeviceSolverKind.CusolverJacobiBatched or DeviceSolverKind.CusolverSyevd => cusolver is not null,
        DeviceSolverKind.DeviceJacobiBatched => jacobi is not null,
        DeviceSolverKind.DeviceDense => dense is not null,
        _ => true,
    };

    /// <summary>All matrices, in batches; out-of-memory halves the batch, then sends one matrix to the CPU.</summary>
    private double[][] Run(DeviceInput[] inputs, int rows, int cols)
    {
        var results = new double[inputs.Length][];
        var batch = Math.Min(BackendChoice.BatchFor(rows, cols, device.MemoryBytes), Math.Max(inputs.Length, 1));
        var i = 0;
        while (i < inputs.Length)
        {
            var take = Math.Min(batch, inputs.Length - i);
            try
            {
                if (FaultInjector?.Invoke(i, take) is { } fault)
                {
                    throw fault;
                }

                var values = OnDevice(inputs.AsSpan(i, take), rows, cols);
                values.CopyTo(results, i);
                i += take;
            }
            catch (Exception e) when (GpuOutOfMemory.Is(e))
            {
                device.Pool.Trim();
                if (take > 1)
                {
                    batch = take / 2;
                    warn?.Invoke($"warning: {Name} ran out of device memory on a batch of {take} {rows}×{cols} " +
                                 $"matrices; retrying with batches of {batch}.");
                    continue;
                }

                var backend = cpu.Value;
                warn?.Invoke($"warning: {Name} ran out of device memory on one {rows}×{cols} matrix; computing it " +
                             $"on the CPU ({backend.Name}).");
                results[i] = backend.GramEigenvalues(inputs[i].HostDoubles(), rows, cols);
                i++;
            }
        }

        return results;
    }

    private double[][] OnDevice(ReadOnlySpan<DeviceInput> inputs, int rows, int cols)
    {
        var accelerator = device.Accelerator;
        var pool = device.Pool;
        var count = inputs.Length;
        var size = (long)rows * cols;
        var n = GramLauncher.Order(rows, cols);
        var nn = (long)n * n;
        using var x = pool.Rent<double>(nn * count);
        var gram = GramLauncher.For(accelerator);
        if (Precision == GpuPrecision.Fp64)
        {
            using var w = pool.Rent<double>(size * count);
            for (var b = 0; b < count; b++)
            {
                Upload(inputs[b], w.View.SubView(b * size, size), default);
            }

            for (var b = 0; b < count; b++)
            {
                gram.Float64(w.View.SubView(b * size, size), rows, cols, x.View.SubView(b * nn, nn));
            }
        }
        else
        {
            using var w = pool.Rent<float>(size * count);
            for (var b = 0; b < count; b++)
            {
                Upload(inputs[b], default, w.View.SubView(b * size, size));
            }

            for (var b = 0; b < count; b++)
            {
                gram.Float32(w.View.SubView(b * size, size), rows, cols, x.View.SubView(b * nn, nn));
            }
        }

        var (_, nonFinite) = ReduceLauncher.For(accelerator).MaxAbsAndNonFinite(x.View);
        if (nonFinite > 0)
        {
            throw new ArithmeticException(
                $"The Gram matrix holds {nonFinite} NaN/∞ value(s): the input matrix holds NaN/∞ or overflows.");
        }

        return SolverFor(n, count).Eigenvalues(accelerator, x.View, n, count);
    }

    /// <summary>Copies one input to the device as float64 (<paramref name="f64"/>) or float32 (<paramref name="f32"/>),
    /// decoding raw bytes on the device.</summary>
    private void Upload(DeviceInput input, ArrayView<double> f64, ArrayView<float> f32)
    {
        var accelerator = device.Accelerator;
        if (input.Doubles is { } d)
        {
            if (f32.IsValid)
            {
                f32.CopyFromCPU(Array.ConvertAll(d, v => (float)v));
            }
            else
            {
                f64.CopyFromCPU(d);
            }

            return;
        }

        using var raw = device.Pool.Rent<byte>(input.Raw!.Length);
        raw.View.CopyFromCPU(input.Raw);
        var convert = ConvertLauncher.For(accelerator);
        if (f32.IsValid)
        {
            convert.ToFloat32(raw.View, f32, input.Format, input.Scale);
        }
        else
        {
            convert.ToFloat64(raw.View, f64, input.Format, input.Scale);
        }

        accelerator.Synchronize(); // the pooled raw buffer is reused as soon as it is returned
    }
}
