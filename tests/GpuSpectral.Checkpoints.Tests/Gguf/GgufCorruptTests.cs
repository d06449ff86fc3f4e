using System.Buffers.Binary;
using GpuSpectral.Checkpoints.Gguf;
using GpuSpectral.Checkpoints.Tests.Support;

namespace GpuSpectral.Checkpoints.Tests.Gguf;

/// <summary>One named case per GGUF failure mode; each throws CheckpointFormatException naming the file.</summary>
public sealed class GgufCorruptTests
{
    internal static int OpenAndReadAll(string path) => ReaderAssert.OpenAndReadAll(() => new GgufReader(path));

    private sealed record Case(Func<byte[]> Build, string? Tensor, string? Reason);

    /// <summary>A valid base: "a" F32 [8] (32 bytes, offset 0) and "b" Q8_0 [32] (34 bytes, offset 32).</summary>
    private static GgufWriter Base() => new GgufWriter()
        .Str("general.architecture", "llama")
        .Add("a", "F32", [8], GgufReaderTests.F32Bytes(1, 2, 3, 4, 5, 6, 7, 8))
        .Add("b", "Q8_0", [32], new byte[34]);

    private static byte[] With(Action<GgufWriter> change)
    {
        var w = Base();
        change(w);
        return w.Build();
    }

    private static byte[] Patch(byte[] b, Action<byte[]> change)
    {
        change(b);
        return b;
    }

    private static GgufWriter.Tensor T(GgufWriter w, int i) => w.Tensors[i];

