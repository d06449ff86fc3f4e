using GpuSpectral.Checkpoints.Synth;
using GpuSpectral.Checkpoints.Tests.Support;
using GpuSpectral.Core.Tensors;

namespace GpuSpectral.Checkpoints.Tests.Synth;

public sealed class SynthDeterminismTests
{
    private static SynthOptions Options(ulong seed, long shardSize = 300_000) => new()
    {
        Architecture = SynthArchitecture.Mistral7B, Scale = 1.0 / 32, Layers = 2, DType = DType.BF16, Seed = seed,
        ShardSizeBytes = shardSize,
    };

    private static Dictionary<string, byte[]> Files(string dir) =>
        Directory.GetFiles(dir).ToDictionary(f => Path.GetFileName(f), File.ReadAllBytes);

    [Fact]
    public void Same_seed_gives_byte_identical_files()
    {
        using var a = new TempDir();
        using var b = new TempDir();
        SynthCheckpointWriter.Write(a.Path, Options(42));
        SynthCheckpointWriter.Write(b.Path, Options(42));
        var fa = Files(a.Path);
        var fb = Files(b.Path);
        Assert.Equal(fa.Keys.Order(StringComparer.Ordinal), fb.Keys.Order(StringComparer.Ordinal));
        Assert.True(fa.Count > 3);
        foreach (var (name, bytes) in fa)
        {
            Assert.True(bytes.AsSpan().SequenceEqual(fb[name]), $"{name} differs");
        }
    }

    [Fact]
    public void Another_seed_gives_other_values()
    {
        using var a = new TempDir();
        using var b = new TempDir();
        SynthCheckpointWriter.Write(a.Path, Options(1));
        SynthCheckpointWriter.Write(b.Path, Options(2));
        var shard = Directory.GetFiles(a.Path, "*.safetensors")[0];
        var other = Path.Combine(b.Path, Path.GetFileName(shard));
        Assert.Equal(new FileInfo(shard).Length, new FileInfo(other).Length);
        Assert.False(File.ReadAllBytes(shard).AsSpan().SequenceEqual(File.ReadAllBytes(other)));
    }

    [Fact]
    public void Values_do_not_depend_on_how_the_checkpoint_is_sharded()
    {
        using var a = new TempDir();
        using var b = new TempDir();
        SynthCheckpointWriter.Write(a.Path, Options(5, shardSize: 100_000));
        SynthCheckpointWriter.Write(b.Path, Options(5, shardSize: SynthOptions.DefaultShardSizeBytes));
        using var ra = CheckpointOpener.Open(a.Path);
        using var rb = CheckpointOpener.Open(b.Path);
        Assert.True(Directory.GetFiles(a.Path, "*.safetensors").Length > 1);
        Assert.Single(Directory.GetFiles(b.Path, "*.safetensors"));
        for (var i = 0; i < ra.Tensors.Count; i++)
        {
            var x = new double[ra.Tensors[i].ElementCount];
            var y = new double[rb.Tensors[i].ElementCount];
            ra.ReadAsDouble(ra.Tensors[i], x);
            rb.ReadAsDouble(rb.Tensors[i], y);
            Assert.Equal(x, y);
        }
    }
}
