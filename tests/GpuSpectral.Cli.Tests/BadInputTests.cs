using GpuSpectral.TestSupport;

namespace GpuSpectral.Cli.Tests;

/// <summary>Bad input of every kind gives exit code 2 and one line on stderr that names what is wrong.</summary>
public sealed class BadInputTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("gpuspectral-bad-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void MissingFile() => AssertBadInput(CliProcess.Run("analyze", Path.Combine(_dir, "nope.safetensors")),
        "nope.safetensors");

    [Fact]
    public void TruncatedSafetensors()
    {
        var bytes = File.ReadAllBytes(SharedData.Fixture("mixed.safetensors"));
        var path = Path.Combine(_dir, "cut.safetensors");
        File.WriteAllBytes(path, bytes[..(bytes.Length / 2)]);
        AssertBadInput(CliProcess.Run("analyze", path), "cut.safetensors");
    }

    [Fact]
    public void GarbageWithKnownExtension()
    {
        var path = Path.Combine(_dir, "junk.npz");
        File.WriteAllBytes(path, [.. Enumerable.Range(0, 4096).Select(i => (byte)(i * 7919 % 251))]);
        AssertBadInput(CliProcess.Run("analyze", path), "junk.npz");
    }

    [Fact]
    public void CorruptTensorDataInNpy()
    {
        var path = Path.Combine(_dir, "obj.npy");
        var header = "{'descr': '|O', 'fortran_order': False, 'shape': (2, 2), }";
        header = header.PadRight(118 - 10 - 1) + "\n";
        File.WriteAllBytes(path, [0x93, .. "NUMPY"u8.ToArray(), 1, 0, (byte)header.Length, 0,
            .. System.Text.Encoding.ASCII.GetBytes(header), .. new byte[32]]);
        AssertBadInput(CliProcess.Run("describe", path), "obj.npy");
    }

    [Fact]
    public void UnknownFormatName() =>
        AssertBadInput(CliProcess.Run("analyze", SharedData.Fixture("gaussian.npz"), "--format", "tflite"), "tflite");

    [Fact]
    public void WrongForcedFormat() =>
        AssertBadInput(CliProcess.Run("analyze", SharedData.Fixture("gaussian.npz"), "--format", "gguf"), "gaussian.npz");

    [Fact]
    public void InvalidRegexInLayerFilter() =>
        AssertBadInput(CliProcess.Run("analyze", SharedData.Fixture("gaussian.npz"), "--layers", "(unclosed"),
            "(unclosed");

    [Fact]
    public void UnsupportedOutputExtension() =>
        AssertBadInput(CliProcess.Run("analyze", SharedData.Fixture("gaussian.npz"), "--out",
            Path.Combine(_dir, "x.txt")), "x.txt");

    [Fact]
    public void UnknownOption() => AssertBadInput(CliProcess.Run("analyze", "--bogus"), "--bogus");

    [Fact]
    public void FolderWithoutCheckpoint() => AssertBadInput(CliProcess.Run("analyze", _dir), _dir);

    private static void AssertBadInput(CliProcess.Result r, string mention)
    {
        Assert.Equal(2, r.ExitCode);
        var lines = r.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.True(lines.Length is >= 1 and <= 2, $"expected a short message, got:\n{r.Stderr}");
        Assert.StartsWith("error: ", lines[0], StringComparison.Ordinal);
        Assert.Contains(mention, r.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", r.Stderr, StringComparison.Ordinal); // no stack trace without --verbose
    }
}
