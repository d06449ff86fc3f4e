using GpuSpectral.Compute;
using GpuSpectral.Core.Errors;
using GpuSpectral.Engine.Compare;
using GpuSpectral.TestSupport;
using static GpuSpectral.Engine.Tests.Compare.PlainReference;

namespace GpuSpectral.Engine.Tests.Compare;

/// <summary>
/// A base model against a PEFT LoRA adapter: ΔW against an explicitly formed scaling·B·A, the name rule, the
/// scaling from adapter_config.json (and without it), and the skip rules.
/// </summary>
public sealed class LoraCompareTests : IDisposable
{
    private const string Prefix = "base_model.model.";
    private readonly string _dir = Directory.CreateTempSubdirectory("gpuspectral-lora-").FullName;
    private readonly double[] _q = SeededMatrices.Gaussian(32, 20, 21);
    private readonly double[] _v = SeededMatrices.Gaussian(32, 20, 22);
    private readonly double[] _qA = SeededMatrices.Gaussian(4, 20, 23);
    private readonly double[] _qB = SeededMatrices.Gaussian(32, 4, 24);
    private readonly double[] _embA = SeededMatrices.Gaussian(4, 50, 25);
    private readonly double[] _embB = SeededMatrices.Gaussian(16, 4, 26);
    private readonly IEigenBackend _lapack = EigenBackends.Create(EigenBackendKind.Lapack, null);

    public LoraCompareTests()
    {
        BasePath = Path.Combine(_dir, "base.safetensors");
        TinySafeTensors.Write(BasePath,
            ("model.layers.0.q_proj.weight", [32, 20], _q), ("model.layers.0.v_proj.weight", [32, 20], _v),
            ("model.embed.weight", [50, 16], SeededMatrices.Gaussian(50, 16, 27)));
        AdapterDir = Path.Combine(_dir, "adapter");
        Directory.CreateDirectory(AdapterDir);
        TinySafeTensors.Write(Path.Combine(AdapterDir, "adapter_model.safetensors"),
            (Prefix + "model.layers.0.q_proj.lora_A.weight", [4, 20], _qA),
            (Prefix + "model.layers.0.q_proj.lora_B.weight", [32, 4], _qB),
            (Prefix + "model.embed.lora_embedding_A", [4, 50], _embA),
            (Prefix + "model.embed.lora_embedding_B", [16, 4], _embB),
            (Prefix + "model.layers.0.k_proj.lora_A.weight", [4, 20], SeededMatrices.Gaussian(4, 20, 28)));
    }

    private string BasePath { get; }

    private string AdapterDir { get; }

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void DeltaIsScalingTimesBTimesAWithScalingFromTheConfig()
    {
        WriteConfig("{\"r\": 4, \"lora_alpha\": 8, \"target_modules\": [\"q_proj\"]}");
        var report = ComparerTests.Run(BasePath, AdapterDir);
        Assert.Equal("B", report.AdapterSide);
        Assert.Contains("lora_alpha/r", report.ScalingSource, StringComparison.Ordinal);
        var row = report.Rows.Single(r => r.Delta.Name == "model.layers.0.q_proj");
        Assert.Equal(DeltaSource.Lora, row.Source);
        Assert.Equal(2.0, row.LoraScaling); // lora_alpha / r = 8 / 4
        Assert.Equal(4, row.LoraRank);
        var w = Matrix(_q, 32, 20);
        var ba = Multiply(Matrix(_qB, 32, 4), Matrix(_qA, 4, 20));
        var adapted = Add(w, ba, 2.0);
        AssertLora(row, w, adapted, Add(new double[32, 20], ba, 2.0));
    }

    [Fact]
    public void WithoutAConfigTheScalingIsOneAndTheReportSaysSo()
    {
        var report = ComparerTests.Run(AdapterDir, BasePath);
        Assert.Equal("A", report.AdapterSide);
        Assert.StartsWith("no adapter_config.json", report.ScalingSource, StringComparison.Ordinal);
        var row = report.Rows.Single(r => r.Delta.Name == "model.layers.0.q_proj");
        Assert.Equal(1.0, row.LoraScaling);
        var w = Matrix(_q, 32, 20);
        var ba = Multiply(Matrix(_qB, 32, 4), Matrix(_qA, 4, 20));
        AssertLora(row, Add(w, ba, 1.0), w, ba);
    }

