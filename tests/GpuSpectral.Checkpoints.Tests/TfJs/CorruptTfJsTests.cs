using System.Text;
using System.Text.Json.Nodes;
using GpuSpectral.Checkpoints.Tests.Support;
using GpuSpectral.Checkpoints.TfJs;
using GpuSpectral.Core.Errors;
using static GpuSpectral.Checkpoints.Tests.TfJs.TfJsWriter;

namespace GpuSpectral.Checkpoints.Tests.TfJs;

public sealed class CorruptTfJsTests
{
    private static int OpenAndReadAll(string path) => ReaderAssert.OpenAndReadAll(() => new TfJsReader(path));

    private static void Throws(string path, string reason, string? tensor = null)
    {
        var e = ReaderAssert.ThrowsNamingFile(path, OpenAndReadAll);
        Assert.Contains(reason, e.Reason, StringComparison.OrdinalIgnoreCase);
        if (tensor is not null)
        {
            Assert.Equal(tensor, e.TensorName);
        }
    }

    /// <summary>Writes the sample after <paramref name="edit"/> changes its JSON or files.</summary>
    private static string Edited(TempDir dir, Action<JsonObject, Dictionary<string, byte[]>> edit)
    {
        var (json, files) = Sample();
        edit(json, files);
        return Write(dir.Path, json, files);
    }

    private static JsonObject W(JsonObject json, int group, int weight) =>
        json["weightsManifest"]![group]!["weights"]![weight]!.AsObject();

    [Theory]
    [InlineData("{", "invalid JSON")]
    [InlineData("[]", "not a JSON object")]
    [InlineData("{\"modelTopology\": {}}", "no 'weightsManifest'")]
    [InlineData("{\"weightsManifest\": [{\"paths\": []}]}", "'paths' and 'weights'")]
    [InlineData("{\"weightsManifest\": [{\"paths\": [3], \"weights\": []}]}", "plain file name")]
    [InlineData("{\"weightsManifest\": [{\"paths\": [], \"weights\": [{\"name\": \"a\", \"shape\": [1], \"dtype\": \"float32\"}]}]}", "more than the 0 bytes")]
    public void Bad_json(string text, string reason)
    {
        using var dir = new TempDir();
        Throws(dir.WriteText("model.json", text), reason);
    }

    [Fact]
    public void Invalid_utf8()
    {
        using var dir = new TempDir();
        Throws(dir.Write("model.json", [.. "{\"weightsManifest\": [], \"x\": \""u8, 0xFF, .. "\"}"u8]), "UTF-8");
    }

    [Fact]
    public void Too_deep_json()
    {
        using var dir = new TempDir();
        Throws(dir.WriteText("model.json", new string('[', 200) + new string(']', 200)), "invalid JSON");
    }

    [Theory]
    [InlineData("../group1-shard1of2.bin")]
    [InlineData("sub/group1-shard1of2.bin")]
    [InlineData("/etc/passwd")]
    [InlineData("..")]
    [InlineData("")]
    [InlineData("https://example.com/x.bin")]
    [InlineData("C:x.bin")]
    public void Shard_path_must_be_a_plain_name(string shard)
    {
        using var dir = new TempDir();
        Throws(Edited(dir, (j, _) => j["weightsManifest"]![0]!["paths"]![0] = shard), "plain file name");
    }

    [Fact]
    public void Missing_shard()
    {
        using var dir = new TempDir();
        Throws(Edited(dir, (_, f) => f.Remove("group1-shard2of2.bin")), "does not exist");
    }

    [Fact]
    public void Shard_symlink_is_refused()
    {
        using var dir = new TempDir();
        using var other = new TempDir();
        var (json, files) = Sample();
        var target = other.Write("t.bin", files["group2-shard1of1.bin"]);
        files.Remove("group2-shard1of1.bin");
        var path = Write(dir.Path, json, files);
        try
        {
            File.CreateSymbolicLink(Path.Combine(dir.Path, "group2-shard1of1.bin"), target);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or PlatformNotSupportedException)
        {
            return;
        }

        Throws(path, "symbolic link");
    }

    [Fact]
    public void Shards_longer_than_the_weights()
    {
        using var dir = new TempDir();
        Throws(Edited(dir, (_, f) => f["group2-shard1of1.bin"] = [.. f["group2-shard1of1.bin"], 0]),
            "take 27 bytes but the shards hold 28 bytes");
    }

    [Fact]
    public void Shards_shorter_than_the_weights()
    {
        using var dir = new TempDir();
        Throws(Edited(dir, (_, f) => f["group1-shard2of2.bin"] = f["group1-shard2of2.bin"][..^1]),
            "more than the", "lstm/lstm_cell/kernel");
    }

    [Fact]
    public void Shape_larger_than_the_data()
    {
        using var dir = new TempDir();
        Throws(Edited(dir, (j, _) => W(j, 0, 1)["shape"] = new JsonArray(3)), "more than the");
    }

