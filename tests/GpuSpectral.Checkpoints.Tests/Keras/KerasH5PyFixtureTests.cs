using System.Runtime.CompilerServices;
using GpuSpectral.Checkpoints.Keras;
using GpuSpectral.Core.Tensors;

namespace GpuSpectral.Checkpoints.Tests.Keras;

/// <summary>
/// A file written by h5py itself (Fixtures/make_keras_fixtures.py): fixed-length byte-string attributes, contiguous
/// datasets, an empty weight_names array and a gzip-chunked dataset, as real Keras 2 files have them.
/// </summary>
public sealed class KerasH5PyFixtureTests
{
    private static string FixturePath([CallerFilePath] string source = "") =>
        Path.Combine(Path.GetDirectoryName(source)!, "Fixtures", "keras2_h5py.h5");

    private static double[] Values(int n, int seed) =>
        Enumerable.Range(0, n).Select(i => seed + ((i % 64) * 0.25) - 8).ToArray();

    [Fact]
    public void Reads_an_h5py_written_keras2_model()
    {
        using var reader = new KerasH5Reader(FixturePath());
        (string Name, DType DType, long[] Shape, LayerKindHint Hint, double[] Values)[] expected =
        [
            ("dense/kernel", DType.F32, [4, 3], LayerKindHint.Dense, Values(12, 1)),
            ("dense/bias", DType.F32, [3], LayerKindHint.None, Values(3, 2)),
            ("conv1d/kernel", DType.F16, [3, 2, 4], LayerKindHint.Conv1D, Values(24, 3)),
            ("conv1d/bias", DType.F64, [4], LayerKindHint.None, Values(4, 4)),
            ("layer_normalization/gamma", DType.F32, [300], LayerKindHint.Norm, Values(300, 5)),
            ("layer_normalization/beta", DType.F32, [300], LayerKindHint.Norm, Values(300, 6)),
        ];
        Assert.Equal(expected.Length, reader.Tensors.Count);
        for (var i = 0; i < expected.Length; i++)
        {
            var t = reader.Tensors[i];
            Assert.Equal(expected[i].Name, t.Name);
            Assert.Equal(expected[i].DType, t.DType);
            Assert.Equal(expected[i].Shape, t.Shape);
            Assert.Equal(expected[i].Hint, t.KindHint);
            Assert.Equal(WeightLayout.Keras, t.Layout);
            var buffer = new double[t.ElementCount];
            reader.ReadAsDouble(t, buffer);
            Assert.Equal(expected[i].Values, buffer);
        }
    }
}
