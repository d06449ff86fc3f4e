using System.IO.Compression;
using GpuSpectral.Checkpoints.Tests.Support;

namespace GpuSpectral.Checkpoints.Tests;

/// <summary>
/// One named case per npz/ZIP failure mode; each must throw CheckpointFormatException naming the file.
/// </summary>
public sealed class CorruptNpzTests
{
    private sealed record Case(Func<byte[]> Build, string? Tensor, string Reason);

    private static byte[] Stored() => NumpyWriter.SampleNpz(CompressionLevel.NoCompression);

    private static byte[] Deflated() => NumpyWriter.SampleNpz(CompressionLevel.Optimal);

    private static byte[] Patch(byte[] b, Action<byte[]> patch)
    {
        patch(b);
        return b;
    }

    private static byte[] OneMember(string member, byte[] npy, CompressionLevel level) =>
        NumpyWriter.Npz([(member, npy)], level);

    /// <summary>A deflated member whose data is longer than its npy header declares.</summary>
    private static byte[] LongerThanHeader(bool patchDeclaredSize)
    {
        var npy = NumpyWriter.Npy("<f4", "(2,)", new byte[8]);
        var random = new byte[4000];
        new Random(5).NextBytes(random);
        var zip = OneMember("w.npy", [.. npy, .. random], CompressionLevel.Optimal);
        if (patchDeclaredSize)
        {
            var c = ZipPatcher.Central(zip, 0);
            ZipPatcher.W32(zip, c + 24, (uint)npy.Length);
            ZipPatcher.W32(zip, ZipPatcher.LocalOffset(zip, 0) + 22, (uint)npy.Length);
        }

        return zip;
    }

    private static readonly Dictionary<string, Case> Cases = new()
    {
        ["not_a_zip"] = new(() => "this is plain text, not a zip archive at all"u8.ToArray(), null, "end-of-central"),
        ["too_short"] = new(() => [0x50, 0x4B], null, "too short"),
        ["eocd_missing"] = new(() => Stored()[..^22], null, "end-of-central"),
        ["cd_offset_out_of_range"] = new(() => Patch(Stored(), b =>
            ZipPatcher.W32(b, ZipPatcher.Eocd(b) + 16, 0x7FFF_0000)),
            null, "outside the archive"),
        ["cd_size_too_small_for_count"] = new(() => Patch(Stored(), b =>
            ZipPatcher.W32(b, ZipPatcher.Eocd(b) + 12, 10)),
            null, "cannot fit"),
        ["entry_data_beyond_cd"] = new(() => Patch(Stored(), b =>
        {
            var c = ZipPatcher.Central(b, 0);
            ZipPatcher.W32(b, c + 20, 1_000_000);
            ZipPatcher.W32(b, c + 24, 1_000_000);
        }), "w.npy", "past the central directory"),
        ["local_offset_beyond_cd"] = new(() => Patch(Stored(), b =>
            ZipPatcher.W32(b, ZipPatcher.Central(b, 1) + 42, 0x7000_0000)), "b.npy", "beyond the central directory"),
        ["local_signature_wrong"] = new(() => Patch(Stored(), b => b[ZipPatcher.LocalOffset(b, 1)] = 0),
            "b.npy", "local header signature"),
        ["local_name_differs"] = new(() => Patch(Stored(), b => b[ZipPatcher.LocalOffset(b, 0) + 30] = (byte)'q'),
            "w.npy", "does not match"),
        ["central_entries_share_a_local_header"] = new(() => Patch(Stored(), b =>
            ZipPatcher.W32(b, ZipPatcher.Central(b, 1) + 42, (uint)ZipPatcher.LocalOffset(b, 0))),
            null, "does not match"),
        ["encrypted_flag"] = new(() => Patch(Stored(), b =>
        {
            var c = ZipPatcher.Central(b, 0);
            ZipPatcher.W16(b, c + 8, ZipPatcher.U16(b, c + 8) | 1);
        }), "w.npy", "encrypted"),
        ["unsupported_compression_method"] = new(() => Patch(Deflated(), b =>
            ZipPatcher.W16(b, ZipPatcher.Central(b, 0) + 10, 12)), "w.npy", "compression method 12"),
        ["stored_sizes_disagree"] = new(() => Patch(Stored(), b =>
            ZipPatcher.W32(b, ZipPatcher.Central(b, 0) + 24, 3)), "w.npy", "stored member declares"),
        ["deflate_bomb_ratio"] = new(() => OneMember(
            "zeros.npy", NumpyWriter.Npy("<f8", "(250000,)", new byte[2_000_000]), CompressionLevel.Optimal),
            "zeros", "compression ratio"),
        ["deflate_output_larger_than_header"] = new(() => LongerThanHeader(false), "w", "extra data"),
        ["deflate_stream_longer_than_declared"] = new(() => LongerThanHeader(true), "w", "longer than"),
        ["corrupt_deflate_stream"] = new(() => Patch(Deflated(), b =>
        {
            var start = ZipPatcher.LocalOffset(b, 0) + 30 + ZipPatcher.U16(b, ZipPatcher.LocalOffset(b, 0) + 26)
                + ZipPatcher.U16(b, ZipPatcher.LocalOffset(b, 0) + 28);
            b.AsSpan(start, 6).Fill(0xFF);
        }), "w", "deflate"),
        ["member_not_npy"] = new(() => NumpyWriter.Npz(
            [("w.npy", NumpyWriter.Npy("<f4", "(1,)", new byte[4])), ("readme.txt", "hello"u8.ToArray())],
            CompressionLevel.NoCompression), "readme.txt", "not a .npy"),
        ["duplicate_member_names"] = new(() => NumpyWriter.Npz(
            [
                ("w.npy", NumpyWriter.Npy("<f4", "(1,)", new byte[4])),
                ("w.npy", NumpyWriter.Npy("<f4", "(1,)", new byte[4])),
            ],
            CompressionLevel.NoCompression), "w.npy", "duplicate"),
        ["member_npy_object_dtype"] = new(() => OneMember(
            "o.npy", NumpyWriter.Npy("|O", "(1,)", new byte[8]), CompressionLevel.NoCompression), "o", "object arrays"),
        ["member_npy_truncated"] = new(() => OneMember(
            "t.npy", NumpyWriter.Npy("<f4", "(4,)", new byte[8]), CompressionLevel.NoCompression), "t", "truncated"),
        ["member_npy_fortran"] = new(() => OneMember(
            "f.npy", NumpyWriter.Npy("<f4", "(1, 2)", new byte[8], fortran: true), CompressionLevel.Optimal), "f",
            "Fortran-order"),
    };

    public static TheoryData<string> CaseNames() => new(Cases.Keys);

    [Theory]
    [MemberData(nameof(CaseNames))]
    public void Corrupt_npz_throws_typed_exception_naming_file(string name)
    {
        var c = Cases[name];
        using var dir = new TempDir();
        var path = dir.Write(name + ".npz", c.Build());
        CorruptAssert.Throws(path, c.Tensor, c.Reason);
    }
}
