using System.Text.Json;
using GpuSpectral.Checkpoints;
using GpuSpectral.Compute;
using GpuSpectral.Compute.Gpu;
using GpuSpectral.Core.Results;
using GpuSpectral.Engine.Pipeline;
using GpuSpectral.Kernels.Dense;
using GpuSpectral.Kernels.Jacobi;
using GpuSpectral.TestSupport;

namespace GpuSpectral.Engine.Tests.Gpu;

/// <summary>
/// Batching of small equal-shape layers into one device call, and several devices, on ILGPU's CPU emulator (the very
/// GPU kernels). References: the LAPACK rows (dsyrk + dsyevd in float64 on the host, independent of the device code),
/// and the same backend solving each layer alone, which must give the very same bits (the session makes the solver
/// choice independent of batching).
/// </summary>
public sealed class SessionBatchingTests
{
    /// <summary>Device fp64 Gram + Jacobi vs dsyrk + dsyevd: both backward stable, so the eigenvalues agree to a few
    /// n·ε·λmax (n ≤ 40); 1e-12·λmax leaves a factor of ~100 (same bound as the Compute backend tests).</summary>
    private const double EigenvaluesOfLambdaMax = 1e-12;

    /// <summary>Same eigenvalues up to round-off pick the same xmin; alpha then agrees to the 1e-9.</summary>
    private const double AlphaRelative = 1e-9;

    private static readonly JsonSerializerOptions Json = new()
    {
        NumberHandling = System.Text.Json.Serialization.JsonNumberHandling.AllowNamedFloatingPointLiterals,
    };

    [Fact]
    public void A_gpu_session_batches_small_layers_and_reproduces_the_lapack_rows()
    {
        using var model = new SmallLayersModel();
        var options = new AnalysisOptions();
        var reference = new Analyzer(EigenBackends.Create(EigenBackendKind.Lapack, null)).Analyze(model.Path, options).Layers;
        using var gpu = IlgpuCpu();
        using var session = AnalysisSession.Open(gpu, model.Path, options, new RunOptions());
        var rows = session.Rows(null, CancellationToken.None).ToBlockingEnumerable().ToList();

        Assert.Equal(model.Names, rows.Select(r => r.Name));
        Assert.Equal(reference.Select(r => r.Name), rows.Select(r => r.Name));
        foreach (var (cpu, dev) in reference.Zip(rows))
        {
            var scale = cpu.Evals.Max();
            Assert.Equal(cpu.Evals.Length, dev.Evals.Length);
            for (var i = 0; i < cpu.Evals.Length; i++)
            {
                Assert.True(Math.Abs(cpu.Evals[i] - dev.Evals[i]) <= EigenvaluesOfLambdaMax * scale,
                    $"{cpu.Name} λ[{i}]: {dev.Evals[i]:R} vs LAPACK {cpu.Evals[i]:R}");
            }

            Assert.True(Tolerances.Close(dev.Alpha, cpu.Alpha, AlphaRelative), $"{cpu.Name}: alpha {dev.Alpha:R} vs {cpu.Alpha:R}");
        }

        // The conv's nine slices at least go in one call, so fewer launches than matrices.
        Assert.True(session.BatchedCalls >= 1, "no batched call");
        Assert.True(gpu.Launches < model.MatrixCount, $"{gpu.Launches} launches for {model.MatrixCount} matrices");
    }

    [Fact]
    public async Task A_worker_solves_all_waiting_layers_of_one_shape_in_one_launch_with_the_same_bits()
    {
        using var model = new SmallLayersModel();
        var options = new AnalysisOptions();
        using var gpu = IlgpuCpu();
        gpu.BatchInvariant = true;
        using var session = AnalysisSession.Open(gpu, model.Path, options, new RunOptions());
        using var reader = CheckpointOpener.Open(model.Path);
        var waiting = new WaitingLayers(largestFirst: false);
        for (var i = 0; i < session.Todo.Count; i++)
        {
            var plan = session.Todo[i];
            var data = new double[plan.Tensor.ElementCount];
            reader.ReadAsDouble(reader.Tensors.Single(t => t.Name == plan.Tensor.Name), data);
            waiting.Add(new Decoded(i, plan, data, data.Length, data.Length * 8L));
        }

        waiting.Complete();
        var worker = new LayerWorker(gpu, options);
        var batched = new List<LayerResult>();
        await worker.RunAsync(waiting, (_, r) => batched.AddRange(r), CancellationToken.None);

        // 12 × 24×16 in one call, 3 × 20×12 in one, the conv's 9 slices in one; the 40×40 alone.
        Assert.Equal(3, worker.BatchedCalls);
        Assert.Equal(4, gpu.Launches);

        // The same backend, one layer at a time (one launch per matrix): the very same bits.
        var alone = new LayerAnalyzer(gpu, options);
        var expected = new List<LayerResult>();
        foreach (var plan in session.Todo)
        {
            var data = new double[plan.Tensor.ElementCount];
            reader.ReadAsDouble(reader.Tensors.Single(t => t.Name == plan.Tensor.Name), data);
            expected.AddRange(alone.AnalyzeRows(plan, data));
        }

        Assert.Equal(4 + model.MatrixCount, gpu.Launches);
        var byName = batched.ToDictionary(r => r.Name);
        Assert.Equal(expected.Count, batched.Count);
        foreach (var row in expected)
        {
            Assert.Equal(Serialize(row), Serialize(byName[row.Name]));
        }
    }

