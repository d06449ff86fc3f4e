using System.Buffers.Binary;
using System.Globalization;
using System.Text;
using GpuSpectral.Checkpoints.Numpy;
using GpuSpectral.Checkpoints.Onnx;
using GpuSpectral.Checkpoints.Tests.Support;
using GpuSpectral.Core.Tensors;
using GpuSpectral.TestSupport;
using static GpuSpectral.Checkpoints.Tests.Onnx.OnnxWriter;
using static GpuSpectral.Checkpoints.Tests.Support.ReaderAssert;

namespace GpuSpectral.Checkpoints.Tests.Onnx;

public sealed class OnnxReaderTests
{
    [Fact]
    public void Sample_lists_consumed_float_weights_in_consumer_order_with_hints()
    {
        using var dir = new TempDir();
        var path = dir.Write("m.onnx", Sample());
        using var r = new OnnxReader(path);
        Assert.Equal("onnx", r.FormatName);
        Assert.Equal(8, r.IrVersion);
        Assert.Equal(13, r.OpsetVersion);
        string[] names =
        [
            "emb", "conv_w", "dw_w", "gemm_b16", "gemm_bf16", "mm_w", "const_w", "lstm_w", "lstm_r", "then_w",
            "else_w",
        ];
        Assert.Equal(names, r.Tensors.Select(t => t.Name));
        var k = r.Tensors.ToDictionary(t => t.Name);
        Assert.Equal((LayerKindHint.Embedding, DType.F32), (k["emb"].KindHint, k["emb"].DType));
        Assert.Equal((LayerKindHint.Conv2D, WeightLayout.PyTorch), (k["conv_w"].KindHint, k["conv_w"].Layout));
        Assert.Equal(LayerKindHint.DepthwiseConv, k["dw_w"].KindHint);
        Assert.Equal((LayerKindHint.Dense, WeightLayout.Keras, DType.F16),
            (k["gemm_b16"].KindHint, k["gemm_b16"].Layout, k["gemm_b16"].DType));
        Assert.Equal((LayerKindHint.Dense, WeightLayout.PyTorch, DType.BF16),
            (k["gemm_bf16"].KindHint, k["gemm_bf16"].Layout, k["gemm_bf16"].DType));
        Assert.Equal((WeightLayout.Keras, DType.F64), (k["mm_w"].Layout, k["mm_w"].DType));
        Assert.Equal((LayerKindHint.Dense, WeightLayout.PyTorch), (k["const_w"].KindHint, k["const_w"].Layout));
        Assert.Equal([1L, 8, 3], k["lstm_w"].Shape);
        Assert.Equal(LayerKindHint.Recurrent, k["lstm_r"].KindHint);
        Assert.Equal(WeightLayout.Keras, k["then_w"].Layout);
        Assert.Equal(WeightLayout.PyTorch, k["else_w"].Layout);
        Assert.All(r.Tensors, t => Assert.Equal(path, t.SourceFile));
        Assert.Equal(288, k["conv_w"].ByteLength);

        Assert.Equal(Enumerable.Range(0, 72).Select(i => (i - 36) / 8.0), Read(r, "conv_w"));
        Assert.Equal(Enumerable.Range(0, 36).Select(i => i * 0.25), Read(r, "dw_w"));
        Assert.Equal([1, -2, 0.5, 0, double.PositiveInfinity, 3], Read(r, "gemm_b16"));
        Assert.Equal([1, -2, 0.5, 0, 3, -1], Read(r, "gemm_bf16"));
        Assert.Equal([1.5, -2.25, 3.125, 1e-300, -0.0, 42], Read(r, "mm_w"));
        Assert.Equal([6.0, 5, 4, 3, 2, 1], Read(r, "const_w"));
        Assert.Equal(Enumerable.Range(0, 16).Select(i => (double)-i), Read(r, "lstm_r"));
        Assert.Equal([1.0, 0, 0, 1], Read(r, "then_w"));
        Assert.Equal([2.0, 0, 0, 2], Read(r, "else_w"));
    }

