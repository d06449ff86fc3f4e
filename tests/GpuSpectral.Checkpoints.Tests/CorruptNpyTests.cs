using System.Buffers.Binary;
using GpuSpectral.Checkpoints.Tests.Support;

namespace GpuSpectral.Checkpoints.Tests;

/// <summary>
/// One named case per npy failure mode; each must throw CheckpointFormatException naming file and tensor.
/// </summary>
public sealed class CorruptNpyTests
{
    private sealed record Case(Func<byte[]> Build, string Reason);

    private static byte[] F4(int n) => new byte[n * 4];

    private static byte[] Patch(byte[] b, Action<byte[]> patch)
    {
        patch(b);
        return b;
    }

    private static readonly Dictionary<string, Case> Cases = new()
    {
        ["bad_magic"] = new(() => Patch(NumpyWriter.Npy("<f4", "(2,)", F4(2)), b => b[1] = (byte)'X'), "bad magic"),
        ["too_short_for_magic"] = new(() => [0x93, (byte)'N'], "bad magic"),
        ["unknown_version"] = new(() => Patch(NumpyWriter.Npy("<f4", "(2,)", F4(2)), b => b[6] = 4), "version 4.0"),
        ["header_too_long"] = new(() => NumpyWriter.NpyRaw(
            "{'descr': '<f4', 'fortran_order': False, 'shape': (2,), }" + new string(' ', 10_100), F4(2), major: 2),
            "exceeds"),
        ["header_length_beyond_file"] = new(() => Patch(NumpyWriter.Npy("<f4", "(2,)", F4(2)),
            b => BinaryPrimitives.WriteUInt16LittleEndian(b.AsSpan(8), 5000)), "runs past"),
        ["object_dtype"] = new(() => NumpyWriter.Npy("|O", "(2,)", new byte[16]), "object arrays are refused"),
        ["fortran_order"] = new(() => NumpyWriter.Npy("<f4", "(2, 3)", F4(6), fortran: true), "Fortran-order"),
        ["structured_dtype"] = new(() => NumpyWriter.NpyRaw(
            "{'descr': [('a', '<f4'), ('b', '<i4')], 'fortran_order': False, 'shape': (2,), }", new byte[16]),
            "structured"),
        ["void_dtype"] = new(() => NumpyWriter.Npy("|V8", "(2,)", new byte[16]), "void"),
        ["complex_dtype"] = new(() => NumpyWriter.Npy("<c8", "(2,)", new byte[16]), "complex"),
        ["unknown_descr"] = new(() => NumpyWriter.Npy("<U4", "(2,)", new byte[32]), "unsupported npy descr"),
        ["native_order_descr"] = new(() => NumpyWriter.Npy("=f4", "(2,)", F4(2)), "unsupported npy descr"),
        ["bad_literal_syntax"] = new(() => NumpyWriter.NpyRaw(
            "{'descr': '<f4' 'fortran_order': False, 'shape': (2,)}", F4(2)), "expected"),
        ["code_in_header"] = new(() => NumpyWriter.NpyRaw(
            "{'descr': __import__('os').system('x'), 'fortran_order': False, 'shape': (2,)}", F4(2)), "quoted string"),
        ["missing_key"] = new(() => NumpyWriter.NpyRaw("{'descr': '<f4', 'shape': (2,)}", F4(2)), "must have"),
        ["extra_key"] = new(() => NumpyWriter.NpyRaw(
            "{'descr': '<f4', 'fortran_order': False, 'shape': (2,), 'x': 1}", F4(2)), "unexpected key"),
        ["duplicate_key"] = new(() => NumpyWriter.NpyRaw(
            "{'descr': '<f4', 'descr': '<f8', 'fortran_order': False, 'shape': (2,)}", F4(2)), "duplicate"),
        ["negative_dimension"] = new(() => NumpyWriter.Npy("<f4", "(-2,)", F4(2)), "non-negative"),
        ["shape_not_a_tuple"] = new(() => NumpyWriter.Npy("<f4", "(2)", F4(2)), "not a tuple"),
        ["shape_is_list"] = new(() => NumpyWriter.Npy("<f4", "[2]", F4(2)), "expected '('"),
        ["fortran_order_not_bool"] = new(() => NumpyWriter.NpyRaw(
            "{'descr': '<f4', 'fortran_order': 0, 'shape': (2,)}", F4(2)), "True or False"),
        ["unterminated_string"] = new(() => NumpyWriter.NpyRaw("{'descr: '<f4'", F4(2)), "expected"),
        ["truncated_data"] = new(() => NumpyWriter.Npy("<f4", "(3,)", F4(2)), "truncated"),
        ["extra_data"] = new(() => NumpyWriter.Npy("<f4", "(1,)", F4(2)), "extra data"),
        ["shape_overflow"] = new(() => NumpyWriter.Npy("<f4", "(4611686018427387904, 4)", F4(2)), "overflows"),
        ["dimension_beyond_2^63"] = new(() => NumpyWriter.Npy("<f4", "(99999999999999999999,)", F4(2)), "64 bits"),
        ["rank_above_8"] = new(() => NumpyWriter.Npy("<f4", "(1, 1, 1, 1, 1, 1, 1, 1, 1)", F4(1)), "rank"),
    };

    public static TheoryData<string> CaseNames() => new(Cases.Keys);

    [Theory]
    [MemberData(nameof(CaseNames))]
    public void Corrupt_npy_throws_typed_exception_naming_file_and_tensor(string name)
    {
        var c = Cases[name];
        using var dir = new TempDir();
        var path = dir.Write(name + ".npy", c.Build());
        CorruptAssert.Throws(path, name, c.Reason);
    }
}
