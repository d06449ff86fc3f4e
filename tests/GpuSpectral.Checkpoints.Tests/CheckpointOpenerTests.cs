using System.IO.Compression;
using GpuSpectral.Checkpoints.Numpy;
using GpuSpectral.Checkpoints.SafeTensors;
using GpuSpectral.Checkpoints.Tests.Support;
using GpuSpectral.Core.Errors;
using GpuSpectral.TestSupport;

namespace GpuSpectral.Checkpoints.Tests;

public sealed class CheckpointOpenerTests
{
    [Fact]
    public void Picks_reader_from_extension_or_folder()
    {
        using (var r = CheckpointOpener.Open(SharedData.Fixture("mixed.safetensors")))
        {
            Assert.IsType<SafeTensorsReader>(r);
        }

        using (var r = CheckpointOpener.Open(SharedData.Fixture("gaussian.npz")))
        {
            Assert.IsType<NpzReader>(r);
        }

        using (var r = CheckpointOpener.Open(SharedData.Fixture("tiny_llama")))
        {
            Assert.IsType<ShardedSafeTensorsReader>(r);
            Assert.Equal(SharedData.Fixture("tiny_llama"), r.Path);
        }
    }

    [Fact]
    public void Sniffs_magic_bytes_when_the_extension_is_unknown()
    {
        using var dir = new TempDir();
        var st = dir.Write("weights.raw", SafeTensorsWriter.Sample());
        var npy = dir.Write("weights.dat", NumpyWriter.Npy("<f4", "(1,)", new byte[4]));
        var npz = dir.Write("weights", NumpyWriter.SampleNpz(CompressionLevel.NoCompression));
        using (var r = CheckpointOpener.Open(st))
        {
            Assert.IsType<SafeTensorsReader>(r);
        }

        using (var r = CheckpointOpener.Open(npy))
        {
            Assert.IsType<NpyReader>(r);
        }

        using (var r = CheckpointOpener.Open(npz))
        {
            Assert.IsType<NpzReader>(r);
        }
    }

    [Fact]
    public void Format_argument_overrides_detection()
    {
        using var dir = new TempDir();
        var npz = dir.Write("weights.safetensors", NumpyWriter.SampleNpz(CompressionLevel.NoCompression));
        using (var r = CheckpointOpener.Open(npz, "npz"))
        {
            Assert.Equal("npz", r.FormatName);
        }

        CorruptAssert.Throws(npz);
        var e = Assert.Throws<CheckpointFormatException>(() => CheckpointOpener.Open(npz, "tflite"));
        Assert.Contains(npz, e.Message, StringComparison.Ordinal);
        Assert.Contains("safetensors", e.Reason, StringComparison.Ordinal);
        Assert.Contains("npz", e.Reason, StringComparison.Ordinal);
        var forced = Assert.Throws<CheckpointFormatException>(() => CheckpointOpener.Open(npz, "gguf"));
        Assert.Contains(npz, forced.Message, StringComparison.Ordinal); // the GGUF reader refuses it by name
    }

    [Fact]
    public void Unknown_content_and_missing_paths_are_typed_errors()
    {
        using var dir = new TempDir();
        var junk = dir.Write("notes.txt", "hello world, not a checkpoint"u8.ToArray());
        var e = Assert.Throws<CheckpointFormatException>(() => CheckpointOpener.Open(junk));
        Assert.Contains(junk, e.Message, StringComparison.Ordinal);
        Assert.Contains("supported", e.Reason, StringComparison.Ordinal);
        var missing = Path.Combine(dir.Path, "missing.safetensors");
        var m = Assert.Throws<CheckpointFormatException>(() => CheckpointOpener.Open(missing));
        Assert.Contains(missing, m.Message, StringComparison.Ordinal);
        var empty = dir.Write("empty.bin", []);
        Assert.Throws<CheckpointFormatException>(() => CheckpointOpener.Open(empty));
    }
}
