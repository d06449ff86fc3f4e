using GpuSpectral.TestSupport;

namespace GpuSpectral.Engine.Tests.Golden;

/// <summary>An input checkpoint and the WeightWatcher results shipped beside it.</summary>
public sealed record GoldenCase(string Name, string InputPath, string ExpectedPrefix)
{
    public string DetailsCsv => ExpectedPrefix + "_details_default.csv";

    public string SummaryCsv => ExpectedPrefix + "_summary_default.csv";

    public string EvalsNpz => ExpectedPrefix + "_evals.npz";

    public override string ToString() => Name;

    /// <summary>Every input of shared/ that our readers handle (the .pt and .onnx ones come with issue 5).</summary>
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

    private static GoldenCase Fixture(string name, string input) =>
        new(name, SharedData.Fixture(input), SharedData.Fixture("expected_" + name));
}