    [Fact]
    public void AGivenScalingOverridesTheConfig()
    {
        WriteConfig("{\"r\": 4, \"lora_alpha\": 8}");
        var report = ComparerTests.Run(BasePath, AdapterDir, new CompareOptions { LoraScaling = 0.25 });
        Assert.All(report.Rows, r => Assert.Equal(0.25, r.LoraScaling));
    }

    [Fact]
    public void RsLoraAndAlphaPatternFollowPeft()
    {
        WriteConfig("{\"r\": 4, \"lora_alpha\": 8, \"use_rslora\": true, \"alpha_pattern\": {\"embed\": 2}}");
        var rows = ComparerTests.Run(BasePath, AdapterDir).Rows.ToDictionary(r => r.Delta.Name);
        Assert.Equal(8 / Math.Sqrt(4), rows["model.layers.0.q_proj"].LoraScaling);
        Assert.Equal(2 / Math.Sqrt(4), rows["model.embed"].LoraScaling);
    }

    [Fact]
    public void EmbeddingAdaptersUseTheTransposeOfBA()
    {
        var row = ComparerTests.Run(BasePath, AdapterDir).Rows.Single(r => r.Delta.Name == "model.embed");
        var delta = Transpose(Multiply(Matrix(_embB, 16, 4), Matrix(_embA, 4, 50)));
        AssertEvalsOf(delta, row);
        ComparerTests.AssertClose(Frobenius(delta), row.Distances.Raw, "raw");
    }

    [Fact]
    public void UntargetedLayersAndLoneFactorsAreReportedAsSkipped()
    {
        var report = ComparerTests.Run(BasePath, AdapterDir);
        Assert.Equal(["model.layers.0.q_proj", "model.embed"], report.Rows.Select(r => r.Delta.Name));
        var skips = report.Skipped.ToDictionary(s => s.Name);
        Assert.Equal("not targeted by the adapter", skips["model.layers.0.v_proj"].Reason);
        Assert.Equal("LoRA module model.layers.0.k_proj has no lora_B tensor", skips["model.layers.0.k_proj"].Reason);
    }

    [Fact]
    public void TwoAdaptersAreRefused()
    {
        var e = Assert.Throws<ArgumentException>(() => ComparerTests.Run(AdapterDir, AdapterDir));
        Assert.Contains("both", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AMalformedConfigNamesTheFile()
    {
        WriteConfig("{\"r\": 4, \"lora_alpha\": ");
        var e = Assert.Throws<CheckpointFormatException>(() => ComparerTests.Run(BasePath, AdapterDir));
        Assert.Contains("adapter_config.json", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("base_model.model.model.layers.0.self_attn.q_proj.lora_A.weight", "model.layers.0.self_attn.q_proj", 'A')]
    [InlineData("base_model.model.encoder.fc.lora_B.default.weight", "encoder.fc", 'B')]
    [InlineData("transformer.h.0.attn.c_attn.lora_A.weight", "transformer.h.0.attn.c_attn", 'A')]
    [InlineData("base_model.model.embed_tokens.lora_embedding_B", "embed_tokens", 'B')]
    public void PeftNamesMapToTheirModule(string tensor, string module, char factor)
    {
        var parsed = PeftAdapter.Parse(tensor);
        Assert.NotNull(parsed);
        Assert.Equal(module, parsed.Value.Module);
        Assert.Equal(factor, parsed.Value.Factor);
    }

    [Theory]
    [InlineData("model.layers.0.q_proj.weight")]
    [InlineData("base_model.model.lm_head.modules_to_save.default.weight")]
    [InlineData("x.lora_A.a.b.weight")]
    public void OtherNamesAreNotLoraFactors(string tensor) => Assert.Null(PeftAdapter.Parse(tensor));

    private void WriteConfig(string json) => File.WriteAllText(Path.Combine(AdapterDir, "adapter_config.json"), json);

    /// <summary>Distances between W_A and W_B, and ΔW's eigenvalues, against the explicit matrices.</summary>
    private void AssertLora(CompareRow row, double[,] a, double[,] b, double[,] delta)
    {
        ComparerTests.AssertClose(Frobenius(delta), row.Distances.Raw, "raw");
        ComparerTests.AssertClose(Frobenius(delta), row.Distances.Euclidean, "euclidean");
        ComparerTests.AssertClose(Cka(a, b), row.Distances.Cka, "cka");
        AssertEvalsOf(delta, row);
    }

    private void AssertEvalsOf(double[,] delta, CompareRow row) =>
        ComparerTests.AssertEvals(_lapack.GramEigenvalues(Flat(delta), delta.GetLength(0), delta.GetLength(1)), row.Delta.Evals);
}
