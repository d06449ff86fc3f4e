using GpuSpectral.Checkpoints.Synth;

namespace GpuSpectral.Checkpoints.Tests.Synth;

public sealed class HalfPrecisionTests
{
    // Expected bfloat16 bits worked out by hand from the float32 bit patterns (round to nearest, ties to even on
    // the 16 dropped bits).
    [Theory]
    [InlineData(0x00000000u, (ushort)0x0000)] // +0
    [InlineData(0x80000000u, (ushort)0x8000)] // -0
    [InlineData(0x3F800000u, (ushort)0x3F80)] // 1
    [InlineData(0xBF800000u, (ushort)0xBF80)] // -1
    [InlineData(0x3F808000u, (ushort)0x3F80)] // 1 + 2^-8: exact tie, kept bit 0 is even → down
    [InlineData(0x3F818000u, (ushort)0x3F82)] // tie with odd kept bit → up to even
    [InlineData(0x3F808001u, (ushort)0x3F81)] // just above the tie → up
    [InlineData(0x3F807FFFu, (ushort)0x3F80)] // just below the tie → down
    [InlineData(0x7F800000u, (ushort)0x7F80)] // +inf
    [InlineData(0xFF800000u, (ushort)0xFF80)] // -inf
    [InlineData(0x7F7FFFFFu, (ushort)0x7F80)] // float.MaxValue rounds past the largest bf16 → +inf
    [InlineData(0x7F7F7FFFu, (ushort)0x7F7F)] // rounds down to the largest finite bf16
    [InlineData(0x00000001u, (ushort)0x0000)] // smallest subnormal → +0
    [InlineData(0x00008000u, (ushort)0x0000)] // subnormal tie, even → 0
    [InlineData(0x00018000u, (ushort)0x0002)] // subnormal tie, odd → up
    [InlineData(0x007FFFFFu, (ushort)0x0080)] // largest subnormal rounds up to the smallest normal
    public void BFloat16_rounds_to_nearest_even(uint floatBits, ushort expected) =>
        Assert.Equal(expected, HalfPrecision.ToBFloat16Bits(BitConverter.UInt32BitsToSingle(floatBits)));

    [Theory]
    [InlineData(0x7FC00000u)] // quiet NaN
    [InlineData(0x7F800001u)] // signalling NaN whose payload sits only in the dropped bits
    [InlineData(0xFFC00000u)] // negative NaN
    public void BFloat16_keeps_nan_a_nan_with_its_sign(uint floatBits)
    {
        var bits = HalfPrecision.ToBFloat16Bits(BitConverter.UInt32BitsToSingle(floatBits));
        Assert.Equal(0x7F80, bits & 0x7F80);
        Assert.NotEqual(0, bits & 0x007F);
        Assert.Equal(floatBits >> 31, (uint)bits >> 15);
    }

    // IEEE binary16 facts: 65504 is the largest finite; 65520 is the tie to infinity; 1/3 ≈ 0x3555.
    [Theory]
    [InlineData(1.0f, (ushort)0x3C00)]
    [InlineData(65504f, (ushort)0x7BFF)]
    [InlineData(65520f, (ushort)0x7C00)]
    [InlineData(-2f, (ushort)0xC000)]
    [InlineData(1f / 3, (ushort)0x3555)]
    [InlineData(5.9604645e-8f, (ushort)0x0001)] // 2^-24, the smallest subnormal
    public void Float16_matches_ieee_binary16(float value, ushort expected) =>
        Assert.Equal(expected, HalfPrecision.ToFloat16Bits(value));
}
