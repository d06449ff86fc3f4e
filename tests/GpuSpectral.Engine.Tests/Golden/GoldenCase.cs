using GpuSpectral.TestSupport;

namespace GpuSpectral.Engine.Tests.Golden;

/// <summary>An input checkpoint and the WeightWatcher results shipped beside it.</summary>
public sealed record GoldenCase(string Name, string InputPath, string ExpectedPrefix)
{
    public string DetailsCsv => ExpectedPrefix + "_details_default.csv";

    public string SummaryCsv => ExpectedPrefix + "_summary_default.csv";

    public string EvalsNpz => ExpectedPrefix + "_evals.npz";

    public override string ToString() => Name;

    /// <summary>Every input of shared/ that has WeightWatcher results beside it.</summary>
    public static IReadOnlyList<GoldenCase> All { get; } =
    [
        Fixture("gaussian", "gaussian.npz"),
        Fixture("heavy_tailed", "heavy_tailed.npz"),
        Fixture("spikes", "spikes.npz"),
        Fixture("conv2d", "conv2d.npz"),
        Fixture("mixed", "mixed.safetensors"),
        Fixture("tiny_llama", "tiny_llama"),
        new("digits_mlp.npz", SharedData.Data("digits_mlp/digits_mlp.npz"),
            SharedData.Data("digits_mlp/expected_digits_mlp")),
        new("digits_mlp.safetensors", SharedData.Data("digits_mlp/digits_mlp.safetensors"),
            SharedData.Data("digits_mlp/expected_digits_mlp")),
        new("digits_lenet.safetensors", SharedData.Data("digits_lenet/digits_lenet.safetensors"),
            SharedData.Data("digits_lenet/expected_digits_lenet")),
        Data("digits_mlp.pt", "digits_mlp/digits_mlp.pt", "digits_mlp/expected_digits_mlp"),
        Data("digits_mlp_legacy.pt", "digits_mlp/digits_mlp_legacy.pt", "digits_mlp/expected_digits_mlp"),
        Data("digits_mlp_fp16.pt", "digits_mlp/digits_mlp_fp16.pt", "digits_mlp/expected_digits_mlp_fp16"),
        Data("digits_mlp_bf16.pt", "digits_mlp/digits_mlp_bf16.pt", "digits_mlp/expected_digits_mlp_bf16"),
        Data("digits_lenet.pt", "digits_lenet/digits_lenet.pt", "digits_lenet/expected_digits_lenet"),
        Data("ppocr.onnx", "ppocr/ch_PP-OCRv4_rec_infer.onnx", "ppocr/expected_ppocr_rec"),
    ];

    public static TheoryData<string, string> WithBackends()
    {
        var data = new TheoryData<string, string>();
        foreach (var c in All)
        {
            data.Add(c.Name, "lapack");
            data.Add(c.Name, "managed");
        }

        return data;
    }

    public static GoldenCase Named(string name) => All.Single(c => c.Name == name);

    private static GoldenCase Data(string name, string input, string expectedPrefix) =>
        new(name, SharedData.Data(input), SharedData.Data(expectedPrefix));

    private static GoldenCase Fixture(string name, string input) =>
        new(name, SharedData.Fixture(input), SharedData.Fixture("expected_" + name));
}
