using System.Numerics;
using GpuSpectral.Core.Planning;

namespace GpuSpectral.Engine.Compare;

/// <summary>Distances between the matrices of one layer in two checkpoints (WeightWatcher's <c>distances</c>).</summary>
public static class DistanceMath
{
    /// <summary>
    /// Computes <see cref="LayerDistances"/> of a planned layer from the two decoded tensors. The slices are the
    /// plan's matrices as extracted by <see cref="SliceExtractor.Copy"/>, without normalisation.
    /// </summary>
    /// <param name="plan">An analysed plan valid for both tensors (same shape).</param>
    /// <param name="tensorA">Tensor of checkpoint A, float64, C order.</param>
    /// <param name="tensorB">Tensor of checkpoint B, same shape.</param>
    /// <exception cref="ArgumentException">The spans are shorter than the plan's tensor.</exception>
    /// <param name="withCka">False to skip the CKA (then NaN): it costs about three Gram matrices per slice.</param>
    public static LayerDistances Compute(
        LayerPlan plan, ReadOnlySpan<double> tensorA, ReadOnlySpan<double> tensorB, bool withCka = true)
    {
        ArgumentNullException.ThrowIfNull(plan);
        var size = checked(plan.SliceRows * plan.SliceCols);
        var a = new double[size];
        var b = new double[size];
        double sumSq = 0, euclid = 0, cka = 0;
        for (var s = 0; s < plan.SliceCount; s++)
        {
            SliceExtractor.Copy(plan, tensorA, s, a);
            SliceExtractor.Copy(plan, tensorB, s, b);
            var sq = DiffSquared(a, b);
            sumSq += sq;
            euclid += Math.Sqrt(sq);
            cka += withCka ? Cka(a, b, plan.SliceRows, plan.SliceCols) : double.NaN;
        }

        return new LayerDistances(Math.Sqrt(sumSq), euclid / plan.SliceCount, cka / plan.SliceCount);
    }

    /// <summary>Σ (a − b)², the squared Frobenius norm of the difference.</summary>
    public static double DiffSquared(ReadOnlySpan<double> a, ReadOnlySpan<double> b)
    {
        if (a.Length != b.Length)
        {
            throw new ArgumentException("the matrices differ in size", nameof(b));
        }

        double sum = 0;
        for (var i = 0; i < a.Length; i++)
        {
            var d = a[i] - b[i];
            sum += d * d;
        }

        return sum;
    }

    /// <summary>
    /// Uncentered CKA of two row-major rows×cols matrices, WeightWatcher's formula
    /// ‖AᵀB‖_F / sqrt(‖AᵀA‖_F·‖BBᵀ‖_F). Computed on the smaller side: ‖BBᵀ‖_F = ‖BᵀB‖_F (both are
    /// sqrt(Σσ⁴)), and for wide matrices ‖AᵀB‖²_F = ⟨AAᵀ, BBᵀ⟩_F, so no product larger than min(rows, cols)² is
    /// formed (none is stored at all). Cost O(rows·cols·min(rows, cols)).
    /// </summary>
    /// <returns>The similarity in [0, 1]; NaN when A or B is all zero (0/0).</returns>
    public static double Cka(ReadOnlySpan<double> a, ReadOnlySpan<double> b, int rows, int cols)
    {
        var size = checked(rows * cols);
        if (a.Length < size || b.Length < size)
        {
            throw new ArgumentException($"a {rows}×{cols} matrix needs {size} elements");
        }

        var tall = rows >= cols;
        var n = tall ? cols : rows;
        var k = tall ? rows : cols;
        var u = ShortSideVectors(a[..size], rows, cols);
        var v = ShortSideVectors(b[..size], rows, cols);
        var gaa = new double[n];
        var gbb = new double[n];
        var gab = new double[n];
        Parallel.For(0, n, i =>
        {
            var ui = u.AsSpan(i * k, k);
            var vi = v.AsSpan(i * k, k);
            double saa = 0, sbb = 0, sab = 0;
            for (var j = 0; j < n; j++)
            {
                var uj = u.AsSpan(j * k, k);
                var vj = v.AsSpan(j * k, k);
                if (tall)
                {
                    // (AᵀB)ᵢⱼ = uᵢ·vⱼ is not symmetric: every j.
                    sab += Square(Dot(ui, vj));
                }

                if (j < i)
                {
                    continue; // the Gram matrices are symmetric: j ≥ i, off-diagonal entries counted twice.
                }

                var weight = j == i ? 1.0 : 2.0;
                var aa = Dot(ui, uj);
                var bb = Dot(vi, vj);
                saa += weight * aa * aa;
                sbb += weight * bb * bb;
                if (!tall)
                {
                    // Wide: ‖AᵀB‖² = ⟨AAᵀ, BBᵀ⟩ = Σᵢⱼ (AAᵀ)ᵢⱼ (BBᵀ)ᵢⱼ.
                    sab += weight * aa * bb;
                }
            }

            gaa[i] = saa;
            gbb[i] = sbb;
            gab[i] = sab;
        });
        double normAa = 0, normBb = 0, normAb = 0;
        for (var i = 0; i < n; i++)
        {
            normAa += gaa[i];
            normBb += gbb[i];
            normAb += gab[i];
        }

        // Σ of squares: take the square roots now. ‖AᵀB‖ / sqrt(‖AᵀA‖·‖BBᵀ‖).
        return Math.Sqrt(normAb) / Math.Sqrt(Math.Sqrt(normAa) * Math.Sqrt(normBb));
    }

    private static double Square(double x) => x * x;

    /// <summary>The min(rows, cols) vectors of the smaller side, each contiguous: columns of a tall matrix, rows of a wide one.</summary>
    private static double[] ShortSideVectors(ReadOnlySpan<double> m, int rows, int cols)
    {
        if (rows < cols)
        {
            return m.ToArray();
        }

        var t = new double[m.Length];
        for (var r = 0; r < rows; r++)
        {
            for (var c = 0; c < cols; c++)
            {
                t[(c * rows) + r] = m[(r * cols) + c];
            }
        }

        return t;
    }

    private static double Dot(ReadOnlySpan<double> x, ReadOnlySpan<double> y)
    {
        var acc = Vector<double>.Zero;
        var i = 0;
        var w = Vector<double>.Count;
        for (; i <= x.Length - w; i += w)
        {
            acc += new Vector<double>(x[i..]) * new Vector<double>(y[i..]);
        }

        var sum = Vector.Sum(acc);
        for (; i < x.Length; i++)
        {
            sum += x[i] * y[i];
        }

        return sum;
    }
}
