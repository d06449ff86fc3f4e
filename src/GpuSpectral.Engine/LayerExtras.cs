using GpuSpectral.Compute.Cpu;
using GpuSpectral.Core.Fitting;
using GpuSpectral.Core.Metrics;
using GpuSpectral.Core.Phases;
using GpuSpectral.Core.Planning;
using GpuSpectral.Core.Results;
using GpuSpectral.Core.Spectral;
using GpuSpectral.Core.Spectral.Vectors;
using GpuSpectral.Core.Tensors;

namespace GpuSpectral.Engine;

/// <summary>
/// The analyses beyond the power-law fit, on one row's matrices: the Marchenko–Pastur fit, randomization, eigenvector
/// metrics, detX and the phase of training (weightwatcher-spec.md §b.5–§b.9, phases-of-training.md).
/// </summary>
internal static class LayerExtras
{
    /// <summary>One row's inputs.</summary>
    /// <param name="Plan">The layer.</param>
    /// <param name="SliceEvals">Eigenvalues per matrix (after the eigenvalue scale).</param>
    /// <param name="Evals">All eigenvalues, ascending.</param>
    /// <param name="Slices">The row's matrices, row-major SliceRows × SliceCols, as handed to the solver.</param>
    /// <param name="EvalScale">Factor applied to the solver's eigenvalues of <paramref name="Slices"/>.</param>
    /// <param name="Fit">The power-law fit.</param>
    internal sealed record Input(
        LayerPlan Plan, IReadOnlyList<double[]> SliceEvals, double[] Evals, Func<IReadOnlyList<double[]>> Slices,
        double EvalScale, PowerLawFit Fit);

    public static LayerResult Apply(LayerResult row, Input x, AnalysisOptions options, Func<double[], int, int, double[]> gramEigenvalues)
    {
        var ww = options.Compat == CompatMode.WeightWatcher;
        var plan = x.Plan;
        var mp = MarchenkoPastur.Fit(x.Evals, plan.Q, plan.M);
        RandomizationResult? random = null;
        if (options.Randomize)
        {
            random = Randomization.Run(
                x.Slices(), plan.SliceRows, plan.SliceCols, x.Evals, plan.Q, plan.M,
                numComponents: Math.Max(1, row.NumEvals), options.Seed,
                (m, r, c) => Scale(gramEigenvalues(m, r, c), x.EvalScale));
        }

        EigenvectorSpectrum? vectors = null;
        VectorSummary? vectorSummary = null;
        if (options.Vectors)
        {
            vectors = VectorSpectrum(x);
            var tail = x.Fit.Status == FitStatus.Success ? x.Fit.NumPlSpikes : 0;
            vectorSummary = VectorSummary.SummarizeByTailCount(vectors, tail);
        }

        var detX = options.DetX ? Core.Spectral.DetX.Compute(x.Evals) : null;
        var phase = PhaseClassifier.Classify(PhaseInputsOf(row, x, mp, random, detX));
        return row with
        {
            Fit = x.Fit,
            MarchenkoPastur = options.MpFit ? (mp.Succeeded || ww ? mp : WithoutWeightWatcherMinusOnes(mp)) : null,
            Randomization = random,
            RandomSeed = random is null ? null : options.Seed,
            Vectors = vectorSummary,
            VectorSpectrum = vectors,
            DetX = detX,
            DetXWeightWatcherNames = ww,
            Phase = phase,
        };
    }

    /// <summary>
    /// The rank-loss count the phase rules use: singular values ≤ τ·s_max with τ the larger of the storage epsilon
    /// (phases-of-training.md §0) and the resolution of a Gram eigensolver, sqrt(M·ε₆₄): below it a Gram-based
    /// solver cannot tell a singular value from zero.
    /// </summary>
    public static int PhaseRankLoss(LayerPlan plan, IReadOnlyList<double[]> sliceEvals)
    {
        var store = plan.Tensor.DType switch
        {
            DType.F32 => RankLossFraction.Float32Epsilon,
            DType.F16 => RankLossFraction.Float16Epsilon,
            DType.BF16 => RankLossFraction.BFloat16Epsilon,
            // E4M3 has 3 mantissa bits (ε = 2⁻³); E5M2's 2⁻² is coarser still, so this undercounts there, never over.
            DType.F8E4M3 or DType.F8E5M2 => 0.125,
            _ => RankLossFraction.Float64Epsilon,
        };
        var gramResolution = Math.Sqrt(Math.Max(1, plan.M) * RankLossFraction.Float64Epsilon);
        return RankLossFraction.Count(sliceEvals, plan.N, Math.Max(store, gramResolution));
    }

    private static PhaseInputs PhaseInputsOf(
        LayerResult row, Input x, MarchenkoPasturFit mp, RandomizationResult? random, DetX? detX) => new()
    {
        EigenvalueCount = row.NumEvals,
        Q = row.Q,
        SvMax = row.SvMax,
        RankLossCount = PhaseRankLoss(x.Plan, x.SliceEvals),
        SigmaMp = mp.Succeeded ? mp.SigmaMp : double.NaN,
        NumSpikes = mp.Succeeded ? mp.NumSpikes : 0,
        LambdaPlusRescaled = mp.RescaledBulkMax,
        LambdaMaxRescaled = mp.RescaledLambdaMax,
        MpSoftRank = mp.Succeeded ? mp.MpSoftRank : double.NaN,
        PowerLawSucceeded = x.Fit.Status == FitStatus.Success,
        Alpha = x.Fit.Status == FitStatus.Success ? x.Fit.Alpha : double.NaN,
        D = x.Fit.Status == FitStatus.Success ? x.Fit.D : double.NaN,
        NumTail = x.Fit.Status == FitStatus.Success ? x.Fit.NumPlSpikes : 0,
        RandNumSpikes = random?.RandomFit.Succeeded == true ? random.RandomFit.NumSpikes : null,
        DetXNum = detX?.Num,
        DeltaLambdaMin = detX is not null && x.Fit.Status == FitStatus.Success ? detX.DeltaLambdaMin(x.Fit.Xmin) : null,
    };

    private static EigenvectorSpectrum VectorSpectrum(Input x)
    {
        var solver = GramEigenpairs.DefaultSolver();
        var parts = new List<EigenvectorSpectrum>();
        int rows = x.Plan.SliceRows, cols = x.Plan.SliceCols;
        foreach (var m in x.Slices())
        {
            // WeightWatcher takes X = W·Wᵀ when rows ≤ cols: for a square matrix that is the Gram of the rows, so
            // the transpose goes in (the eigenvalues are the same, the vectors are W's left singular vectors).
            var pairs = rows == cols
                ? GramEigenpairs.Compute(solver, MatrixLayout.Transpose(m, rows, cols), cols, rows)
                : GramEigenpairs.Compute(solver, m, rows, cols);
            parts.Add(EigenvectorSpectrum.FromEigenpairs(Scale(pairs.Values, x.EvalScale), pairs.Vectors, pairs.N));
        }

        return parts.Count == 1 ? parts[0] : EigenvectorSpectrum.Concat(parts);
    }

    private static MarchenkoPasturFit WithoutWeightWatcherMinusOnes(MarchenkoPasturFit f) => f with
    {
        SigmaMp = double.NaN, MpSoftRank = double.NaN, WScale = double.NaN, BulkMax = double.NaN, BulkMin = double.NaN,
    };

    private static double[] Scale(double[] values, double scale)
    {
        for (var i = 0; i < values.Length; i++)
        {
            values[i] = Math.Max(values[i], 0.0) * scale;
        }

        return values;
    }
}