    [Fact]
    public void Other_consumers_give_their_hints()
    {
        var model = Model(Graph(
            [
                Node("Conv", ["x", "c1"], ["a"]),
                Node("ConvTranspose", ["a", "ct"], ["b"], AttrInt("group", 1)),
                Node("Gather", ["v1", "ids"], ["c"]),
                Node("GRU", ["c", "gw", "gr"], ["d"]),
                Node("RNN", ["d", "gw", "rr"], ["e"]),
                Node("Gemm", ["e", "gb"], ["f"]),
                Node("Conv", ["f", "custom"], ["g"]).String(7, "com.example"),
            ],
            [
                RawF32("c1", [2, 1, 3], 1, 2, 3, 4, 5, 6), RawF32("ct", [1, 1, 1, 1], 1), RawF32("v1", [3], 1, 2, 3),
                RawF32("gw", [1, 3, 1], 1, 2, 3), RawF32("gr", [1, 3, 1], 1, 2, 3), RawF32("rr", [1, 1, 1], 1),
                RawF32("gb", [1, 1], 1), RawF32("custom", [1, 1, 1], 1),
            ]));
        using var dir = new TempDir();
        using var r = new OnnxReader(dir.Write("o.onnx", model));
        Assert.Equal(["c1", "ct", "gw", "gr", "rr", "gb"], r.Tensors.Select(t => t.Name));
        Assert.Equal(
            [
                LayerKindHint.Conv1D, LayerKindHint.ConvTranspose, LayerKindHint.Recurrent, LayerKindHint.Recurrent,
                LayerKindHint.Recurrent, LayerKindHint.Dense,
            ],
            r.Tensors.Select(t => t.KindHint));
        Assert.Equal(WeightLayout.Keras, r.Tensors[^1].Layout);
    }

    [Fact]
    public void Read_rejects_foreign_tensor_and_short_destination()
    {
        using var dir = new TempDir();
        using var r = new OnnxReader(dir.Write("m.onnx", Sample()));
        var foreign = new TensorInfo("conv_w", DType.F32, [4, 2, 3, 3], 288, "x");
        Assert.Throws<ArgumentException>(() => r.ReadAsDouble(foreign, new double[72]));
        Assert.Throws<ArgumentException>(() => r.ReadAsDouble(r.Tensors[1], new double[71]));
    }

    [Fact]
    public void Unpacked_and_packed_dims_and_empty_tensor()
    {
        var dims = new Pb().WriteVarint(2).WriteVarint(0);
        var t = new Pb().Message(1, dims).Varint(2, Float).String(8, "w");
        var model = Model(Graph([Node("MatMul", ["x", "w"], ["y"])], [t]));
        using var dir = new TempDir();
        using var r = new OnnxReader(dir.Write("e.onnx", model));
        Assert.Equal([2L, 0], r.Tensors.Single().Shape);
        r.ReadAsDouble(r.Tensors[0], Span<double>.Empty);
    }

    [Fact]
    public void External_data_is_read_from_a_relative_file_inside_the_folder()
    {
        using var dir = new TempDir();
        var sub = dir.SubDir("weights");
        var payload = new byte[4096 + 24];
        F32Bytes(1, 2, 3, 4, 5, 6).CopyTo(payload, 4096);
        File.WriteAllBytes(Path.Combine(sub, "w.bin"), payload);
        var t = External("w", Float, [2, 3], ("location", "weights/w.bin"), ("offset", "4096"), ("length", "24"),
            ("checksum", "abc"));
        var path = dir.Write("x.onnx", Model(Graph([Node("MatMul", ["x", "w"], ["y"])], [t])));
        using var r = new OnnxReader(path);
        var w = r.Tensors.Single();
        Assert.Equal(Path.Combine(sub, "w.bin"), w.SourceFile);
        Assert.Equal([1.0, 2, 3, 4, 5, 6], Read(r, "w"));
    }

    [Fact]
    public void LooksLikeOnnx_goes_by_extension()
    {
        Assert.True(OnnxReader.LooksLikeOnnx("/a/b/model.ONNX"));
        Assert.False(OnnxReader.LooksLikeOnnx("/a/b/model.onnx.data"));
        Assert.False(OnnxReader.LooksLikeOnnx("/a/b/model.pb"));
    }

    private sealed record Row(string Key, string Op, long[] Shape, int? Group);

