using System.Buffers.Binary;
using System.IO.Compression;
using GpuSpectral.Checkpoints.Numpy;
using GpuSpectral.Checkpoints.SafeTensors;
using GpuSpectral.Checkpoints.Tests.Support;
using GpuSpectral.Core.Tensors;
using GpuSpectral.TestSupport;

namespace GpuSpectral.Checkpoints.Tests;

public sealed class NumpyReaderTests
{
    public static TheoryData<string> FixtureNpz()
    {
        var data = new TheoryData<string>();
        foreach (var f in Directory.GetFiles(SharedData.Fixture(""), "*.npz").Order(StringComparer.Ordinal))
        {
            data.Add(Path.GetFileName(f));
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(FixtureNpz))]
    public void Every_fixture_npz_opens_in_member_order_and_decodes(string name)
    {
        var path = SharedData.Fixture(name);
        using var reader = new NpzReader(path);
        using var zip = ZipFile.OpenRead(path);
        Assert.Equal(zip.Entries.Select(e => e.FullName[..^4]), reader.Tensors.Select(t => t.Name));
        foreach (var (t, entry) in reader.Tensors.Zip(zip.Entries))
        {
            Assert.Contains(t.DType, new[] { DType.F32, DType.F64 });
            Assert.InRange(t.Rank, 1, 4);
            var values = new double[t.ElementCount];
            reader.ReadAsDouble(t, values);
            Assert.All(values, v => Assert.True(double.IsFinite(v)));

            // Independent check: the last element is the last itemsize bytes of the member.
            using var s = entry.Open();
            var bytes = new byte[entry.Length];
            s.ReadExactly(bytes);
            var size = DTypeInfo.SizeInBytes(t.DType);
            var last = t.DType == DType.F32
                ? BinaryPrimitives.ReadSingleLittleEndian(bytes.AsSpan(bytes.Length - size))
                : BinaryPrimitives.ReadDoubleLittleEndian(bytes.AsSpan(bytes.Length - size));
            Assert.Equal(last, values[^1]);
        }
    }

    [Fact]
    public void Digits_mlp_npz_and_safetensors_hold_the_same_bits()
    {
        using var st = new SafeTensorsReader(SharedData.Data("digits_mlp/digits_mlp.safetensors"));
        using var npz = new NpzReader(SharedData.Data("digits_mlp/digits_mlp.npz"));
        Assert.Equal(st.Tensors.Select(t => t.Name).Order(StringComparer.Ordinal),
            npz.Tensors.Select(t => t.Name).Order(StringComparer.Ordinal));
        Assert.NotEmpty(npz.Tensors);
        foreach (var t in npz.Tensors)
        {
            Assert.True(st.TryGetTensor(t.Name, out var s));
            Assert.Equal(s.Shape, t.Shape);
            var a = new double[t.ElementCount];
            var b = new double[s.ElementCount];
            npz.ReadAsDouble(t, a);
            st.ReadAsDouble(s, b);
            Assert.Equal(a.Select(BitConverter.DoubleToInt64Bits), b.Select(BitConverter.DoubleToInt64Bits));
        }
    }

    [Theory]
    [InlineData(CompressionLevel.Optimal, 8)]
    [InlineData(CompressionLevel.NoCompression, 0)]
    public void Written_npz_reads_back_stored_and_deflated(CompressionLevel level, int method)
    {
        using var dir = new TempDir();
        var bytes = NumpyWriter.SampleNpz(level);
        Assert.Equal(method, ZipPatcher.U16(bytes, ZipPatcher.Central(bytes, 0) + 10));
        var path = dir.Write("s.npz", bytes);
        using var reader = CheckpointOpener.Open(path);
        Assert.Equal("npz", reader.FormatName);
        Assert.Equal(["w", "b"], reader.Tensors.Select(t => t.Name));
        var w = new double[4];
        reader.ReadAsDouble(reader.Tensors[0], w);
        Assert.Equal([1.0, 2, 3, 4], w);
        var b = new double[3];
        reader.ReadAsDouble(reader.Tensors[1], b);
        Assert.Equal([0.5, -0.25, 8], b);
    }

