using GpuSpectral.Checkpoints.Tests.Support;
using GpuSpectral.TestSupport;

namespace GpuSpectral.Checkpoints.Tests;

/// <summary>The opener routes every format, by extension, by first bytes and by folder contents.</summary>
public sealed class CheckpointOpenerFormatTests
{
    private static readonly byte[] EmptyGguf =
        [(byte)'G', (byte)'G', (byte)'U', (byte)'F', 3, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0];

    [Theory]
    [InlineData("digits_mlp/digits_mlp.pt", "pytorch")]
    [InlineData("digits_mlp/digits_mlp_legacy.pt", "pytorch")]
    [InlineData("ppocr/ch_PP-OCRv4_rec_infer.onnx", "onnx")]
    [InlineData("digits_mlp/digits_mlp.npz", "npz")]
    [InlineData("digits_mlp/digits_mlp.safetensors", "safetensors")]
    public void SharedFilesOpenByExtension(string relative, string format)
    {
        using var r = CheckpointOpener.Open(SharedData.Data(relative));
        Assert.Equal(format, r.FormatName);
        Assert.NotEmpty(r.Tensors);
    }

    [Theory]
    [InlineData("digits_mlp/digits_mlp.pt", "pytorch")]
    [InlineData("digits_mlp/digits_mlp_legacy.pt", "pytorch")]
    [InlineData("digits_mlp/digits_mlp.npz", "npz")]
    [InlineData("digits_mlp/digits_mlp.safetensors", "safetensors")]
    public void SharedFilesOpenByFirstBytesWithoutExtension(string relative, string format)
    {
        using var dir = new TempDir();
        var copy = dir.Write("model", File.ReadAllBytes(SharedData.Data(relative)));
        using var r = CheckpointOpener.Open(copy);
        Assert.Equal(format, r.FormatName);
    }

    [Fact]
    public void GgufAndHdf5AreSniffed()
    {
        using var dir = new TempDir();
        using (var g = CheckpointOpener.Open(dir.Write("model.weights", EmptyGguf)))
        {
            Assert.Equal("gguf", g.FormatName);
        }

        var h5 = Path.Combine(AppContext.BaseDirectory, "Keras", "Fixtures", "keras2_h5py.h5");
        var source = File.Exists(h5) ? h5 : Path.Combine(SharedData.RepoRoot,
            "tests/GpuSpectral.Checkpoints.Tests/Keras/Fixtures/keras2_h5py.h5");
        using var k = CheckpointOpener.Open(dir.Write("model.weights2", File.ReadAllBytes(source)));
        Assert.Equal("keras-h5", k.FormatName);
    }

    [Fact]
    public void FoldersAreRecognisedByTheirContents()
    {
        using var dir = new TempDir();
        var torch = dir.SubDir("torch");
        File.Copy(SharedData.Data("digits_mlp/digits_mlp.pt"), Path.Combine(torch, "pytorch_model.bin"));
        using (var r = CheckpointOpener.Open(torch))
        {
            Assert.Equal("pytorch", r.FormatName);
        }

        var tfjs = dir.SubDir("tfjs");
        File.WriteAllText(Path.Combine(tfjs, "model.json"), "{\"format\": \"layers-model\", \"weightsManifest\": []}");
        using (var r = CheckpointOpener.Open(tfjs))
        {
            Assert.Equal("tfjs", r.FormatName);
        }

        using var st = CheckpointOpener.Open(SharedData.Fixture("tiny_llama"));
        Assert.Equal("safetensors", st.FormatName);
    }
}
