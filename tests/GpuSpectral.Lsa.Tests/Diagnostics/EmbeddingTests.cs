using GpuSpectral.Lsa.Diagnostics;
using GpuSpectral.TestSupport;

namespace GpuSpectral.Lsa.Tests.Diagnostics;

public class EmbeddingTests
{
    [Fact]
    public void Embedding_scales_U_by_sigma_row_major()
    {
        // 3 documents, 2 components, column-major U.
        double[] u = [1, 0, 0, 0, 0.6, 0.8];
        var e = Embedding.Documents(u, 3, [4.0, 1.0], 2);
        Assert.Equal([2.0, 0, 0, 0.6, 0, 0.8], e);
    }

    [Fact]
    public void Npy_round_trips_with_a_64_byte_aligned_header()
    {
        double[] data = [1.5, -2, 3, double.NaN, 5, 6e300];
        using var stream = new MemoryStream();
        Embedding.WriteNpy(stream, data, 2, 3);
        var bytes = stream.ToArray();
        var headerLength = bytes[8] | (bytes[9] << 8);
        Assert.Equal(0, (10 + headerLength) % 64);
        Assert.Equal((byte)'\n', bytes[10 + headerLength - 1]);
        Assert.Equal(10 + headerLength + (8 * data.Length), bytes.Length);
        var (shape, values) = TestNpz.ParseNpy(bytes, "embed.npy");
        Assert.Equal([2, 3], shape);
        Assert.Equal(data, values);
        Assert.Throws<ArgumentException>(() => Embedding.WriteNpy(new MemoryStream(), data, 4, 2));
    }
}
