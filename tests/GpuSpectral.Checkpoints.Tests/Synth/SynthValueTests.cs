using GpuSpectral.Checkpoints.Synth;
using GpuSpectral.Checkpoints.Tests.Support;
using GpuSpectral.Core.Tensors;

namespace GpuSpectral.Checkpoints.Tests.Synth;

public sealed class SynthValueTests
{
    // Student-t with ν < 4 has unbounded fourth moment, so one matrix's sample std wanders; the median over all
    // matrices of a checkpoint is within 10% of the target for these sizes (≥ 40k elements each).
    private const double StdRelativeTolerance = 0.10;

    // The norm scales are 1 + 0.02·N(0,1) over ≥ 128 elements: their mean is within 4 standard errors of 1.
    private const double NormMeanTolerance = 4 * 0.02 / 11.3;

    private static (ICheckpointReader Reader, TempDir Dir) Write(SynthArchitecture arch, DType dtype, int layers)
    {
        var dir = new TempDir();
        SynthCheckpointWriter.Write(dir.Path, new SynthOptions
        {
            Architecture = arch, Scale = 1.0 / 16, Layers = layers, DType = dtype, Seed = 7,
        });
        return (CheckpointOpener.Open(dir.Path), dir);
    }

    private static (double Std, double Kurtosis, double Mean) Moments(double[] x)
    {
        var mean = x.Average();
        double m2 = 0, m4 = 0;
        foreach (var v in x)
        {
            var d = (v - mean) * (v - mean);
            m2 += d;
            m4 += d * d;
        }

        m2 /= x.Length;
        m4 /= x.Length;
        return (Math.Sqrt(m2), m4 / (m2 * m2), mean);
    }

    [Theory]
    [InlineData(SynthArchitecture.Llama7B, DType.BF16)]
    [InlineData(SynthArchitecture.Gpt2, DType.F32)]
    [InlineData(SynthArchitecture.Mistral7B, DType.F16)]
    public void Matrices_have_std_near_002_and_heavy_tails_and_norms_sit_near_one(SynthArchitecture arch, DType dtype)
    {
        var (reader, dir) = Write(arch, dtype, layers: 4);
        using var _ = dir;
        using var __ = reader;
        var stds = new List<double>();
        foreach (var t in reader.Tensors)
        {
            Assert.Equal(dtype, t.DType);
            var x = new double[t.ElementCount];
            reader.ReadAsDouble(t, x);
            Assert.All(x, v => Assert.True(double.IsFinite(v)));
            var (std, kurtosis, mean) = Moments(x);
            if (t.Rank == 2)
            {
                stds.Add(std);
                Assert.True(kurtosis > 3, $"{t.Name}: kurtosis {kurtosis:F2} is not heavy-tailed");
            }
            else if (t.Name.EndsWith(".weight", StringComparison.Ordinal))
            {
                Assert.True(Math.Abs(mean - 1) < NormMeanTolerance, $"{t.Name}: mean {mean}");
            }
        }

        stds.Sort();
        var median = stds[stds.Count / 2];
        Assert.True(Math.Abs(median / SynthWeights.TargetStd - 1) < StdRelativeTolerance, $"median std {median}");
    }

    [Fact]
    public void Tails_are_heavier_in_the_first_blocks_than_in_the_last()
    {
        // ν rises from ≈ 2.5 (block 0) to ≈ 6.5 (last block): population kurtosis ∞ vs 3 + 6/(ν − 4) ≈ 5.4.
        var (reader, dir) = Write(SynthArchitecture.Llama7B, DType.F32, layers: 8);
        using var _ = dir;
        using var __ = reader;
        double Kurtosis(int layer)
        {
            var ks = new List<double>();
            foreach (var t in reader.Tensors.Where(t => t.Rank == 2 && t.Name.StartsWith($"model.layers.{layer}.",
                         StringComparison.Ordinal)))
            {
                var x = new double[t.ElementCount];
                reader.ReadAsDouble(t, x);
                ks.Add(Moments(x).Kurtosis);
            }

            return ks.Average();
        }

        Assert.True(Kurtosis(0) > Kurtosis(7) + 1, $"kurtosis block 0 {Kurtosis(0):F2}, block 7 {Kurtosis(7):F2}");
        Assert.InRange(SynthWeights.DegreesOfFreedom(7, 0, 8), 2.25, 2.75);
        Assert.InRange(SynthWeights.DegreesOfFreedom(7, 7, 8), 6.25, 6.75);
    }

    [Fact]
    public void Planted_low_rank_part_puts_top_singular_values_above_the_bulk()
    {
        // Power iteration on XᵀX of one 2-D matrix: the largest singular value of a pure noise matrix with element
        // std σ is ≈ σ(√m + √n); the planted one is 3× the bulk edge (capped at 20% of the variance).
        var (reader, dir) = Write(SynthArchitecture.Llama7B, DType.F32, layers: 1);
        using var _ = dir;
        using var __ = reader;
        var t = reader.Tensors.Single(t => t.Name == "model.layers.0.mlp.down_proj.weight");
        int m = (int)t.Shape[0], n = (int)t.Shape[1];
        var w = new double[m * n];
        reader.ReadAsDouble(t, w);
        var v = Enumerable.Repeat(1.0 / Math.Sqrt(n), n).ToArray();
        double sigma = 0;
        for (var it = 0; it < 60; it++)
        {
            var u = new double[m];
            for (var i = 0; i < m; i++)
            {
                for (var j = 0; j < n; j++)
                {
                    u[i] += w[i * n + j] * v[j];
                }
            }

            var next = new double[n];
            for (var i = 0; i < m; i++)
            {
                for (var j = 0; j < n; j++)
                {
                    next[j] += w[i * n + j] * u[i];
                }
            }

            var norm = Math.Sqrt(next.Sum(x => x * x));
            sigma = Math.Sqrt(norm);
            v = next.Select(x => x / norm).ToArray();
        }

        var bulkEdge = Moments(w).Std * (Math.Sqrt(m) + Math.Sqrt(n));
        Assert.True(sigma > 1.5 * bulkEdge, $"top singular value {sigma} vs bulk edge {bulkEdge}");
    }
}
