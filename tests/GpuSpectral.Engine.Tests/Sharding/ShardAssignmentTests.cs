using GpuSpectral.Checkpoints;
using GpuSpectral.Core.Planning;
using GpuSpectral.Engine.Sharding;
using GpuSpectral.TestSupport;

namespace GpuSpectral.Engine.Tests.Sharding;

public sealed class ShardAssignmentTests
{
    private static IReadOnlyList<LayerPlan> TinyLlamaPlans()
    {
        using var reader = CheckpointOpener.Open(SharedData.Fixture("tiny_llama"));
        return [.. Analyzer.Describe(reader, new PlanOptions()).Where(p => p.IsAnalysed)];
    }

    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    [InlineData(7)]
    [InlineData(200)]
    public void Every_layer_goes_to_exactly_one_shard(int count)
    {
        var plans = TinyLlamaPlans();
        var shards = Enumerable.Range(0, count).Select(i => ShardAssignment.Select(plans, new ShardSpec(i, count))).ToList();
        var all = shards.SelectMany(s => s.Select(p => p.LayerId)).ToList();
        Assert.Equal(plans.Select(p => p.LayerId).Order(), all.Order());
        Assert.All(shards, s => Assert.Equal(s.Select(p => p.LayerId), s.Select(p => p.LayerId).Order()));
    }

    [Fact]
    public void The_split_is_deterministic_and_balanced_within_the_longest_processing_time_bound()
    {
        var plans = TinyLlamaPlans();
        Assert.Equal(ShardAssignment.Assign(plans, 4), ShardAssignment.Assign(plans, 4));
        var loads = Enumerable.Range(0, 4)
            .Select(i => ShardAssignment.Select(plans, new ShardSpec(i, 4)).Sum(ShardAssignment.Cost)).ToList();
        var total = plans.Sum(ShardAssignment.Cost);
        var largest = plans.Max(ShardAssignment.Cost);
        // Greedy LPT: no shard exceeds the mean load by more than the largest single layer.
        Assert.All(loads, l => Assert.True(l <= (total / 4) + largest, $"load {l} vs mean {total / 4}"));
    }

    [Theory]
    [InlineData("2/5", null, 2, 5)]
    [InlineData(" 0/1 ", null, 0, 1)]
    [InlineData("1/3", 3, 1, 3)]
    public void Parses_explicit_shards(string text, int? count, int index, int total) =>
        Assert.Equal(new ShardSpec(index, total), ShardSpec.Parse(text, count, _ => null));

    [Fact]
    public void Auto_reads_the_kubernetes_or_slurm_index()
    {
        var k8s = new Dictionary<string, string> { ["JOB_COMPLETION_INDEX"] = "3", ["GPUSPECTRAL_SHARD_COUNT"] = "8" };
        Assert.Equal(new ShardSpec(3, 8), ShardSpec.Parse("auto", null, k8s.GetValueOrDefault));
        var slurm = new Dictionary<string, string> { ["SLURM_ARRAY_TASK_ID"] = "1", ["SLURM_ARRAY_TASK_COUNT"] = "2" };
        Assert.Equal(new ShardSpec(1, 2), ShardSpec.Parse("auto", null, slurm.GetValueOrDefault));
        Assert.Equal(new ShardSpec(1, 4), ShardSpec.Parse("auto", 4, slurm.GetValueOrDefault));
    }

    [Theory]
    [InlineData("3/3")]
    [InlineData("-1/3")]
    [InlineData("1/0")]
    [InlineData("x/3")]
    [InlineData("1-3")]
    [InlineData("auto")]
    public void Rejects_bad_shards_with_a_message(string text)
    {
        var e = Assert.Throws<ArgumentException>(() => ShardSpec.Parse(text, null, _ => null));
        Assert.False(string.IsNullOrWhiteSpace(e.Message));
    }
}
