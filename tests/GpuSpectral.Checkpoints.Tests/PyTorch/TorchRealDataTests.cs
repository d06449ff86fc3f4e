using GpuSpectral.Checkpoints.Numpy;
using GpuSpectral.Checkpoints.PyTorch;
using GpuSpectral.Checkpoints.SafeTensors;
using GpuSpectral.Core.Tensors;
using GpuSpectral.TestSupport;

namespace GpuSpectral.Checkpoints.Tests.PyTorch;

/// <summary>The real checkpoints in shared/data against the npz / safetensors copies of the same weights.</summary>
public sealed class TorchRealDataTests
{
    private static readonly string[] MlpNames =
        ["0.weight", "0.bias", "2.weight", "2.bias", "4.weight", "4.bias", "6.weight", "6.bias"];

    private static string Mlp(string file) => SharedData.Data("digits_mlp/" + file);

    private static (List<TensorInfo> Infos, Dictionary<string, double[]> Values) Npz()
    {
        using var npz = new NpzReader(Mlp("digits_mlp.npz"));
        return (npz.Tensors.ToList(), TorchAssert.ReadAll(npz));
    }

    [Theory]
    [InlineData("digits_mlp.pt", typeof(TorchZipReader))]
    [InlineData("digits_mlp_legacy.pt", typeof(TorchLegacyReader))]
    public void Fp32_checkpoints_match_the_npz_bit_for_bit(string file, Type readerType)
    {
        var (npzInfos, expected) = Npz();
        using var reader = TorchReader.Open(Mlp(file));
        Assert.IsType(readerType, reader);
        Assert.Equal("pytorch", reader.FormatName);
        Assert.Equal(MlpNames, reader.Tensors.Select(t => t.Name));
        foreach (var t in reader.Tensors)
        {
            var n = npzInfos.Single(x => x.Name == t.Name);
            Assert.Equal(n.Shape, t.Shape);
            Assert.Equal(DType.F32, t.DType);
            Assert.Equal(t.ElementCount * 4, t.ByteLength);
            Assert.Equal(WeightLayout.PyTorch, t.Layout);
            Assert.Equal(Mlp(file), t.SourceFile);
        }

        Assert.Equal([512L, 64], TorchAssert.Tensor(reader, "0.weight").Shape);
        Assert.Equal([10L], TorchAssert.Tensor(reader, "6.bias").Shape);
        var actual = TorchAssert.ReadAll(reader);
        foreach (var name in MlpNames)
        {
            var a = actual[name];
            var e = expected[name];
            Assert.Equal(e.Length, a.Length);
            for (var i = 0; i < e.Length; i++)
            {
                Assert.Equal(BitConverter.DoubleToInt64Bits(e[i]), BitConverter.DoubleToInt64Bits(a[i]));
            }
        }
    }

    [Theory]
    [InlineData("digits_mlp_fp16.pt", DType.F16)]
    [InlineData("digits_mlp_bf16.pt", DType.BF16)]
    public void Half_precision_checkpoints_hold_the_rounded_npz_values(string file, DType dtype)
    {
        var (_, expected) = Npz();
        using var reader = new TorchZipReader(Mlp(file));
        Assert.Equal(MlpNames, reader.Tensors.Select(t => t.Name));
        var actual = TorchAssert.ReadAll(reader);
        var changed = 0;
        foreach (var t in reader.Tensors)
        {
            Assert.Equal(dtype, t.DType);
            Assert.Equal(t.ElementCount * 2, t.ByteLength);
            var a = actual[t.Name];
            var e = expected[t.Name];
            for (var i = 0; i < e.Length; i++)
            {
                var rounded = dtype == DType.F16 ? RoundToHalf(e[i]) : RoundToBFloat16(e[i]);
                Assert.Equal(rounded, a[i]);
                changed += rounded != e[i] ? 1 : 0;
            }
        }

        Assert.True(changed > 1000, "rounding should change most values");
    }

    [Fact]
    public void Lenet_checkpoint_matches_its_safetensors_copy()
    {
        using var st = new SafeTensorsReader(SharedData.Data("digits_lenet/digits_lenet.safetensors"));
        using var pt = TorchReader.Open(SharedData.Data("digits_lenet/digits_lenet.pt"));
        Assert.Equal(st.Tensors.Select(t => t.Name).Order(StringComparer.Ordinal),
            pt.Tensors.Select(t => t.Name).Order(StringComparer.Ordinal));
        Assert.Equal([24L, 1, 3, 3], TorchAssert.Tensor(pt, "conv1.weight").Shape);
        var expected = TorchAssert.ReadAll(st);
        var actual = TorchAssert.ReadAll(pt);
        foreach (var t in st.Tensors)
        {
            Assert.Equal(t.Shape, TorchAssert.Tensor(pt, t.Name).Shape);
            Assert.Equal(expected[t.Name], actual[t.Name]);
        }
    }

    [Fact]
    public void Sniffers_recognise_the_real_files()
    {
        Assert.True(TorchReader.LooksLikeTorchZip(Mlp("digits_mlp.pt")));
        Assert.True(TorchReader.LooksLikeTorchZip(SharedData.Data("digits_lenet/digits_lenet.pt")));
        Assert.False(TorchReader.LooksLikeTorchZip(Mlp("digits_mlp.npz")));
        Assert.False(TorchReader.LooksLikeTorchZip(Mlp("digits_mlp_legacy.pt")));
        Assert.False(TorchReader.LooksLikeTorchZip(Mlp("no-such-file.pt")));
        var legacy = File.ReadAllBytes(Mlp("digits_mlp_legacy.pt")).AsSpan(0, 64);
        Assert.True(TorchReader.LooksLikeLegacy(legacy));
        Assert.False(TorchReader.LooksLikeLegacy(File.ReadAllBytes(Mlp("digits_mlp.pt")).AsSpan(0, 64)));
        Assert.False(TorchReader.LooksLikeLegacyTar(legacy));
    }

    /// <summary>float → binary16, round to nearest even, written from first principles (not via Half).</summary>
    internal static double RoundToHalf(double x) => RoundTo(x, mantissaBits: 10, minExponent: -14, max: 65504);

    /// <summary>float → bfloat16, round to nearest even, written from first principles.</summary>
    internal static double RoundToBFloat16(double x) =>
        RoundTo(x, mantissaBits: 7, minExponent: -126, max: 3.3895313892515355e38);

    private static double RoundTo(double x, int mantissaBits, int minExponent, double max)
    {
        if (x == 0 || !double.IsFinite(x))
        {
            return x;
        }

        var a = Math.Abs(x);
        var quantum = Math.ScaleB(1.0, Math.Max(Math.ILogB(a), minExponent) - mantissaBits);
        var r = Math.Round(a / quantum, MidpointRounding.ToEven) * quantum;
        if (r > max)
        {
            r = double.PositiveInfinity;
        }

        return x < 0 ? -r : r;
    }
}
