using System.Globalization;
using GpuSpectral.TestSupport;

namespace GpuSpectral.Cli.Tests;

/// <summary><c>gpuspectral compare BASE ADAPTER</c> with a PEFT LoRA adapter written for the tiny_llama fixture.</summary>
public sealed class CompareLoraCommandTests : IDisposable
{
    /// <summary>The CSV holds round-trip doubles; the reference sums 128² squares of 8-term products in another order.</summary>
    private const double RawRelative = 1e-12;

    private readonly string _dir = Directory.CreateTempSubdirectory("gpuspectral-compare-lora-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void AdapterOnTinyLlamaGivesOneLoraRowPerTargetedLayer()
    {
        const int R = 8, D = 128;
        var a = SeededMatrices.Gaussian(R, D, 41, scale: 0.1);
        var b = SeededMatrices.Gaussian(D, R, 42, scale: 0.1);
        CompareCheckpoints.Write(Path.Combine(_dir, "adapter_model.safetensors"),
            ("base_model.model.model.layers.0.self_attn.q_proj.lora_A.weight", R, D, a),
            ("base_model.model.model.layers.0.self_attn.q_proj.lora_B.weight", D, R, b));
        File.WriteAllText(Path.Combine(_dir, "adapter_config.json"),
            "{\"peft_type\": \"LORA\", \"r\": 8, \"lora_alpha\": 16, \"target_modules\": [\"q_proj\"]}");
        var csv = Path.Combine(_dir, "lora.csv");
        var r = CliProcess.Run("compare", SharedData.Fixture("tiny_llama"), _dir, "-o", csv, "-q");
        Assert.True(r.ExitCode == 0, r.Stderr);
        var lines = File.ReadAllLines(csv);
        Assert.Equal(2, lines.Length);
        var header = lines[0].Split(',');
        var row = header.Zip(lines[1].Split(',')).ToDictionary(p => p.First, p => p.Second);
        Assert.Equal("model.layers.0.self_attn.q_proj", row["name"]);
        Assert.Equal("lora", row["delta_source"]);
        Assert.Equal("8", row["lora_rank"]);
        Assert.Equal("2", row["lora_scaling"]);
        // ‖2·B·A‖_F computed with plain loops.
        double sum = 0;
        for (var i = 0; i < D; i++)
        {
            for (var j = 0; j < D; j++)
            {
                double p = 0;
                for (var k = 0; k < R; k++)
                {
                    p += b[(i * R) + k] * a[(k * D) + j];
                }

                sum += 4 * p * p;
            }
        }

        var raw = double.Parse(row["distance_raw"], CultureInfo.InvariantCulture);
        Assert.True(Tolerances.Close(raw, Math.Sqrt(sum), RawRelative), $"{raw} vs {Math.Sqrt(sum)}");
        // Every other weight of the base model is listed as not targeted.
        var skipped = File.ReadAllLines(Path.Combine(_dir, "lora_skipped.csv"));
        Assert.Contains(skipped, l => l.StartsWith("model.layers.0.self_attn.k_proj,", StringComparison.Ordinal)
            && l.EndsWith(",not targeted by the adapter", StringComparison.Ordinal));
    }
}
