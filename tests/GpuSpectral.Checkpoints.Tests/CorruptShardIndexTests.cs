using GpuSpectral.Checkpoints.Tests.Support;

namespace GpuSpectral.Checkpoints.Tests;

/// <summary>One named case per failure mode of a sharded folder and its model.safetensors.index.json.</summary>
public sealed class CorruptShardIndexTests
{
    private const string Index = "model.safetensors.index.json";

    private sealed record Case(string IndexJson, string? Tensor, string Reason, string FileNamed);

    private static string Map(string body) => "{\"metadata\":{\"total_size\":12},\"weight_map\":{" + body + "}}";

    private static readonly Dictionary<string, Case> Cases = new()
    {
        ["shard_name_with_dotdot"] = new(Map("\"x\":\"../s1.safetensors\",\"y\":\"s1.safetensors\""), "x",
            "not a plain file name", Index),
        ["shard_name_with_folder"] = new(Map("\"x\":\"sub/s1.safetensors\""), "x", "not a plain file name", Index),
        ["shard_name_absolute"] = new(Map("\"x\":\"/etc/passwd\""), "x", "not a plain file name", Index),
        ["missing_shard_file"] = new(Map("\"x\":\"nope.safetensors\""), "x", "does not exist", Index),
        ["tensor_missing_from_shard"] = new(
            Map("\"x\":\"s1.safetensors\",\"y\":\"s1.safetensors\",\"ghost\":\"s1.safetensors\""), "ghost",
            "missing from its shard", "s1.safetensors"),
        ["shard_tensor_not_in_map"] = new(Map("\"x\":\"s1.safetensors\""), "y", "not in", "s1.safetensors"),
        ["tensor_mapped_to_other_shard"] = new(
            Map("\"x\":\"s1.safetensors\",\"y\":\"s2.safetensors\""), "y", "maps it to", "s1.safetensors"),
        ["invalid_json"] = new("{\"weight_map\": {\"x\": ", null, "JSON", Index),
        ["duplicate_tensor_in_map"] = new(
            Map("\"x\":\"s1.safetensors\",\"x\":\"s1.safetensors\",\"y\":\"s1.safetensors\""), "x", "duplicate", Index),
        ["no_weight_map"] = new("{\"metadata\":{}}", null, "no weight_map", Index),
        ["weight_map_value_not_string"] = new(Map("\"x\":1"), "x", "not a string", Index),
    };

    public static TheoryData<string> CaseNames() => new(Cases.Keys);

    [Theory]
    [MemberData(nameof(CaseNames))]
    public void Corrupt_index_throws_typed_exception_naming_file(string name)
    {
        var c = Cases[name];
        using var dir = new TempDir();
        var folder = dir.SubDir("ckpt");
        File.WriteAllBytes(Path.Combine(folder, "s1.safetensors"), SafeTensorsWriter.Build(
            [new("x", "F32", [1], SafeTensorsWriter.F32(1)), new("y", "F32", [1], SafeTensorsWriter.F32(2))]));
        File.WriteAllBytes(Path.Combine(folder, "s2.safetensors"), SafeTensorsWriter.Build(
            [new("y", "F32", [1], SafeTensorsWriter.F32(3))]));
        File.WriteAllText(Path.Combine(folder, Index), c.IndexJson);
        CorruptAssert.Throws(folder, c.Tensor, c.Reason, Path.Combine(folder, c.FileNamed));
    }

    [Fact]
    public void Corrupt_shard_is_reported_with_the_shard_path()
    {
        using var dir = new TempDir();
        var folder = dir.SubDir("ckpt");
        File.WriteAllBytes(Path.Combine(folder, "s1.safetensors"), [1, 2, 3]);
        File.WriteAllText(Path.Combine(folder, Index), Map("\"x\":\"s1.safetensors\""));
        CorruptAssert.Throws(folder, null, "too short", Path.Combine(folder, "s1.safetensors"));
    }

    [Fact]
    public void Duplicate_tensor_across_unindexed_shards_is_rejected()
    {
        using var dir = new TempDir();
        var folder = dir.SubDir("ckpt");
        File.WriteAllBytes(Path.Combine(folder, "a.safetensors"), SafeTensorsWriter.Build(
            [new("x", "F32", [1], SafeTensorsWriter.F32(1))]));
        File.WriteAllBytes(Path.Combine(folder, "b.safetensors"), SafeTensorsWriter.Build(
            [new("x", "F32", [1], SafeTensorsWriter.F32(2))]));
        CorruptAssert.Throws(folder, "x", "also appears", Path.Combine(folder, "b.safetensors"));
    }

    [Fact]
    public void Empty_folder_is_rejected()
    {
        using var dir = new TempDir();
        var folder = dir.SubDir("empty");
        CorruptAssert.Throws(folder, null, "no checkpoint found");
    }
}
