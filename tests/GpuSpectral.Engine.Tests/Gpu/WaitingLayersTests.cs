using GpuSpectral.Compute;
using GpuSpectral.Engine.Pipeline;

namespace GpuSpectral.Engine.Tests.Gpu;

/// <summary>The queue the solver workers share: file order, or costliest first (cost M·N² + N³ per slice, computed
/// here by hand for the model's shapes), and taking a shape for a batch.</summary>
public sealed class WaitingLayersTests
{
    [Fact]
    public async Task Costliest_first_then_file_order_and_same_shape_takes_the_first_of_that_shape()
    {
        using var model = new SmallLayersModel();
        using var session = AnalysisSession.Open(
            EigenBackends.Create(EigenBackendKind.Managed, null), model.Path, new AnalysisOptions(), new RunOptions());
        var waiting = new WaitingLayers(largestFirst: true);
        for (var i = 0; i < session.Todo.Count; i++)
        {
            var plan = session.Todo[i];
            waiting.Add(new Decoded(i, plan, new double[plan.Tensor.ElementCount], (int)plan.Tensor.ElementCount, 8));
        }

        // head.square 40×40: 40·40² + 40³ = 128000; stem.conv: 9 · (16·8² + 8³) = 13824; 24×16: 24·16² + 16³ = 10240;
        // 20×12: 20·12² + 12³ = 4608.
        Assert.True(waiting.TryTake(out var a));
        Assert.Equal("head.square", a!.Plan.Name);
        Assert.True(waiting.TryTake(out var b));
        Assert.Equal("stem.conv", b!.Plan.Name);
        Assert.True(waiting.TryTakeLike(20, 12, out var c));
        Assert.Equal("blocks.01.gate", c!.Plan.Name);
        Assert.True(waiting.TryTake(out var d));
        Assert.Equal("blocks.00.proj", d!.Plan.Name);
        Assert.False(waiting.TryTakeLike(7, 7, out _));

        var rest = new List<string>();
        while (waiting.TryTake(out var e))
        {
            rest.Add(e!.Plan.Name);
        }

        Assert.Equal([.. Enumerable.Range(1, 11).Select(i => $"blocks.{i:00}.proj"), "blocks.05.gate", "blocks.09.gate"], rest);
        waiting.Complete();
        Assert.False(await waiting.WaitAsync(CancellationToken.None));
    }

    [Fact]
    public async Task File_order_without_largest_first_and_a_waiter_wakes_on_add()
    {
        using var model = new SmallLayersModel();
        using var session = AnalysisSession.Open(
            EigenBackends.Create(EigenBackendKind.Managed, null), model.Path, new AnalysisOptions(), new RunOptions());
        var waiting = new WaitingLayers(largestFirst: false);
        var wait = waiting.WaitAsync(CancellationToken.None);
        Assert.False(wait.IsCompleted);
        var plan = session.Todo[^1];
        waiting.Add(new Decoded(5, plan, null, 0, 8));
        waiting.Add(new Decoded(3, session.Todo[0], null, 0, 8));
        Assert.True(await wait.WaitAsync(TimeSpan.FromSeconds(10)));
        Assert.True(waiting.TryTake(out var first));
        Assert.Equal(3, first!.Sequence);
        Assert.False(waiting.TryTakeLike(plan.SliceRows, plan.SliceCols, out _)); // skipped tensors are never batched
    }
}