    [Theory]
    [InlineData("float64", "unknown dtype")]
    [InlineData("", "unknown dtype")]
    public void Unknown_dtype(string dtype, string reason)
    {
        using var dir = new TempDir();
        Throws(Edited(dir, (j, _) => W(j, 0, 0)["dtype"] = dtype), reason, "dense/kernel");
    }

    [Theory]
    [InlineData("[-1, 2]", "non-negative")]
    [InlineData("[1.5, 2]", "non-negative")]
    [InlineData("[\"3\", 2]", "non-negative")]
    [InlineData("[4294967296, 4294967296, 4294967296]", "overflow")]
    [InlineData("[1, 1, 1, 1, 1, 1, 1, 1, 6]", "rank 9")]
    [InlineData("3", "no 'shape'")]
    public void Bad_shape(string shape, string reason)
    {
        using var dir = new TempDir();
        Throws(Edited(dir, (j, _) => W(j, 0, 0)["shape"] = JsonNode.Parse(shape)), reason, "dense/kernel");
    }

    [Fact]
    public void Duplicate_names_across_groups()
    {
        using var dir = new TempDir();
        Throws(Edited(dir, (j, _) => W(j, 1, 0)["name"] = "dense/bias"), "duplicate", "dense/bias");
    }

    [Fact]
    public void Missing_name()
    {
        using var dir = new TempDir();
        Throws(Edited(dir, (j, _) => W(j, 0, 0).Remove("name")), "no 'name'");
    }

    [Theory]
    [InlineData("{\"dtype\": \"uint8\", \"min\": 0}", "'scale'")]
    [InlineData("{\"dtype\": \"uint8\", \"scale\": 1}", "'min'")]
    [InlineData("{\"dtype\": \"uint8\", \"scale\": \"1\", \"min\": 0}", "'scale'")]
    [InlineData("{\"dtype\": \"int4\", \"scale\": 1, \"min\": 0}", "unknown quantization dtype")]
    [InlineData("{\"scale\": 1, \"min\": 0}", "'dtype'")]
    [InlineData("{\"dtype\": \"uint8\", \"scale\": 1, \"min\": 0, \"original_dtype\": \"int32\"}", "original_dtype")]
    [InlineData("7", "must be an object")]
    public void Bad_quantization(string quantization, string reason)
    {
        using var dir = new TempDir();
        Throws(Edited(dir, (j, _) => W(j, 0, 3)["quantization"] = JsonNode.Parse(quantization)), reason,
            "emb/embeddings");
    }

    [Fact]
    public void Float16_quantization_of_an_int32_weight()
    {
        using var dir = new TempDir();
        Throws(Edited(dir, (j, _) => W(j, 0, 2)["dtype"] = "int32"), "float16 quantization", "conv/kernel");
    }

    [Fact]
    public void String_length_past_the_shards()
    {
        using var dir = new TempDir();
        Throws(Edited(dir, (_, f) => f["group2-shard1of1.bin"][6] = 200), "string length", "words");
    }

    [Fact]
    public void Missing_model_json_in_folder()
    {
        using var dir = new TempDir();
        var e = Assert.Throws<CheckpointFormatException>(() => new TfJsReader(dir.Path));
        Assert.Contains("model.json", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Mutated_models_only_throw_the_typed_exception()
    {
        var (json, files) = Sample();
        var text = Encoding.UTF8.GetBytes(json.ToJsonString());
        var rng = new Random(4242);
        using var dir = new TempDir();
        for (var i = 0; i < 300; i++)
        {
            using var sub = new TempDir();
            var mutatedFiles = new Dictionary<string, byte[]>(files);
            var bytes = text;
            if (i % 3 == 2)
            {
                var key = mutatedFiles.Keys.ElementAt(rng.Next(mutatedFiles.Count));
                mutatedFiles[key] = Mutate(mutatedFiles[key], rng, i % 5);
            }
            else
            {
                bytes = Mutate(text, rng, i % 5);
            }

            foreach (var (name, b) in mutatedFiles)
            {
                sub.Write(name, b);
            }

            ReaderAssert.OnlyTypedFailures(sub.Write("model.json", bytes), $"mutation #{i}", OpenAndReadAll);
        }
    }

    private static byte[] Mutate(byte[] valid, Random rng, int mode)
    {
        var b = (byte[])valid.Clone();
        if (b.Length == 0)
        {
            return [(byte)rng.Next(256)];
        }

        const string Interesting = "{}[]\",:-0123456789.e";
        switch (mode)
        {
            case 0:
                for (var k = rng.Next(1, 4); k > 0; k--)
                {
                    b[rng.Next(b.Length)] = (byte)Interesting[rng.Next(Interesting.Length)];
                }

                return b;
            case 1:
                return b[..rng.Next(b.Length)];
            case 2:
                b[rng.Next(b.Length)] ^= (byte)rng.Next(1, 256);
                return b;
            case 3:
                var at = rng.Next(b.Length);
                return [.. b[..at], .. b[Math.Min(b.Length, at + rng.Next(1, 8))..]];
            default:
                b[rng.Next(b.Length)] = (byte)rng.Next(0x30, 0x3A);
                return b;
        }
    }
}
