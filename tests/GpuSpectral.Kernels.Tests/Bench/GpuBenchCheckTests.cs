using GpuSpectral.GpuBench;
using GpuSpectral.Kernels.Convert;

namespace GpuSpectral.Kernels.Tests.Bench;

/// <summary>
/// The harness's own correctness checks must be able to fail: each is fed known-good and known-bad data (values from
/// the format specifications, not from the code under test).
/// </summary>
public sealed class GpuBenchCheckTests
{
    [Theory]
    [InlineData(RawElementFormat.Float8E4M3, new byte[] { 0x7E }, 448.0)] // OCP FP8: largest finite E4M3
    [InlineData(RawElementFormat.Float8E4M3, new byte[] { 0x01 }, 0.001953125)] // smallest subnormal 2⁻⁹
    [InlineData(RawElementFormat.Float8E4M3, new byte[] { 0xB8 }, -1.0)]
    [InlineData(RawElementFormat.Float8E5M2, new byte[] { 0x7B }, 57344.0)] // largest finite E5M2
    [InlineData(RawElementFormat.BFloat16, new byte[] { 0x80, 0x3F }, 1.0)] // 0x3F80
    [InlineData(RawElementFormat.Float16, new byte[] { 0x00, 0xC0 }, -2.0)] // 0xC000
    public void Host_decoder_gives_the_specification_values(RawElementFormat format, byte[] raw, double expected) =>
        Assert.Equal(expected, HostDecode.Decode(raw, 0, format));

    [Fact]
    public void Host_decoder_maps_the_E4M3_nan_pattern_to_nan() =>
        Assert.True(double.IsNaN(HostDecode.Decode(new byte[] { 0xFF }, 0, RawElementFormat.Float8E4M3)));

    [Fact]
    public void Sampled_gram_check_accepts_the_exact_product_and_rejects_a_wrong_one()
    {
        const int rows = 90, cols = 70; // n = 70 > 64: the sampled branch
        var w = HostReference.Uniform(new Random(3), rows * cols);
        var x = new double[cols * cols];
        for (var i = 0; i < cols; i++)
        {
            for (var j = 0; j < cols; j++)
            {
                double s = 0;
                for (var k = 0; k < rows; k++)
                {
                    s += w[(k * cols) + i] * w[(k * cols) + j];
                }

                x[(i * cols) + j] = s;
            }
        }

        Assert.True(HostReference.GramError(w, rows, cols, x, new Random(1)) <= 1e-15);
        var scaled = Array.ConvertAll(x, v => v * 1.001);
        Assert.True(HostReference.GramError(w, rows, cols, scaled, new Random(1)) > 1e-4);
    }

    [Fact]
    public void Invariant_check_passes_exact_eigenvalues_and_flags_a_wrong_one()
    {
        // diag(1, 2, 3) has eigenvalues 1, 2, 3 exactly.
        double[] a = [1, 0, 0, 0, 2, 0, 0, 0, 3];
        Assert.True(HostReference.InvariantViolation(a, 3, [[1.0, 2.0, 3.0]], HostReference.U64) <= 1);
        Assert.True(HostReference.InvariantViolation(a, 3, [[1.0, 2.0, 3.001]], HostReference.U64) > 1);
        Assert.Equal(double.PositiveInfinity,
            HostReference.InvariantViolation(a, 3, [[1.0, double.NaN, 3.0]], HostReference.U64));
    }
}
