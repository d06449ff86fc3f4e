using GpuSpectral.TestSupport;

namespace GpuSpectral.Engine.Tests.Compare;

/// <summary>Two small float64 checkpoints A and B in a temp folder, with seeded random weights.</summary>
internal sealed class CompareFixture : IDisposable
{
    public CompareFixture()
    {
        Dir = Directory.CreateTempSubdirectory("gpuspectral-compare-").FullName;
        PathA = Path.Combine(Dir, "a.safetensors");
        PathB = Path.Combine(Dir, "b.safetensors");
        TinySafeTensors.Write(PathA,
            ("l1.weight", [40, 16], L1A), ("l1.bias", [40], new double[40]), ("conv.weight", [16, 12, 3, 3], ConvA),
            ("t.weight", [12, 20], TA), ("only_a.weight", [20, 12], SeededMatrices.Gaussian(20, 12, 7)),
            ("mismatch.weight", [20, 12], SeededMatrices.Gaussian(20, 12, 8)));
        TinySafeTensors.Write(PathB,
            ("l1.weight", [40, 16], L1B), ("l1.bias", [40], new double[40]), ("conv.weight", [16, 12, 3, 3], ConvB),
            ("t.weight", [20, 12], TB), ("only_b.weight", [20, 12], SeededMatrices.Gaussian(20, 12, 9)),
            ("mismatch.weight", [22, 12], SeededMatrices.Gaussian(22, 12, 10)));
    }

    public string Dir { get; }

    public string PathA { get; }

    public string PathB { get; }

    public double[] L1A { get; } = SeededMatrices.Gaussian(40, 16, 1);

    public double[] L1B { get; } = SeededMatrices.Gaussian(40, 16, 2, scale: 0.5);

    public double[] ConvA { get; } = SeededMatrices.Gaussian(16, 12 * 9, 3);

    public double[] ConvB { get; } = SeededMatrices.Gaussian(16, 12 * 9, 4);

    /// <summary>t in A is 12×20; B stores the same layer as 20×12 (transposed).</summary>
    public double[] TA { get; } = SeededMatrices.Gaussian(12, 20, 5);

    public double[] TB { get; } = SeededMatrices.Gaussian(20, 12, 6);

    public void Dispose() => Directory.Delete(Dir, recursive: true);
}