    private static readonly Dictionary<string, Case> Cases = new()
    {
        ["empty_file"] = new(() => [], null, "magic"),
        ["bad_magic"] = new(() => Patch(Base().Build(), b => b[0] = (byte)'X'), null, "magic"),
        ["version_1"] = new(() => With(w => w.Version = 1), null, "version 1 is not supported"),
        ["version_4"] = new(() => With(w => w.Version = 4), null, "unsupported GGUF version 4"),
        ["byte_swapped_version"] = new(() => With(w => w.Version = 0x03000000), null, "byte-swapped"),
        ["truncated_in_counts"] = new(() => Base().Build()[..20], null, "file ends inside the header"),
        ["truncated_in_kv"] = new(() => With(w => w.Str("general.name", new string('x', 200)))[..150],
            null, "file ends inside the header while reading the string value of 'general.name'"),
        ["truncated_in_tensor_info"] = new(() => With(w => w.Str("general.name", new string('x', 200)))[..330],
            null, "file ends inside the header"),
        ["tensor_count_huge"] = new(() => With(w => w.TensorCountOverride = ulong.MaxValue), null, "tensor count"),
        ["tensor_count_2^60"] = new(() => With(w => w.TensorCountOverride = 1UL << 60), null, "tensor count"),
        ["kv_count_huge"] = new(() => With(w => w.KvCountOverride = ulong.MaxValue), null, "key/value count"),
        ["kv_count_2^59"] = new(() => With(w => w.KvCountOverride = 1UL << 59), null, "key/value count"),
        ["kv_count_one_too_many"] = new(() => With(w => w.KvCountOverride = 2), null, null),
        ["string_length_huge"] = new(() => With(w => w.Kv("k", GgufWriter.TypeString,
            GgufValue.U64(ulong.MaxValue - 1))),
            null, "exceeds the limit"),
        ["string_length_beyond_file"] = new(() => With(w => w.Kv("k", GgufWriter.TypeString, GgufValue.U64(1_000_000))),
            null, "file ends inside the header"),
        ["key_length_huge"] = new(() => Patch(Base().Build(), b =>
            BinaryPrimitives.WriteUInt64LittleEndian(b.AsSpan(24), 1UL << 62)), null, "exceeds the limit"),
        ["array_count_huge"] = new(() => With(w => w.Kv("k", GgufWriter.TypeArray,
            GgufValue.Arr(GgufWriter.TypeU8, ulong.MaxValue))), null, "declares"),
        ["array_count_beyond_file"] = new(() => With(w => w.Kv("k", GgufWriter.TypeArray,
            GgufValue.Arr(GgufWriter.TypeU32, 1_000_000))), null, "declares"),
        ["string_array_count_huge"] = new(() => With(w => w.Kv("k", GgufWriter.TypeArray,
            GgufValue.Arr(GgufWriter.TypeString, 1UL << 29))), null, "declares"),
        ["string_in_array_huge"] = new(() => With(w => w.Kv("k", GgufWriter.TypeArray,
            GgufValue.Arr(GgufWriter.TypeString, 1, GgufValue.U64(1UL << 40)))), null, "exceeds the limit"),
        ["nested_array_depth_65"] = new(() => With(w => w.Kv("k", GgufWriter.TypeArray, GgufValue.Nested(65))),
            null, "nested deeper than 64"),
        ["unknown_kv_type"] = new(() => With(w => w.Kv("k", 13, [0])), null, "unknown value type 13"),
        ["unknown_array_element_type"] = new(() => With(w => w.Kv("k", GgufWriter.TypeArray, GgufValue.Arr(99, 1))),
            null, "unknown element type 99"),
        ["bool_not_0_or_1"] = new(() => With(w => w.Kv("k", GgufWriter.TypeBool, [2])), null, "neither 0 nor 1"),
        ["bool_array_not_0_or_1"] = new(() => With(w => w.Kv("k", GgufWriter.TypeArray,
            GgufValue.Arr(GgufWriter.TypeBool, 2, [1], [5]))), null, "neither 0 nor 1"),
        ["duplicate_key"] = new(() => With(w => w.Str("general.architecture", "gpt2")), null, "duplicate metadata key"),
        ["empty_key"] = new(() => With(w => w.Str("", "x")), null, "is empty"),
        ["key_not_utf8"] = new(() => With(w => w.KvRaw([0x61, 0xFF, 0xFE], GgufWriter.TypeU8, [1])), null, "UTF-8"),
        ["duplicate_tensor_names"] = new(() => With(w => w.Add("a", "F32", [1], new byte[4])), "a", "duplicate"),
        ["tensor_name_not_utf8"] = new(() => With(w => w.AddRaw([0xC3], 0, [1], new byte[4])), null, "UTF-8"),
        ["tensor_name_huge"] = new(() => Patch(Base().Build(), b =>
        {
            var at = b.AsSpan().IndexOf("general.architecture"u8) + 20 + 4 + 8 + 5; // after the kv: "a"'s length
            BinaryPrimitives.WriteUInt64LittleEndian(b.AsSpan(at), 1UL << 40);
        }), null, "exceeds the limit"),
        ["alignment_not_power_of_two"] = new(() => With(w => w.WithAlignment(24)), null, "power of two"),
        ["alignment_zero"] = new(() => With(w => w.U32("general.alignment", 0)), null, "power of two"),
        ["alignment_not_u32"] = new(() => With(w => w.Kv("general.alignment", GgufWriter.TypeU64, GgufValue.U64(32))),
            null, "must be a u32"),
        ["misaligned_offset"] = new(() => With(w => T(w, 1).Offset = 36), "b", "not a multiple of the alignment 32"),
        ["tensor_beyond_eof"] = new(() => Base().Build()[..^40], "b", "beyond"),
        ["offset_huge"] = new(() => With(w => T(w, 1).Offset = ulong.MaxValue & ~31UL), "b", "beyond"),
        ["overlapping_tensors"] = new(() => With(w => T(w, 1).Offset = 0), "b", "overlaps tensor 'a'"),
        ["n_dims_5"] = new(() => With(w => w.Add("c", "F32", [1, 1, 1, 1, 1], new byte[4])), "c", "n_dims 5"),
        ["ne_negative"] = new(() => With(w => T(w, 0).Ne = [-8]), "a", "negative"),
        ["dims_product_overflow"] = new(() => With(w => T(w, 0).Ne = [1L << 32, 1L << 32, 1L << 32]),
            "a", "element count overflows"),
        ["byte_size_overflow"] = new(() => With(w => T(w, 1).Ne = [32, (1L << 58) - 1]), "b", "byte size overflows"),
        ["unknown_ggml_type"] = new(() => With(w => T(w, 0).TypeId = 99), "a", "unknown ggml type id 99"),
        ["removed_ggml_type"] = new(() => With(w => T(w, 0).TypeId = 4), "a", "Q4_2"),
        ["unsupported_IQ2_XXS"] = new(() => With(w => T(w, 1).TypeId = 16), "b", "unsupported ggml type IQ2_XXS (16)"),
        ["unsupported_Q8_K"] = new(() => With(w => T(w, 1).TypeId = 15), "b", "unsupported ggml type Q8_K (15)"),
        ["unsupported_TQ2_0"] = new(() => With(w => T(w, 1).TypeId = 35), "b", "unsupported ggml type TQ2_0 (35)"),
        ["ne0_not_multiple_of_block"] = new(() => With(w => T(w, 1).Ne = [16, 2]), "b", "not a multiple of the Q8_0"),
        ["ne0_not_multiple_of_k_block"] = new(() => With(w => w.Add("k", "Q4_K", [128], new byte[144])),
            "k", "block size 256"),
    };

    public static TheoryData<string> Names() => new(Cases.Keys);

    [Theory]
    [MemberData(nameof(Names))]
    public void Corrupt_file_throws_the_typed_exception(string name)
    {
        var c = Cases[name];
        using var dir = new TempDir();
        var path = dir.Write(name + ".gguf", c.Build());
        var e = ReaderAssert.ThrowsNamingFile(path, OpenAndReadAll);
        Assert.Equal(path, e.FilePath);
        if (c.Tensor is not null)
        {
            Assert.Equal(c.Tensor, e.TensorName);
            Assert.Contains($"'{c.Tensor}'", e.Message, StringComparison.Ordinal);
        }

        if (c.Reason is not null)
        {
            Assert.Contains(c.Reason, e.Reason, StringComparison.OrdinalIgnoreCase);
        }
    }

    [Fact]
    public void The_base_file_and_nesting_of_64_are_valid()
    {
        using var dir = new TempDir();
        Assert.Equal(2, OpenAndReadAll(dir.Write("base.gguf", Base().Build())));
        Assert.Equal(2, OpenAndReadAll(dir.Write("n64.gguf",
            With(w => w.Kv("k", GgufWriter.TypeArray, GgufValue.Nested(64))))));
    }
}
