using GpuSpectral.Checkpoints.Synth;
using GpuSpectral.Checkpoints.Tests.Support;

namespace GpuSpectral.Checkpoints.Tests.Synth;

public sealed class SynthFailureTests
{
    private static readonly SynthOptions Small = new()
    {
        Architecture = SynthArchitecture.Gpt2, Scale = 1.0 / 32, Layers = 2, ShardSizeBytes = 50_000,
    };

    /// <summary>A file stream that fails like a full disk (ENOSPC) once it has taken a given number of bytes.</summary>
    private sealed class FullDiskStream(string path, long capacity) : FileStream(path, FileMode.Create)
    {
        private long _taken;

        public override void Write(ReadOnlySpan<byte> buffer)
        {
            Take(buffer.Length);
            base.Write(buffer);
        }

        public override void Write(byte[] buffer, int offset, int count)
        {
            Take(count);
            base.Write(buffer, offset, count);
        }

        private void Take(int n)
        {
            _taken += n;
            if (_taken > capacity)
            {
                throw new IOException("No space left on device", 28);
            }
        }
    }

    [Fact]
    public void Refuses_a_non_empty_folder_without_overwrite()
    {
        using var dir = new TempDir();
        var keep = dir.WriteText("notes.txt", "mine");
        var e = Assert.Throws<IOException>(() => SynthCheckpointWriter.Write(dir.Path, Small));
        Assert.Contains("not empty", e.Message, StringComparison.Ordinal);
        Assert.Equal(["notes.txt"], Directory.GetFiles(dir.Path).Select(Path.GetFileName));
        Assert.Equal("mine", File.ReadAllText(keep));
    }

    [Fact]
    public void Overwrite_replaces_an_earlier_output_and_its_stale_shards_but_keeps_other_files()
    {
        using var dir = new TempDir();
        SynthCheckpointWriter.Write(dir.Path, Small with { ShardSizeBytes = 20_000 });
        var before = Directory.GetFiles(dir.Path, "*.safetensors").Length;
        dir.WriteText("notes.txt", "mine");
        var plan = SynthCheckpointWriter.Write(dir.Path, Small with { ShardSizeBytes = 1_000_000, Overwrite = true });
        Assert.True(before > 1);
        Assert.Single(plan.Shards);
        Assert.Equal(["config.json", "model-00001-of-00001.safetensors", "model.safetensors.index.json", "notes.txt"],
            Directory.GetFiles(dir.Path).Select(Path.GetFileName).Order(StringComparer.Ordinal));
        Assert.Equal(CorruptAssert.OpenAndReadAll(dir.Path), plan.Tensors.Count);
    }

    [Fact]
    public void Disk_full_removes_the_partial_files_and_says_so()
    {
        using var dir = new TempDir();
        var total = SynthPlan.Create(Small).TotalFileBytes;
        long used = 0;
        var e = Assert.Throws<IOException>(() => SynthCheckpointWriter.Write(dir.Path, Small, null, path =>
        {
            var left = total / 2 - used;
            used = total / 2; // the whole budget is shared by all files
            return new FullDiskStream(path, Math.Max(0, left));
        }, CancellationToken.None));
        Assert.StartsWith("disk full while writing", e.Message, StringComparison.Ordinal);
        Assert.Contains("partial files removed", e.Message, StringComparison.Ordinal);
        Assert.Empty(Directory.GetFileSystemEntries(dir.Path));
    }

    [Fact]
    public void Cancellation_removes_the_partial_files()
    {
        using var dir = new TempDir();
        using var cts = new CancellationTokenSource();
        var progress = new Progress(cts);
        Assert.ThrowsAny<OperationCanceledException>(() =>
            SynthCheckpointWriter.Write(dir.Path, Small, progress, cts.Token));
        Assert.True(progress.Reports > 0);
        Assert.Empty(Directory.GetFileSystemEntries(dir.Path));
    }

    [Fact]
    public void Refuses_a_bad_dtype_or_shard_size()
    {
        using var dir = new TempDir();
        Assert.Throws<ArgumentOutOfRangeException>(() =>
            SynthCheckpointWriter.Write(dir.Path, Small with { DType = Core.Tensors.DType.I8 }));
        Assert.Throws<ArgumentOutOfRangeException>(() =>
            SynthCheckpointWriter.Write(dir.Path, Small with { ShardSizeBytes = 0 }));
        Assert.Empty(Directory.GetFileSystemEntries(dir.Path));
    }

    /// <summary>Cancels on the first report (synchronously, unlike <see cref="Progress{T}"/>).</summary>
    private sealed class Progress(CancellationTokenSource cts) : IProgress<SynthProgress>
    {
        public int Reports { get; private set; }

        public void Report(SynthProgress value)
        {
            Reports++;
            cts.Cancel();
        }
    }
}
