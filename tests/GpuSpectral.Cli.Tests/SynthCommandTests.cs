using System.Text.Json;

namespace GpuSpectral.Cli.Tests;

public sealed class SynthCommandTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "gpuspectral-synth-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_dir))
        {
            Directory.Delete(_dir, recursive: true);
        }
    }

    [Fact]
    public void Writes_a_sharded_checkpoint_that_describe_reads_and_refuses_to_overwrite_without_force()
    {
        var r = CliProcess.Run("synth", _dir, "--arch", "mistral-7b", "--scale", "0.03125", "--layers", "1",
            "--dtype", "f16", "--shard-size", "100KB", "--seed", "3");
        Assert.True(r.ExitCode == 0, r.Stderr);
        Assert.Contains("wrote mistral-7b (12 tensors", r.Stdout, StringComparison.Ordinal);
        Assert.Empty(r.Stderr); // stderr is redirected: no progress

        using var index = JsonDocument.Parse(File.ReadAllText(Path.Combine(_dir, "model.safetensors.index.json")));
        var shards = index.RootElement.GetProperty("weight_map").EnumerateObject().Select(p => p.Value.GetString()).Distinct().ToList();
        Assert.True(shards.Count > 1);
        Assert.All(shards, s => Assert.Matches(@"^model-0000\d-of-0000\d\.safetensors$", s));
        using var config = JsonDocument.Parse(File.ReadAllText(Path.Combine(_dir, "config.json")));
        Assert.Equal(8, config.RootElement.GetProperty("num_key_value_heads").GetInt32());
        Assert.Equal("float16", config.RootElement.GetProperty("torch_dtype").GetString());

        var d = CliProcess.Run("describe", _dir);
        Assert.True(d.ExitCode == 0, d.Stderr);
        Assert.Contains("model.layers.0.self_attn.k_proj", d.Stdout, StringComparison.Ordinal);
        Assert.Contains("(32, 128)", d.Stdout, StringComparison.Ordinal); // GQA: 8 kv heads of width 4

        var again = CliProcess.Run("synth", _dir, "--arch", "gpt2", "--scale", "0.03125", "--layers", "1");
        Assert.Equal(2, again.ExitCode);
        Assert.Contains("--force", again.Stderr, StringComparison.Ordinal);
        var forced = CliProcess.Run("synth", _dir, "--arch", "gpt2", "--scale", "0.03125", "--layers", "1", "--force");
        Assert.True(forced.ExitCode == 0, forced.Stderr);
        Assert.Equal(["config.json", "model-00001-of-00001.safetensors", "model.safetensors.index.json"],
            Directory.GetFiles(_dir).Select(Path.GetFileName).Order(StringComparer.Ordinal));
    }

    [Theory]
    [InlineData("--scale", "0")]
    [InlineData("--scale", "1.5")]
    [InlineData("--layers", "0")]
    [InlineData("--shard-size", "lots")]
    [InlineData("--dtype", "f64")]
    public void Rejects_bad_options_with_exit_code_2(string option, string value)
    {
        var r = CliProcess.Run("synth", _dir, "--arch", "gpt2", option, value);
        Assert.Equal(2, r.ExitCode);
        Assert.StartsWith("error:", r.Stderr, StringComparison.Ordinal);
        Assert.False(Directory.Exists(_dir) && Directory.EnumerateFileSystemEntries(_dir).Any());
    }
}