    private static List<Row> PpocrRows()
    {
        var lines = File.ReadAllLines(SharedData.Data("ppocr/names.csv"));
        var head = lines[0].Split(',');
        int Col(string n) => Array.IndexOf(head, n);
        return lines.Skip(1).Where(l => l.Length > 0).Select(l => l.Split(',')).Select(c => new Row(
            c[Col("npz_key")],
            c[Col("consumer_op")],
            c[Col("onnx_shape")].Split('x').Select(s => long.Parse(s, CultureInfo.InvariantCulture)).ToArray(),
            c[Col("conv_group")].Length == 0 ? null : int.Parse(c[Col("conv_group")], CultureInfo.InvariantCulture)))
            .ToList();
    }

    [Fact]
    public void Ppocr_lists_exactly_the_47_weights_of_names_csv()
    {
        var rows = PpocrRows();
        Assert.Equal(47, rows.Count);
        using var r = new OnnxReader(SharedData.Data("ppocr/ch_PP-OCRv4_rec_infer.onnx"));
        Assert.Equal(rows.Select(x => x.Key), r.Tensors.Select(t => t.Name));
        foreach (var (row, t) in rows.Zip(r.Tensors))
        {
            Assert.Equal(row.Shape, t.Shape);
            Assert.Equal(DType.F32, t.DType);
            Assert.Null(t.FormatDType);
            var expected = row.Op == "MatMul" ? LayerKindHint.Dense
                : row.Group > 1 && row.Group == row.Shape[0] ? LayerKindHint.DepthwiseConv
                : LayerKindHint.Conv2D;
            Assert.Equal(expected, t.KindHint);
            Assert.Equal(row.Op == "MatMul" ? WeightLayout.Keras : WeightLayout.PyTorch, t.Layout);
        }

        Assert.Equal(14, r.Tensors.Count(t => t.KindHint == LayerKindHint.DepthwiseConv));
    }

    [Fact]
    public void Ppocr_values_match_an_independent_decode_of_the_same_bytes()
    {
        var path = SharedData.Data("ppocr/ch_PP-OCRv4_rec_infer.onnx");
        var bytes = File.ReadAllBytes(path);
        using var r = new OnnxReader(path);
        var checkedCount = 0;
        foreach (var t in r.Tensors)
        {
            // In this file each Constant's TensorProto ends with name (field 8) then raw_data (field 9).
            var name = Encoding.UTF8.GetBytes(t.Name);
            var pattern = new List<byte> { 0x42 };
            pattern.AddRange(Varint(name.Length));
            pattern.AddRange(name);
            pattern.Add(0x4A);
            pattern.AddRange(Varint((int)t.ByteLength));
            var at = bytes.AsSpan().IndexOf(pattern.ToArray());
            Assert.True(at > 0, t.Name);
            Assert.Equal(-1, bytes.AsSpan(at + 1).IndexOf(pattern.ToArray()));
            var start = at + pattern.Count;
            var v = new double[t.ElementCount];
            r.ReadAsDouble(t, v);
            for (var i = 0; i < v.Length; i++)
            {
                Assert.Equal(BinaryPrimitives.ReadSingleLittleEndian(bytes.AsSpan(start + (4 * i))), v[i]);
            }

            checkedCount++;
        }

        Assert.Equal(47, checkedCount);
    }

    private static byte[] Varint(int v)
    {
        var p = new Pb().WriteVarint((ulong)v);
        return p.ToArray();
    }

    [Fact]
    public void Ppocr_frobenius_norms_match_the_reference_eigenvalue_sums()
    {
        using var r = new OnnxReader(SharedData.Data("ppocr/ch_PP-OCRv4_rec_infer.onnx"));
        using var evals = new NpzReader(SharedData.Data("ppocr/expected_ppocr_rec_evals.npz"));
        Assert.Equal(41, evals.Tensors.Count);
        foreach (var e in evals.Tensors)
        {
            var colon = e.Name.IndexOf(':', StringComparison.Ordinal);
            var layerId = int.Parse(e.Name[..colon], CultureInfo.InvariantCulture);
            var name = e.Name[(colon + 1)..];
            var t = r.Tensors[layerId - 1];
            Assert.Equal(name, t.Name);
            var lambda = new double[e.ElementCount];
            evals.ReadAsDouble(e, lambda);
            var w = new double[t.ElementCount];
            r.ReadAsDouble(t, w);
            var frob = w.Sum(x => x * x);
            var scale = t.KindHint == LayerKindHint.Dense ? 1.0 : 0.5;
            Assert.Equal(scale * frob, lambda.Sum(), 1e-6 * frob);
        }
    }
}
