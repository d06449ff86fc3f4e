using GpuSpectral.Lsa.Sparse;
using GpuSpectral.Lsa.Spectrum;

namespace GpuSpectral.Lsa.Diagnostics;

/// <summary>Localization ratio ‖v‖₁/‖v‖∞ of singular vectors (dimensionless, in [1, length]).</summary>
/// <remarks>A vector spread evenly over n entries scores n; one concentrated on a single entry scores 1. Scale-free, so
/// the unit normalisation of v does not matter. The default number of vectors is
/// <see cref="DefaultCount"/> = min(2000, dimension), the same 2000 as the FOLDOC reference
/// (<c>lsa_reference.py</c>), so the distribution can be compared with it and the elbow has room past K.</remarks>
public static class Localization
{
    /// <summary>Default number of vectors, capped by the dimension.</summary>
    public const int DefaultVectors = 2000;

    /// <summary>min(<see cref="DefaultVectors"/>, <paramref name="dimension"/>).</summary>
    public static int DefaultCount(int dimension) => Math.Min(DefaultVectors, dimension);

    /// <summary>‖v‖₁/‖v‖∞; NaN when v is empty, all zero, or holds NaN.</summary>
    public static double Ratio(ReadOnlySpan<double> v)
    {
        var sum = 0.0;
        var max = 0.0;
        foreach (var e in v)
        {
            var a = Math.Abs(e);
            sum += a;
            max = a > max || double.IsNaN(a) ? a : max;
        }

        return max > 0 ? sum / max : double.NaN;
    }

    /// <summary>Ratios of each column of an n×count column-major block (e.g. from
    /// <see cref="Spectrum.SingularVectors.Right"/>), in column order.</summary>
    public static double[] Ratios(double[] vectors, int length, int count)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(length, 1);
        if ((long)length * count != vectors.Length)
        {
            throw new ArgumentException($"{length}×{count} vectors need {(long)length * count} elements.",
                nameof(vectors));
        }

        var ratios = new double[count];
        for (var j = 0; j < count; j++)
        {
            ratios[j] = Ratio(vectors.AsSpan(j * length, length));
        }

        return ratios;
    }

    /// <summary>
    /// Ratios of the first <paramref name="count"/> unit right singular vectors v (term space) of
    /// <paramref name="x"/>, largest σ first, computed one vector at a time (v = Xᵀu/σ for document-side pairs; the
    /// pairs' own vectors for term-side pairs) without materialising the terms × count block.
    /// </summary>
    /// <param name="x">Documents × terms.</param>
    /// <param name="pairs">Gram eigenpairs of either side, at least <paramref name="count"/> of them.</param>
    /// <param name="count">How many vectors.</param>
    /// <returns>count ratios; NaN where λ ≤ 0.</returns>
    public static double[] Ratios(CsrMatrix x, GramEigenpairs pairs, int count)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(count, pairs.Count);
        var ratios = new double[count];
        if (pairs.Side == GramSide.Terms)
        {
            for (var j = 0; j < count; j++)
            {
                ratios[j] = Ratio(pairs.Vectors.AsSpan(j * pairs.Order, pairs.Order));
            }

            return ratios;
        }

        var xt = SparseOps.Transpose(x);
        Parallel.For(0, count, () => new double[xt.Rows], (j, _, v) =>
        {
            SingularVectors.MapColumn(xt, pairs, j, v);
            ratios[j] = Ratio(v);
            return v;
        }, _ => { });
        return ratios;
    }
}
