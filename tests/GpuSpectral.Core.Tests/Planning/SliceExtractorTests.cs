using GpuSpectral.Core.Planning;
using GpuSpectral.Core.Tensors;

namespace GpuSpectral.Core.Tests.Planning;

public sealed class SliceExtractorTests
{
    [Fact]
    public void TorchLayoutSliceIsTheFixedKernelPosition()
    {
        // (out=2, in=3, kh=2, kw=2) holding its own flat index.
        var t = new TensorInfo("c", DType.F32, [2, 3, 2, 2], 96, "f");
        var plan = LayerPlanner.Plan([t], CheckpointLayout.PlainFile, new PlanOptions { MinEvals = 1 })[0];
        var data = Enumerable.Range(0, 24).Select(i => (double)i).ToArray();
        var slice = new double[6];
        SliceExtractor.Copy(plan, data, 3, slice); // i = 1, j = 1
        for (var o = 0; o < 2; o++)
        {
            for (var c = 0; c < 3; c++)
            {
                Assert.Equal((((o * 3) + c) * 4) + 3, slice[(o * 3) + c]);
            }
        }
    }

    [Fact]
    public void KerasLayoutSliceIsAContiguousBlock()
    {
        var t = new TensorInfo("k", DType.F32, [2, 2, 3, 8], 384, "f");
        var plan = LayerPlanner.Plan([t], CheckpointLayout.PlainFile, new PlanOptions { MinEvals = 1 })[0];
        var data = Enumerable.Range(0, 96).Select(i => (double)i).ToArray();
        var slice = new double[24];
        SliceExtractor.Copy(plan, data, 2, slice);
        Assert.Equal(Enumerable.Range(48, 24).Select(i => (double)i), slice);
    }

    [Fact]
    public void PartsGatherTheirRowsOrColumns()
    {
        // A 6×4 weight holding its flat index; query_key_value-style interleaved rows with 2 heads, head_dim 1.
        var t = new TensorInfo("l.query_key_value.weight", DType.F32, [6, 4], 96, "f");
        var o = new PlanOptions { MinEvals = 1, SplitFused = true, Config = new ModelConfig(2, null, 4) };
        var v = LayerPlanner.Plan([t], CheckpointLayout.PlainFile, o)[2];
        var data = Enumerable.Range(0, 24).Select(i => (double)i).ToArray();
        var m = new double[8];
        SliceExtractor.Copy(v, data, 0, m);
        Assert.Equal([8.0, 9, 10, 11, 20, 21, 22, 23], m); // rows 2 and 5

        var c = new TensorInfo("h.c_attn.weight", DType.F32, [2, 6], 48, "f");
        var k = LayerPlanner.Plan([c], CheckpointLayout.PlainFile, o)[1];
        var cm = new double[4];
        SliceExtractor.Copy(k, Enumerable.Range(0, 12).Select(i => (double)i).ToArray(), 0, cm);
        Assert.Equal([2.0, 3, 8, 9], cm); // columns 2..3 of both rows
    }

    [Fact]
    public void ScalingInFloat32RoundsLikeNumpy()
    {
        double[] m = [0.1f, -3.3f, 1e-3f];
        SliceExtractor.ScaleInStoredPrecision(m, DType.F32, Math.Sqrt(0.5));
        var f = (float)Math.Sqrt(0.5);
        Assert.Equal([0.1f * f, -3.3f * f, 1e-3f * f], m.Select(x => (float)x));
        Assert.All(m, x => Assert.Equal(x, (double)(float)x)); // results are float32 values
        double[] d = [0.1];
        SliceExtractor.ScaleInStoredPrecision(d, DType.F64, Math.Sqrt(0.5));
        Assert.Equal(0.1 * Math.Sqrt(0.5), d[0]);
    }
}
