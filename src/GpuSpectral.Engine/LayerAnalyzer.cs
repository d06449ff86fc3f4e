using GpuSpectral.Compute;
using GpuSpectral.Core.Fitting;
using GpuSpectral.Core.Metrics;
using GpuSpectral.Core.Planning;
using GpuSpectral.Core.Results;

namespace GpuSpectral.Engine;

/// <summary>
/// The per-layer pipeline on already decoded weights: slices → normalisation → Gram eigenvalues → power-law fit →
/// metrics. Holds one reusable slice buffer; not thread-safe.
/// </summary>
public sealed class LayerAnalyzer(IEigenBackend backend, AnalysisOptions options)
{
    private double[] _slice = [];

    /// <summary>Analyses one layer pooled: all of its slices' eigenvalues form one ESD.</summary>
    /// <param name="plan">An analysed (not skipped) plan.</param>
    /// <param name="tensor">The whole tensor, decoded to float64 in C order. Not modified.</param>
    /// <returns>The output row, eigenvalues included.</returns>
    /// <exception cref="ArithmeticException">The eigen solver failed.</exception>
    public LayerResult Analyze(LayerPlan plan, ReadOnlySpan<double> tensor)
    {
        RequireAnalysed(plan);
        return Row(plan, tensor, Enumerable.Range(0, plan.SliceCount), sliceId: null);
    }

    /// <summary>
    /// Analyses one layer into its output rows: one row when pooled (or for a one-slice layer), one row per slice
    /// (with <see cref="LayerResult.SliceId"/>, 0 for a one-slice layer) when <see cref="PlanOptions.Pool"/> is false.
    /// </summary>
    /// <param name="plan">An analysed (not skipped) plan.</param>
    /// <param name="tensor">The whole tensor, decoded to float64 in C order. Not modified.</param>
    /// <exception cref="ArithmeticException">The eigen solver failed.</exception>
    public IReadOnlyList<LayerResult> AnalyzeRows(LayerPlan plan, ReadOnlySpan<double> tensor)
    {
        RequireAnalysed(plan);
        if (options.Plan.Pool)
        {
            return [Row(plan, tensor, Enumerable.Range(0, plan.SliceCount), sliceId: null)];
        }

        var rows = new LayerResult[plan.SliceCount];
        for (var s = 0; s < plan.SliceCount; s++)
        {
            rows[s] = Row(plan with { NumEvals = Math.Min(plan.SliceRows, plan.SliceCols) }, tensor, [s], s);
        }

        return rows;
    }

    private static void RequireAnalysed(LayerPlan plan)
    {
        if (!plan.IsAnalysed)
        {
            throw new ArgumentException($"layer '{plan.Name}' is skipped: {plan.SkipReason}", nameof(plan));
        }
    }

    private LayerResult Row(LayerPlan plan, ReadOnlySpan<double> tensor, IEnumerable<int> slices, int? sliceId)
    {
        var ids = slices.ToList();
        var sliceEvals = new List<double[]>();
        foreach (var s in ids)
        {
            sliceEvals.Add(SliceEigenvalues(plan, tensor, s));
        }

        var evals = sliceEvals.Count == 1 ? (double[])sliceEvals[0].Clone() : [.. sliceEvals.SelectMany(e => e)];
        Array.Sort(evals);
        var ww = options.Compat == CompatMode.WeightWatcher;
        var spectrum = SpectrumMetrics.Compute(sliceEvals, plan.N, options.Tolerance, svMinMaxOverSlices: ww);
        var (fit, fitExtras) = LayerFit.Run(evals, options);
        var row = LayerResultBuilder.Build(plan, evals, spectrum, fit, options.Compat) with
        {
            SliceId = sliceId, FitExtras = fitExtras,
        };
        var matrices = new List<double[]>();
        if (options.Randomize || options.Vectors)
        {
            foreach (var s in ids)
            {
                matrices.Add(SliceMatrix(plan, tensor, s));
            }
        }

        var input = new LayerExtras.Input(plan, sliceEvals, evals, () => matrices, EigenvalueScale(plan), fit);
        return LayerExtras.Apply(row, input, options, (m, r, c) => backend.GramEigenvalues(m, r, c));
    }

    /// <summary>A copy of one slice as the solver sees it (WeightWatcher mode: scaled in the stored precision).</summary>
    private double[] SliceMatrix(LayerPlan plan, ReadOnlySpan<double> tensor, int slice)
    {
        var m = new double[plan.SliceRows * plan.SliceCols];
        SliceExtractor.Copy(plan, tensor, slice, m);
        if (ScalesMatrix(plan))
        {
            SliceExtractor.ScaleInStoredPrecision(m, plan.Tensor.DType, plan.NormFactor);
        }

        return m;
    }

    private bool ScalesMatrix(LayerPlan plan) => options.Compat == CompatMode.WeightWatcher && plan.EvalScale != 1.0;

    /// <summary>Factor applied to the solver's eigenvalues: the eigenvalue scale, unless the matrix was scaled.</summary>
    private double EigenvalueScale(LayerPlan plan) => ScalesMatrix(plan) ? 1.0 : plan.EvalScale;

    private double[] SliceEigenvalues(LayerPlan plan, ReadOnlySpan<double> tensor, int slice)
    {
        int rows = plan.SliceRows, cols = plan.SliceCols;
        var size = rows * cols;
        var scaleMatrix = ScalesMatrix(plan);
        ReadOnlySpan<double> matrix;
        if (plan.Layout == ConvLayout.None && !plan.IsPart && !scaleMatrix)
        {
            matrix = tensor[..size];
        }
        else
        {
            if (_slice.Length < size)
            {
                _slice = GC.AllocateUninitializedArray<double>(size);
            }

            var buf = _slice.AsSpan(0, size);
            SliceExtractor.Copy(plan, tensor, slice, buf);
            if (scaleMatrix)
            {
                // WeightWatcher multiplies W by sqrt(1/2) in the stored precision (NumPy < 2).
                SliceExtractor.ScaleInStoredPrecision(buf, plan.Tensor.DType, plan.NormFactor);
            }

            matrix = buf;
        }

        var evals = backend.GramEigenvalues(matrix, rows, cols);
        var scale = EigenvalueScale(plan);
        for (var i = 0; i < evals.Length; i++)
        {
            // Squared singular values are ≥ 0; a negative value is round-off of the Gram solver.
            evals[i] = Math.Max(evals[i], 0.0) * scale;
        }

        return evals;
    }
}
