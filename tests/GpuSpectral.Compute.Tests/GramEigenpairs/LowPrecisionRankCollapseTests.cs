using GpuSpectral.Core.Phases;
using GpuSpectral.TestSupport;

namespace GpuSpectral.Compute.Tests.GramEigenpairs;

/// <summary>
/// phases-of-training.md §4, "precision tests": an exact rank-r product A·Bᵀ built in float64 and stored in fp16 or
/// bf16 keeps its M − r zero singular values at ≈ 0.1·ε_store·s_max. With the storage-aware τ = ε_store the rank loss
/// is exact and the layer is RANK-COLLAPSE; with WeightWatcher's τ = N·ε₆₄ every zero is missed.
/// Eigenvalues come from the LAPACK Gram solver. float32 is not tested this way: the Gram squares the singular values,
/// so its round-off floor (|λ| ≈ n·ε₆₄·λmax, i.e. s ≈ 1e-7·s_max) is at ε₃₂·s_max, the very threshold; float32
/// rank loss needs SVD-grade small singular values (the shared fixtures' gesdd eigenvalues show it works there).
/// </summary>
public sealed class LowPrecisionRankCollapseTests
{
    private const int N = 200;
    private const int M = 100;
    private const int Rank = 10;

    [Theory]
    [InlineData("fp16")]
    [InlineData("bf16")]
    public void StoredLowRankProductCollapses(string format)
    {
        var a = SeededMatrices.Gaussian(N, Rank, seed: 41);
        var b = SeededMatrices.Gaussian(M, Rank, seed: 42);
        var w = new double[N * M];
        for (var i = 0; i < N; i++)
        {
            for (var j = 0; j < M; j++)
            {
                var s = 0.0;
                for (var k = 0; k < Rank; k++)
                {
                    s += a[(i * Rank) + k] * b[(j * Rank) + k];
                }

                w[(i * M) + j] = format == "fp16" ? (double)(Half)s : RoundToBFloat16(s);
            }
        }

        var epsilon = format == "fp16" ? RankLossFraction.Float16Epsilon : RankLossFraction.BFloat16Epsilon;
        var evals = Backends.Lapack(Compute.Interop.SyevDriver.Dsyevd).GramEigenvalues(w, N, M);

        var lost = RankLossFraction.Count([evals], N, epsilon);
        var lostWw = RankLossFraction.Count([evals], N, 0);

        Assert.Equal(M - Rank, lost);
        Assert.Equal(0, lostWw);
        var result = PhaseClassifier.Classify(new PhaseInputs
        {
            EigenvalueCount = M,
            Q = (double)N / M,
            SvMax = Math.Sqrt(evals[^1]),
            RankLossCount = lost,
            SigmaMp = double.NaN,          // no MP fit needed: P1 decides before P2
            NumSpikes = 0,
            LambdaPlusRescaled = double.NaN,
            LambdaMaxRescaled = double.NaN,
            MpSoftRank = double.NaN,
            PowerLawSucceeded = false,
            Alpha = double.NaN,
            D = double.NaN,
            NumTail = -1,
        });
        Assert.Equal(TrainingPhase.RankCollapse, result.Phase);
        Assert.Equal(TrainingPhase.Undetermined, result.NonZeroPartPhase); // M' = 10, but no MP fit was given
    }

    /// <summary>float64 → bfloat16 (round to nearest even on the float32 bits) → float64.</summary>
    private static double RoundToBFloat16(double x)
    {
        var bits = BitConverter.SingleToUInt32Bits((float)x);
        var rounded = (bits + 0x7FFFu + ((bits >> 16) & 1u)) & 0xFFFF0000u;
        return BitConverter.UInt32BitsToSingle(rounded);
    }
}