    [Fact]
    public void Large_deflated_member_decodes_in_chunks()
    {
        using var dir = new TempDir();
        var values = SeededMatrices.Gaussian(300, 500, seed: 11);
        var path = dir.Write("big.npz", NumpyWriter.Npz(
            [("g.npy", NumpyWriter.Npy("<f8", "(300, 500)", SafeTensorsWriter.F64(values)))],
            CompressionLevel.Optimal));
        using var reader = new NpzReader(path);
        var d = new double[reader.Tensors[0].ElementCount];
        reader.ReadAsDouble(reader.Tensors[0], d);
        Assert.Equal(values, d);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void Npy_versions_and_big_endian_descrs_decode(int major)
    {
        using var dir = new TempDir();
        var be = new byte[] { 0x3F, 0xF0, 0, 0, 0, 0, 0, 0, 0xC0, 0, 0, 0, 0, 0, 0, 0 };
        var path = dir.Write("weights.npy", NumpyWriter.Npy(">f8", "(2,)", be, major: major));
        using var reader = CheckpointOpener.Open(path);
        var npy = Assert.IsType<NpyReader>(reader);
        Assert.True(npy.IsBigEndian);
        Assert.Equal("weights", reader.Tensors.Single().Name);
        var d = new double[2];
        reader.ReadAsDouble(reader.Tensors[0], d);
        Assert.Equal([1.0, -2.0], d);
    }

    [Theory]
    [InlineData(">f2", new byte[] { 0x3C, 0x00 }, 1.0)]
    [InlineData("<f2", new byte[] { 0x00, 0xC0 }, -2.0)]
    [InlineData(">f4", new byte[] { 0x40, 0x40, 0, 0 }, 3.0)]
    [InlineData(">i2", new byte[] { 0xFF, 0xFE }, -2.0)]
    [InlineData(">u2", new byte[] { 0x01, 0x00 }, 256.0)]
    [InlineData(">i4", new byte[] { 0, 0, 1, 0 }, 256.0)]
    [InlineData("<u4", new byte[] { 0, 0, 0, 0x80 }, 2147483648.0)]
    [InlineData(">i8", new byte[] { 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFD }, -3.0)]
    [InlineData("<u8", new byte[] { 5, 0, 0, 0, 0, 0, 0, 0 }, 5.0)]
    [InlineData("|i1", new byte[] { 0x80 }, -128.0)]
    [InlineData("|u1", new byte[] { 0x80 }, 128.0)]
    [InlineData("|b1", new byte[] { 1 }, 1.0)]
    public void Npy_descrs_decode_one_value(string descr, byte[] data, double expected)
    {
        using var dir = new TempDir();
        var path = dir.Write("x.npy", NumpyWriter.Npy(descr, "()", data));
        using var reader = new NpyReader(path);
        Assert.Empty(reader.Tensors[0].Shape);
        var d = new double[1];
        reader.ReadAsDouble(reader.Tensors[0], d);
        Assert.Equal(expected, d[0]);
    }

    [Fact]
    public void Npy_header_grammar_accepts_python_variants()
    {
        using var dir = new TempDir();
        var path = dir.Write("v.npy", NumpyWriter.NpyRaw(
            "{\"shape\": (2L, 1,), \"fortran_order\": False, \"descr\": \"<f4\"}", SafeTensorsWriter.F32(1, 2)));
        using var reader = new NpyReader(path);
        Assert.Equal([2L, 1L], reader.Tensors[0].Shape);
    }
}

public sealed class Zip64Tests
{
    private static byte[] Sample() => Zip64Writer.Build(
    [
        ("a.npy", NumpyWriter.Npy("<f4", "(2,)", SafeTensorsWriter.F32(1.5f, -2))),
        ("b.npy", NumpyWriter.Npy("<i8", "(1,)", [7, 0, 0, 0, 0, 0, 0, 0])),
    ]);

    [Fact]
    public void Zip64_end_record_and_extra_fields_are_resolved()
    {
        using var dir = new TempDir();
        var path = dir.Write("z64.npz", Sample());
        using var zip = ZipFile.OpenRead(path); // the BCL agrees the archive is valid
        Assert.Equal(2, zip.Entries.Count);
        using var reader = new NpzReader(path);
        Assert.Equal(["a", "b"], reader.Tensors.Select(t => t.Name));
        var a = new double[2];
        reader.ReadAsDouble(reader.Tensors[0], a);
        Assert.Equal([1.5, -2.0], a);
        var b = new double[1];
        reader.ReadAsDouble(reader.Tensors[1], b);
        Assert.Equal(7.0, b[0]);
    }

    [Fact]
    public void Zip64_record_pointing_outside_the_file_is_rejected()
    {
        using var dir = new TempDir();
        var bytes = Sample();
        var locator = bytes.Length - 22 - 20;
        BitConverter.TryWriteBytes(bytes.AsSpan(locator + 8), long.MaxValue - 5);
        CorruptAssert.Throws(dir.Write("bad64.npz", bytes), null, "Zip64 end record");
    }

    [Fact]
    public void Saturated_eocd_without_locator_is_rejected()
    {
        using var dir = new TempDir();
        var bytes = Sample();
        bytes[bytes.Length - 22 - 20] = 0; // break the locator signature
        CorruptAssert.Throws(dir.Write("nolocator.npz", bytes), null, "no Zip64 locator");
    }

    [Fact]
    public void Zip64_extra_field_missing_is_rejected()
    {
        using var dir = new TempDir();
        var bytes = Sample();
        var cd = bytes.Length - 22 - 20 - 56 - (2 * (46 + 5 + 28));
        Assert.Equal(0x02014B50u, BitConverter.ToUInt32(bytes, cd));
        ZipPatcher.W16(bytes, cd + 46 + 5, 0x9999); // rename the extra field's header id
        CorruptAssert.Throws(dir.Write("noextra.npz", bytes), "a.npy", "no Zip64 extra field");
    }
}
