using GpuSpectral.Kernels.Convert;
using ILGPU.Runtime;

namespace GpuSpectral.Kernels.Tests.Convert;

/// <summary>
/// The device decoders against independent host references: System.Half for f16, the float32 bit reinterpretation
/// for bf16 (both: every code with exponent 0 or all-ones, i.e. zeros, subnormals, infinities and NaNs, and seven
/// mantissas under every other sign/exponent — all 65536 codes took 3–7 s on the emulator), and for fp8 a value
/// formula written with Math.ScaleB plus hand-checked special values (all 256 codes). Finite results must be
/// bit-identical; NaN codes must give NaN.
/// </summary>
[Collection(KernelAcceleratorGroup.Name)]
public sealed class ConvertKernelTests(KernelAcceleratorFixture fixture)
{
    private readonly Accelerator accelerator = fixture.Accelerator;

    [Fact]
    public void Float16_matches_System_Half_on_every_exponent()
    {
        var codes = Codes16(mantissaBits: 10);
        var (f64, f32) = Decode(Bytes16(codes), RawElementFormat.Float16);
        for (var i = 0; i < codes.Length; i++)
        {
            var code = codes[i];
            var expected = (double)BitConverter.UInt16BitsToHalf((ushort)code);
            AssertSame(expected, f64[i], code);
            AssertSame((float)expected, f32[i], code);
        }
    }

    [Fact]
    public void BFloat16_matches_the_upper_half_of_a_float32_on_every_exponent()
    {
        var codes = Codes16(mantissaBits: 7);
        var (f64, f32) = Decode(Bytes16(codes), RawElementFormat.BFloat16);
        for (var i = 0; i < codes.Length; i++)
        {
            var code = codes[i];
            var expected = BitConverter.Int32BitsToSingle(code << 16);
            AssertSame(expected, f64[i], code);
            AssertSame(expected, f32[i], code);
        }
    }

    [Theory]
    [InlineData(RawElementFormat.Float8E4M3)]
    [InlineData(RawElementFormat.Float8E5M2)]
    public void Float8_matches_the_value_formula_for_every_code(RawElementFormat format)
    {
        var raw = AllCodes(8);
        var (f64, f32) = Decode(raw, format);
        for (var code = 0; code < 256; code++)
        {
            var expected = Float8Reference(code, format);
            AssertSame(expected, f64[code], code);
            AssertSame((float)expected, f32[code], code);
        }
    }

    [Theory]
    [InlineData(RawElementFormat.Float8E4M3, 0x00, 0.0)]
    [InlineData(RawElementFormat.Float8E4M3, 0x80, -0.0)]
    [InlineData(RawElementFormat.Float8E4M3, 0x01, 0.001953125)] // smallest subnormal 2^-9
    [InlineData(RawElementFormat.Float8E4M3, 0x07, 0.013671875)] // largest subnormal 7·2^-9
    [InlineData(RawElementFormat.Float8E4M3, 0x08, 0.015625)] // smallest normal 2^-6
    [InlineData(RawElementFormat.Float8E4M3, 0x38, 1.0)]
    [InlineData(RawElementFormat.Float8E4M3, 0x78, 256.0)] // exponent 15 is finite in E4M3 (no infinity)
    [InlineData(RawElementFormat.Float8E4M3, 0x7E, 448.0)] // max finite
    [InlineData(RawElementFormat.Float8E4M3, 0xFE, -448.0)]
    [InlineData(RawElementFormat.Float8E4M3, 0x7F, double.NaN)]
    [InlineData(RawElementFormat.Float8E4M3, 0xFF, double.NaN)]
    [InlineData(RawElementFormat.Float8E5M2, 0x80, -0.0)]
    [InlineData(RawElementFormat.Float8E5M2, 0x01, 1.52587890625e-05)] // smallest subnormal 2^-16
    [InlineData(RawElementFormat.Float8E5M2, 0x04, 6.103515625e-05)] // smallest normal 2^-14
    [InlineData(RawElementFormat.Float8E5M2, 0x3C, 1.0)]
    [InlineData(RawElementFormat.Float8E5M2, 0x7B, 57344.0)] // max finite
    [InlineData(RawElementFormat.Float8E5M2, 0x7C, double.PositiveInfinity)]
    [InlineData(RawElementFormat.Float8E5M2, 0xFC, double.NegativeInfinity)]
    [InlineData(RawElementFormat.Float8E5M2, 0x7D, double.NaN)]
    [InlineData(RawElementFormat.BFloat16, 0x7F7F, 3.3895313892515355e38)] // max finite bf16
    [InlineData(RawElementFormat.BFloat16, 0x0001, 9.183549615799121e-41)] // smallest subnormal 2^-133
    [InlineData(RawElementFormat.BFloat16, 0xFF80, double.NegativeInfinity)]
    [InlineData(RawElementFormat.Float16, 0x7BFF, 65504.0)]
    [InlineData(RawElementFormat.Float16, 0x0001, 5.960464477539063e-08)] // 2^-24
    [InlineData(RawElementFormat.Float16, 0x7E00, double.NaN)]
    public void Special_values_decode_as_the_format_specifies(RawElementFormat format, int code, double expected)
    {
        var bytes = RawElementFormats.BytesPerElement(format);
        var raw = bytes == 1 ? new[] { (byte)code } : new[] { (byte)code, (byte)(code >> 8) };
        var (f64, _) = Decode(raw, format);
        AssertSame(expected, f64[0], code);
    }

