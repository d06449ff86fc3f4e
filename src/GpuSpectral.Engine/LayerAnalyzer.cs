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
    private IReadOnlyList<double[]>? _solved;

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
        _solved = null;
        return RowsOf(plan, tensor);
    }

    /// <summary>
    /// As <see cref="AnalyzeRows(LayerPlan, ReadOnlySpan{double})"/>, with the Gram eigenvalues of each slice already
    /// computed (e.g. many layers in one batched device launch) from the matrices that <see cref="SolverMatrix"/>
    /// gives: the rows are the same as when this analyzer's backend computes them one by one.
    /// </summary>
    /// <param name="plan">An analysed (not skipped) plan.</param>
    /// <param name="tensor">The whole tensor, decoded to float64 in C order (still used by the extras).</param>
    /// <param name="sliceEigenvalues">Per slice (plan.SliceCount of them), the backend's min(rows, cols) eigenvalues
    /// of <see cref="SolverMatrix"/>, ascending; consumed (scaled in place).</param>
    /// <exception cref="ArgumentException">The count does not match the plan's slices.</exception>
    public IReadOnlyList<LayerResult> AnalyzeRows(
        LayerPlan plan, ReadOnlySpan<double> tensor, IReadOnlyList<double[]> sliceEigenvalues)
    {
        ArgumentNullException.ThrowIfNull(plan);
        ArgumentNullException.ThrowIfNull(sliceEigenvalues);
        RequireAnalysed(plan);
        if (sliceEigenvalues.Count != plan.SliceCount)
        {
            throw new ArgumentException(
                $"layer '{plan.Name}' has {plan.SliceCount} slices, got {sliceEigenvalues.Count} eigenvalue sets",
                nameof(sliceEigenvalues));
        }

        _solved = sliceEigenvalues;
        try
        {
            return RowsOf(plan, tensor);
        }
        finally
        {
            _solved = null;
        }
    }

    /// <summary>
    /// The rows×cols matrix (plan.SliceRows × plan.SliceCols, row-major) that the solver gets for slice
    /// <paramref name="slice"/>: the tensor's own memory for a plain matrix, else a new array holding the extracted
    /// slice (WeightWatcher mode: scaled in the stored precision).
    /// </summary>
    /// <param name="plan">An analysed plan.</param>
    /// <param name="tensor">The whole decoded tensor (at least plan.Tensor.ElementCount values).</param>
    /// <param name="slice">0 ≤ slice &lt; plan.SliceCount.</param>
    /// <param name="options">The analysis options (compat mode decides the scaling).</param>
    public static ReadOnlyMemory<double> SolverMatrix(
        LayerPlan plan, ReadOnlyMemory<double> tensor, int slice, AnalysisOptions options)
    {
        ArgumentNullException.ThrowIfNull(plan);
        ArgumentNullException.ThrowIfNull(options);
        var size = plan.SliceRows * plan.SliceCols;
        var scale = ScalesMatrix(plan, options);
        if (IsPlain(plan, scale))
        {
            return tensor[..size];
        }

        var m = GC.AllocateUninitializedArray<double>(size);
        SliceExtractor.Copy(plan, tensor.Span, slice, m);
        if (scale)
        {
            SliceExtractor.ScaleInStoredPrecision(m, plan.Tensor.DType, plan.NormFactor);
        }

        return m;
    }

    private LayerResult[] RowsOf(LayerPlan plan, ReadOnlySpan<double> tensor)
    {
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

    private bool ScalesMatrix(LayerPlan plan) => ScalesMatrix(plan, options);

    private static bool ScalesMatrix(LayerPlan plan, AnalysisOptions options) =>
        options.Compat == CompatMode.WeightWatcher && plan.EvalScale != 1.0;

    private static bool IsPlain(LayerPlan plan, bool scaleMatrix) =>
        plan.Layout == ConvLayout.None && !plan.IsPart && !scaleMatrix;

    /// <summary>Factor applied to the solver's eigenvalues: the eigenvalue scale, unless the matrix was scaled.</summary>
    private double EigenvalueScale(LayerPlan plan) => ScalesMatrix(plan) ? 1.0 : plan.EvalScale;

    private double[] SliceEigenvalues(LayerPlan plan, ReadOnlySpan<double> tensor, int slice)
    {
        var evals = _solved is { } solved ? solved[slice] : SolveSlice(plan, tensor, slice);
        var scale = EigenvalueScale(plan);
        for (var i = 0; i < evals.Length; i++)
        {
            // Squared singular values are ≥ 0; a negative value is round-off of the Gram solver.
            evals[i] = Math.Max(evals[i], 0.0) * scale;
        }

        return evals;
    }

    private double[] SolveSlice(LayerPlan plan, ReadOnlySpan<double> tensor, int slice)
    {
        int rows = plan.SliceRows, cols = plan.SliceCols;
        var size = rows * cols;
        var scaleMatrix = ScalesMatrix(plan);
        ReadOnlySpan<double> matrix;
        if (IsPlain(plan, scaleMatrix))
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

        return backend.GramEigenvalues(matrix, rows, cols);
    }
}