    [Fact]
    public void Two_devices_give_the_very_same_rows_as_one()
    {
        using var model = new SmallLayersModel();
        var options = new AnalysisOptions();
        using var one = IlgpuCpu();
        using var session = AnalysisSession.Open(one, model.Path, options, new RunOptions());
        var single = session.Rows(null, CancellationToken.None).ToBlockingEnumerable().Select(Serialize).ToList();

        using var first = IlgpuCpu();
        using var second = IlgpuCpu();
        using var pair = AnalysisSession.Open([first, second], model.Path, options, new RunOptions());
        var both = pair.Rows(null, CancellationToken.None).ToBlockingEnumerable().Select(Serialize).ToList();

        Assert.Equal(single, both);
        Assert.StartsWith("2 devices: ilgpu-cpu", pair.Backend, StringComparison.Ordinal);
        Assert.Contains("max device memory", pair.Backend, StringComparison.Ordinal);
        Assert.True(first.Launches + second.Launches > 0);
    }

    [Fact]
    public void Layers_over_the_device_limit_run_on_the_cpu_and_nan_layers_are_skipped()
    {
        using var model = new SmallLayersModel(withNan: true);
        var options = new AnalysisOptions();
        var reference = new Analyzer(EigenBackends.Create(EigenBackendKind.Lapack, null)).Analyze(model.Path, options).Layers;
        var warnings = new List<string>();
        using var gpu = IlgpuCpu(warnings.Add);
        gpu.MaxDeviceMemory = gpu.DeviceNeed(24, 16); // the 40×40 needs more; every other shape fits
        using var session = AnalysisSession.Open(gpu, model.Path, options, new RunOptions());
        var rows = session.Rows(null, CancellationToken.None).ToBlockingEnumerable().ToList();

        Assert.Equal(reference.Select(r => r.Name), rows.Select(r => r.Name));
        Assert.DoesNotContain("blocks.nan", rows.Select(r => r.Name));
        Assert.Contains(session.Skipped, p => p.Name == "blocks.nan" && p.SkipReason!.Contains("NaN", StringComparison.Ordinal));
        var warning = Assert.Single(warnings);
        Assert.Contains("'head.square' (40×40)", warning, StringComparison.Ordinal);
        Assert.Contains($"{gpu.DeviceNeed(40, 40)} bytes", warning, StringComparison.Ordinal);
        foreach (var (cpu, dev) in reference.Zip(rows))
        {
            Assert.True(Tolerances.Close(dev.Alpha, cpu.Alpha, AlphaRelative), $"{cpu.Name}: alpha {dev.Alpha:R} vs {cpu.Alpha:R}");
        }

        // The CPU fallback is LAPACK itself: the 40×40 row is LAPACK's to the bit.
        Assert.Equal(Serialize(reference.Single(r => r.Name == "head.square")), Serialize(rows.Single(r => r.Name == "head.square")));
    }

    /// <summary>A backend on its own ILGPU CPU device with the device dense and batched Jacobi solvers.</summary>
    private static GpuEigenBackend IlgpuCpu(Action<string>? warn = null) =>
        new(GpuDevice.Open(GpuDeviceKind.IlgpuCpu), dense: new DenseEigenSolver(), jacobi: new BatchedJacobiSolver(),
            warn: warn, ownsDevice: true);

    private static string Serialize(LayerResult row) => JsonSerializer.Serialize(row, Json);
}
