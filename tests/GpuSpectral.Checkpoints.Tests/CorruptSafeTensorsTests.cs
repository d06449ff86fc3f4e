using System.Buffers.Binary;
using GpuSpectral.Checkpoints.Tests.Support;

namespace GpuSpectral.Checkpoints.Tests;

/// <summary>
/// One named case per safetensors failure mode; each must throw CheckpointFormatException naming the file.
/// </summary>
public sealed class CorruptSafeTensorsTests
{
    private sealed record Case(Func<byte[]> Build, string? Tensor, string Reason);

    private static string E(string name, string dtype, string shape, string offsets) =>
        $"\"{name}\":{{\"dtype\":\"{dtype}\",\"shape\":{shape},\"data_offsets\":{offsets}}}";

    private static byte[] H(string body, int dataBytes) => SafeTensorsWriter.Raw("{" + body + "}", new byte[dataBytes]);

    private static readonly Dictionary<string, Case> Cases = new()
    {
        ["too_short"] = new(() => [1, 2, 3], null, "too short"),
        ["header_length_beyond_file"] = new(() =>
        {
            var b = SafeTensorsWriter.Raw("{}", []);
            BinaryPrimitives.WriteUInt64LittleEndian(b, 1000);
            return b;
        }, null, "beyond the end"),
        ["header_length_over_100MB"] = new(() =>
        {
            var b = SafeTensorsWriter.Raw("{}", []);
            BinaryPrimitives.WriteUInt64LittleEndian(b, 100_000_001);
            return b;
        }, null, "exceeds the limit"),
        ["header_length_near_2^64"] = new(() =>
        {
            var b = SafeTensorsWriter.Raw("{}", []);
            BinaryPrimitives.WriteUInt64LittleEndian(b, ulong.MaxValue - 3);
            return b;
        }, null, "exceeds the limit"),
        ["non_utf8_header"] = new(() => SafeTensorsWriter.RawBytes(
            [.. "{\"a"u8, 0xFF, 0xFE, .. "\":{}}"u8], []), null, "UTF-8"),
        ["invalid_json"] = new(() => SafeTensorsWriter.Raw("{\"a\":", []), null, "JSON"),
        ["json_not_an_object"] = new(() => SafeTensorsWriter.Raw("[1,2]", []), null, "not a JSON object"),
        ["trailing_json_garbage"] = new(() => SafeTensorsWriter.Raw("{} x", []), null, "JSON"),
        ["duplicate_key"] = new(() => H(E("a", "F32", "[1]", "[0,4]") + "," + E("a", "F32", "[1]", "[4,8]"), 8),
            "a", "duplicate"),
        ["missing_field"] = new(() => H("\"a\":{\"dtype\":\"F32\",\"shape\":[1]}", 4),
            "a", "missing field 'data_offsets'"),
        ["extra_field"] = new(() => H(
            "\"a\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4],\"strides\":[1]}", 4),
            "a", "unexpected field"),
        ["duplicate_field"] = new(() => H(
            "\"a\":{\"dtype\":\"F32\",\"dtype\":\"F16\",\"shape\":[1],\"data_offsets\":[0,4]}", 4),
            "a", "duplicate field"),
        ["unknown_dtype"] = new(() => H(E("a", "F8_E8M0", "[4]", "[0,4]"), 4), "a", "unsupported dtype 'F8_E8M0'"),
        ["complex_dtype"] = new(() => H(E("a", "C64", "[1]", "[0,8]"), 8), "a", "unsupported dtype 'C64'"),
        ["negative_shape"] = new(() => H(E("a", "F32", "[-1]", "[0,4]"), 4), "a", "non-negative integers"),
        ["float_shape"] = new(() => H(E("a", "F32", "[1.0]", "[0,4]"), 4), "a", "non-negative integers"),
        ["string_shape"] = new(() => H(E("a", "F32", "[\"1\"]", "[0,4]"), 4), "a", "non-negative integers"),
        ["rank_above_8"] = new(() => H(E("a", "F32", "[1,1,1,1,1,1,1,1,1]", "[0,4]"), 4), "a", "rank"),
        ["three_offsets"] = new(() => H(E("a", "F32", "[1]", "[0,4,8]"), 4), "a", "data_offsets"),
        ["offsets_out_of_file"] = new(() => H(E("a", "F32", "[100]", "[0,400]"), 4), "a", "beyond"),
        ["overlap"] = new(() => H(E("a", "F32", "[2]", "[0,8]") + "," + E("b", "F32", "[2]", "[4,12]"), 12),
            "b", "overlaps"),
        ["gap"] = new(() => H(E("a", "F32", "[1]", "[0,4]") + "," + E("b", "F32", "[1]", "[8,12]"), 12),
            "b", "gap"),
        ["first_tensor_not_at_zero"] = new(() => H(E("a", "F32", "[1]", "[4,8]"), 8), "a", "gap"),
        ["begin_after_end"] = new(() => H(E("a", "F32", "[1]", "[8,4]"), 8), "a", "after end"),
        ["shape_dtype_span_mismatch"] = new(() => H(E("a", "F32", "[3]", "[0,8]"), 8), "a", "needs 12 bytes"),
        ["trailing_bytes"] = new(() => H(E("a", "F32", "[1]", "[0,4]"), 9), null, "trailing"),
        ["truncated_data"] = new(() => H(E("a", "F32", "[2]", "[0,8]"), 4), "a", "beyond"),
        ["shape_product_overflow"] = new(() => H(E("a", "F32", "[4611686018427387904,4]", "[0,4]"), 4), "a",
            "overflow"),
        ["offset_above_2^63"] = new(() => H(E("a", "F32", "[1]", "[0,18446744073709551615]"), 4), "a",
            "non-negative integers"),
        ["metadata_not_strings"] = new(() => H("\"__metadata__\":{\"format\":1}," + E("a", "F32", "[1]", "[0,4]"), 4),
            "__metadata__", "not a string"),
        ["entry_not_object"] = new(() => H("\"a\":[1]", 0), "a", "not an object"),
    };

    public static TheoryData<string> CaseNames() => new(Cases.Keys);

    [Theory]
    [MemberData(nameof(CaseNames))]
    public void Corrupt_safetensors_throws_typed_exception_naming_file(string name)
    {
        var c = Cases[name];
        using var dir = new TempDir();
        var path = dir.Write(name + ".safetensors", c.Build());
        CorruptAssert.Throws(path, c.Tensor, c.Reason);
    }

    [Fact]
    public void Error_message_is_one_line_with_file_tensor_and_offset()
    {
        using var dir = new TempDir();
        var path = dir.Write("gap.safetensors", Cases["gap"].Build());
        var e = CorruptAssert.Throws(path, "b");
        Assert.NotNull(e.Offset);
        Assert.Contains("byte offset", e.Message, StringComparison.Ordinal);
        Assert.StartsWith(path, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Empty_header_object_is_a_valid_empty_checkpoint()
    {
        using var dir = new TempDir();
        var path = dir.Write("empty.safetensors", SafeTensorsWriter.Raw("{}", []));
        Assert.Equal(0, CorruptAssert.OpenAndReadAll(path));
        var padded = dir.Write(
            "padded.safetensors",
            SafeTensorsWriter.Raw("{\"__metadata__\":{\"k\":\"v\"}}", [], true));
        Assert.Equal(0, CorruptAssert.OpenAndReadAll(padded));
    }
}
