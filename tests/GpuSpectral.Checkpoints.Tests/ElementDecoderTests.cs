using GpuSpectral.Checkpoints.Decoding;
using GpuSpectral.Checkpoints.Tests.Support;
using GpuSpectral.Core.Tensors;

namespace GpuSpectral.Checkpoints.Tests;

public sealed class ElementDecoderTests
{
    private static void SameBitsOrBothNaN(double expected, double actual, int bits)
    {
        if (double.IsNaN(expected))
        {
            Assert.True(double.IsNaN(actual), $"0x{bits:X}");
        }
        else
        {
            Assert.True(expected.Equals(actual) && double.IsNegative(expected) == double.IsNegative(actual),
                $"0x{bits:X}: expected {expected}, got {actual}");
        }
    }

    [Fact]
    public void All_f16_and_bf16_bit_patterns_match_the_generic_minifloat_formula()
    {
        for (var u = 0; u < 65536; u++)
        {
            byte[] le = [(byte)u, (byte)(u >> 8)];
            var d = new double[1];
            ElementDecoder.Decode(le, DType.F16, false, d);
            SameBitsOrBothNaN(IndependentDecode.Minifloat(u, 5, 10), d[0], u);
            ElementDecoder.Decode(le, DType.BF16, false, d);
            SameBitsOrBothNaN(IndependentDecode.Minifloat(u, 8, 7), d[0], u);
        }
    }

    [Fact]
    public void All_fp8_bit_patterns_decode_exactly()
    {
        for (var b = 0; b < 256; b++)
        {
            var sign = (b & 0x80) != 0 ? -1.0 : 1.0;
            var e = (b >> 3) & 0xF;
            var m = b & 7;
            var e4m3 = (b & 0x7F) == 0x7F ? double.NaN
                : e == 0 ? sign * m / 8.0 * Math.Pow(2, -6)
                : sign * (1 + (m / 8.0)) * Math.Pow(2, e - 7);
            SameBitsOrBothNaN(e4m3, ElementDecoder.Float8E4M3ToDouble((byte)b), b);
            var e5m2 = IndependentDecode.Minifloat(b << 8, 5, 10);
            SameBitsOrBothNaN(e5m2, ElementDecoder.Float8E5M2ToDouble((byte)b), b);
        }

        Assert.Equal(448.0, ElementDecoder.Float8E4M3ToDouble(0x7E));
        Assert.Equal(Math.Pow(2, -9), ElementDecoder.Float8E4M3ToDouble(0x01));
        Assert.True(double.IsNaN(ElementDecoder.Float8E4M3ToDouble(0x7F)));
        Assert.True(double.IsNaN(ElementDecoder.Float8E4M3ToDouble(0xFF)));
        Assert.Equal(57344.0, ElementDecoder.Float8E5M2ToDouble(0x7B));
        Assert.Equal(double.PositiveInfinity, ElementDecoder.Float8E5M2ToDouble(0x7C));
        Assert.True(double.IsNaN(ElementDecoder.Float8E5M2ToDouble(0x7D)));
    }

    [Theory]
    [InlineData(DType.F64, new byte[] { 0x3F, 0xF8, 0, 0, 0, 0, 0, 0 }, 1.5)]
    [InlineData(DType.F32, new byte[] { 0xC0, 0x20, 0, 0 }, -2.5)]
    [InlineData(DType.F16, new byte[] { 0x3E, 0x00 }, 1.5)]
    [InlineData(DType.BF16, new byte[] { 0x3F, 0xC0 }, 1.5)]
    [InlineData(DType.I16, new byte[] { 0x80, 0x00 }, -32768.0)]
    [InlineData(DType.U32, new byte[] { 0x00, 0x00, 0x01, 0x00 }, 256.0)]
    [InlineData(DType.I64, new byte[] { 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF }, -1.0)]
    public void Big_endian_decodes_by_swapping(DType type, byte[] bigEndian, double expected)
    {
        var d = new double[1];
        ElementDecoder.Decode(bigEndian, type, bigEndian: true, d);
        Assert.Equal(expected, d[0]);
        var little = bigEndian.Reverse().ToArray();
        ElementDecoder.Decode(little, type, bigEndian: false, d);
        Assert.Equal(expected, d[0]);
    }

    [Fact]
    public void Length_mismatch_is_an_argument_error()
    {
        Assert.Throws<ArgumentException>(() => ElementDecoder.Decode(new byte[7], DType.F32, false, new double[2]));
    }
}