    [Theory]
    [InlineData(RawElementFormat.Int8, 0.125)]
    [InlineData(RawElementFormat.UInt8, 0.1)]
    public void Integers_are_multiplied_by_the_scale(RawElementFormat format, double scale)
    {
        var raw = AllCodes(8);
        var (f64, f32) = Decode(raw, format, scale);
        for (var code = 0; code < 256; code++)
        {
            var value = format == RawElementFormat.Int8 ? (sbyte)code : code;
            AssertSame(value * scale, f64[code], code);
            AssertSame((float)(value * scale), f32[code], code);
        }
    }

    [Fact]
    public void Mismatched_sizes_and_scales_are_rejected_with_a_message()
    {
        var launcher = ConvertLauncher.For(accelerator);
        using var raw = accelerator.Allocate1D<byte>(5);
        using var dst = accelerator.Allocate1D<double>(3);
        var e = Assert.Throws<ArgumentException>(() => launcher.ToFloat64(raw.View, dst.View, RawElementFormat.Float16));
        Assert.Contains("3 elements need 6 bytes, got 5", e.Message, StringComparison.Ordinal);
        using var raw3 = accelerator.Allocate1D<byte>(3);
        e = Assert.Throws<ArgumentException>(() => launcher.ToFloat64(raw3.View, dst.View, RawElementFormat.Float8E4M3, 2.0));
        Assert.Contains("takes no scale", e.Message, StringComparison.Ordinal);
        e = Assert.Throws<ArgumentException>(() => launcher.ToFloat64(raw3.View, dst.View, RawElementFormat.Int8, double.NaN));
        Assert.Contains("must be finite", e.Message, StringComparison.Ordinal);
    }

    /// <summary>Independent fp8 reference: (−1)^s · 2^(e−bias) · (1 + m/2^M) for normals, 2^(1−bias) · m/2^M for
    /// subnormals, with the specials of each format (OCP 8-bit floating point specification, 2023).</summary>
    private static double Float8Reference(int code, RawElementFormat format)
    {
        var e4m3 = format == RawElementFormat.Float8E4M3;
        int mantBits = e4m3 ? 3 : 2, bias = e4m3 ? 7 : 15, expMax = e4m3 ? 15 : 31;
        var sign = (code & 0x80) != 0 ? -1.0 : 1.0;
        var e = (code & 0x7F) >> mantBits;
        var m = code & ((1 << mantBits) - 1);
        if (e4m3 && (code & 0x7F) == 0x7F)
        {
            return double.NaN;
        }

        if (!e4m3 && e == expMax)
        {
            return m == 0 ? sign * double.PositiveInfinity : double.NaN;
        }

        var fraction = m / (double)(1 << mantBits);
        return e == 0 ? sign * Math.ScaleB(fraction, 1 - bias) : sign * Math.ScaleB(1.0 + fraction, e - bias);
    }

    /// <summary>16-bit codes: all with exponent 0 or all-ones; for the other exponents (both signs) the mantissas
    /// 0, 1, 2, half, half+1, max−1, max.</summary>
    private static int[] Codes16(int mantissaBits)
    {
        var mantMax = (1 << mantissaBits) - 1;
        var expMax = (1 << (15 - mantissaBits)) - 1;
        int[] someMantissas = [0, 1, 2, (mantMax + 1) / 2, ((mantMax + 1) / 2) + 1, mantMax - 1, mantMax];
        var codes = new List<int>();
        for (var code = 0; code < 65536; code++)
        {
            var e = (code >> mantissaBits) & expMax;
            if (e == 0 || e == expMax || someMantissas.Contains(code & mantMax))
            {
                codes.Add(code);
            }
        }

        return [.. codes];
    }

    private static byte[] Bytes16(int[] codes)
    {
        var raw = new byte[codes.Length * 2];
        for (var i = 0; i < codes.Length; i++)
        {
            raw[2 * i] = (byte)codes[i];
            raw[(2 * i) + 1] = (byte)(codes[i] >> 8);
        }

        return raw;
    }

    private static byte[] AllCodes(int bits)
    {
        var count = 1 << bits;
        var raw = new byte[count * (bits / 8)];
        for (var code = 0; code < count; code++)
        {
            raw[code * (bits / 8)] = (byte)code;
            if (bits == 16)
            {
                raw[(code * 2) + 1] = (byte)(code >> 8);
            }
        }

        return raw;
    }

    private (double[] F64, float[] F32) Decode(byte[] raw, RawElementFormat format, double scale = 1.0)
    {
        var count = raw.Length / RawElementFormats.BytesPerElement(format);
        var launcher = ConvertLauncher.For(accelerator);
        using var rawBuffer = accelerator.Allocate1D(raw);
        using var f64 = accelerator.Allocate1D<double>(count);
        using var f32 = accelerator.Allocate1D<float>(count);
        launcher.ToFloat64(rawBuffer.View, f64.View, format, scale);
        launcher.ToFloat32(rawBuffer.View, f32.View, format, scale);
        accelerator.Synchronize();
        return (f64.GetAsArray1D(), f32.GetAsArray1D());
    }

    private static void AssertSame(double expected, double actual, int code)
    {
        if (double.IsNaN(expected))
        {
            if (!double.IsNaN(actual))
            {
                Assert.Fail($"code 0x{code:X}: expected NaN, got {actual}");
            }

            return;
        }

        // The message is only formatted on failure: 4·65536 formatted strings would dominate the test time.
        if (BitConverter.DoubleToInt64Bits(expected) != BitConverter.DoubleToInt64Bits(actual))
        {
            Assert.Fail($"code 0x{code:X}: expected {expected:R}, got {actual:R}");
        }
    }

    private static void AssertSame(float expected, float actual, int code) =>
        AssertSame((double)expected, (double)actual, code);
}
