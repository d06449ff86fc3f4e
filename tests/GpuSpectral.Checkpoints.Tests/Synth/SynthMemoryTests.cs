using GpuSpectral.Checkpoints.Synth;
using GpuSpectral.Checkpoints.Tests.Support;

namespace GpuSpectral.Checkpoints.Tests.Synth;

/// <summary>Alone: the process-wide allocation counter must not see other tests' allocations.</summary>
[CollectionDefinition(nameof(SynthMemoryTests), DisableParallelization = true)]
public sealed class SynthMemoryAlone;

[Collection(nameof(SynthMemoryTests))]
public sealed class SynthMemoryTests
{
    // One block of floats (4 MiB) and its encoding (≤ 4 MiB) per shard, the file buffer (1 MiB), the planted
    // vectors and the headers: far below the 58 MB written. 24 MiB leaves room for the thread pool's own
    // allocations while showing that nothing proportional to the checkpoint is held.
    private const long MaxAllocatedBytes = 24L << 20;

    [Fact]
    public void Writing_a_58_MB_checkpoint_allocates_a_few_blocks_not_the_model()
    {
        using var dir = new TempDir();
        var before = GC.GetTotalAllocatedBytes(precise: true);
        var plan = SynthCheckpointWriter.Write(dir.Path, new SynthOptions
        {
            Architecture = SynthArchitecture.Llama7B, Scale = 0.25, Layers = 1,
        });
        var allocated = GC.GetTotalAllocatedBytes(precise: true) - before;
        Assert.True(plan.TotalFileBytes > 55_000_000, $"{plan.TotalFileBytes}");
        Assert.True(allocated < MaxAllocatedBytes, $"allocated {allocated:N0} bytes for {plan.TotalFileBytes:N0} written");
    }
}
