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
        BackendChoice.Solver(order, batch, Available, BatchInvariant) switch
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

    /// <summary>One matrix straight from the caller's span; out-of-memory (or a need above
    /// <see cref="MaxDeviceMemory"/>) sends it to the CPU, which reads the same span.</summary>
    private double[] RunOne(HostMatrix matrix, int rows, int cols, int index = 0)
    {
        if (!FitsDevice(rows, cols, out var need))
        {
            var backend = cpu.Value;
            warn?.Invoke($"warning: a {rows}×{cols} matrix needs {need} bytes on the device, more than the " +
                         $"device memory limit of {MaxDeviceMemory} bytes; computing it on the CPU ({backend.Name}).");
            return backend.GramEigenvalues(matrix.HostDoubles(), rows, cols);
        }

        try
        {
            device.Accelerator.Bind(); // callers (one worker per device) may come from any thread
            if (FaultInjector?.Invoke(index, 1) is { } fault)
            {
                throw fault;
            }

            MakeRoom(need);
            var n = GramLauncher.Order(rows, cols);
            using var x = device.Pool.Rent<double>((long)n * n);
            Form(matrix, rows, cols, x.View);
            return Solve(x.View, n, 1)[0];
        }
        catch (Exception e) when (GpuOutOfMemory.Is(e))
        {
            device.Pool.Trim();
            var backend = cpu.Value;
            warn?.Invoke($"warning: {Name} ran out of device memory on one {rows}×{cols} matrix; computing it " +
                         $"on the CPU ({backend.Name}).");
            return backend.GramEigenvalues(matrix.HostDoubles(), rows, cols);
        }
    }

    /// <summary>All matrices, in batches; out-of-memory halves the batch, then sends one matrix to the CPU (both
    /// re-read the caller's memory: nothing is copied on the host).</summary>
    private double[][] Run(DeviceInput[] inputs, int rows, int cols)
    {
        var results = new double[inputs.Length][];
        device.Accelerator.Bind(); // callers (one worker per device) may come from any thread
        var batch = BatchToFit(rows, cols, Math.Max(inputs.Length, 1));
        var i = 0;
        while (i < inputs.Length)
        {
            var take = Math.Min(batch, inputs.Length - i);
            if (take == 1)
            {
                results[i] = RunOne(inputs[i].Host, rows, cols, i);
                i++;
                continue;
            }

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
                batch = take / 2;
                warn?.Invoke($"warning: {Name} ran out of device memory on a batch of {take} {rows}×{cols} " +
                             $"matrices; retrying with batches of {batch}.");
            }
        }

        return results;
    }

    private double[][] OnDevice(ReadOnlySpan<DeviceInput> inputs, int rows, int cols)
    {
        var count = inputs.Length;
        MakeRoom(DeviceNeed(rows, cols, count));
        var n = GramLauncher.Order(rows, cols);
        var nn = (long)n * n;
        using var x = device.Pool.Rent<double>(nn * count);
        for (var b = 0; b < count; b++)
        {
            Form(inputs[b].Host, rows, cols, x.View.SubView(b * nn, nn));
        }

        return Solve(x.View, n, count);
    }

    /// <summary>Uploads one matrix (float64, float32 narrowed on the device, or raw bytes decoded on the device) and
    /// forms its Gram matrix into <paramref name="gram"/>.</summary>
    private void Form(HostMatrix matrix, int rows, int cols, ArrayView<double> gram)
    {
        var size = (long)rows * cols;
        var launcher = GramLauncher.For(device.Accelerator);
        if (Precision == GpuPrecision.Fp64)
        {
            using var w = device.Pool.Rent<double>(size);
            if (matrix.IsRaw)
            {
                UploadRaw(matrix, w.View, default);
            }
            else
            {
                w.View.CopyFromCPU(matrix.Doubles);
            }

            if (cublasGram is not null)
            {
                cublasGram.Float64(w.View, rows, cols, gram);
            }
            else
            {
                launcher.Float64(w.View, rows, cols, gram);
            }
        }
        else
        {
            using var w = device.Pool.Rent<float>(size);
            if (matrix.IsRaw)
            {
                UploadRaw(matrix, default, w.View);
            }
            else
            {
                UploadNarrowed(matrix.Doubles, w.View);
            }

            launcher.Float32(w.View, rows, cols, gram);
        }
    }

    /// <summary>Checks the Gram matrices for NaN/∞ and solves them.</summary>
    private double[][] Solve(ArrayView<double> grams, int n, int count)
    {
        var accelerator = device.Accelerator;
        var (_, nonFinite) = ReduceLauncher.For(accelerator).MaxAbsAndNonFinite(grams);
        if (nonFinite > 0)
        {
            throw new ArithmeticException(
                $"The Gram matrix holds {nonFinite} NaN/∞ value(s): the input matrix holds NaN/∞ or overflows.");
        }

        var values = SolverFor(n, count).Eigenvalues(accelerator, grams, n, count);
        Interlocked.Increment(ref launches);
        Interlocked.Add(ref matricesOnDevice, count);
        return values;
    }

    /// <summary>Raw bytes to the device, decoded there into float64 (<paramref name="f64"/>) or float32
    /// (<paramref name="f32"/>).</summary>
    private void UploadRaw(HostMatrix matrix, ArrayView<double> f64, ArrayView<float> f32)
    {
        var accelerator = device.Accelerator;
        using var raw = device.Pool.Rent<byte>(matrix.Raw.Length);
        raw.View.CopyFromCPU(matrix.Raw);
        var convert = ConvertLauncher.For(accelerator);
        if (f32.IsValid)
        {
            convert.ToFloat32(raw.View, f32, matrix.Format, matrix.Scale);
        }
        else
        {
            convert.ToFloat64(raw.View, f64, matrix.Format, matrix.Scale);
        }

        accelerator.Synchronize(); // the pooled raw buffer is reused as soon as it is returned
    }
}
