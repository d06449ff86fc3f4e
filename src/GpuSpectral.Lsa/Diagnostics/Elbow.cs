namespace GpuSpectral.Lsa.Diagnostics;

/// <summary>
/// The Kneedle knee of a curve yᵢ, i = 1..N (Satopää et al. 2011), in its simplest chord form.
/// </summary>
/// <remarks>
/// Rule: x̂ᵢ = (i−1)/(N−1), ŷᵢ = (yᵢ − min y)/(max y − min y); the chord joins (x̂₁, ŷ₁) and (x̂_N, ŷ_N). The curve is
/// taken as concave increasing when y_N ≥ y₁ (knee ABOVE the chord: the i with the largest ŷᵢ − chord(x̂ᵢ)) and as
/// convex decreasing otherwise (knee BELOW the chord: the largest chord(x̂ᵢ) − ŷᵢ); in normalised coordinates this is
/// the point farthest from the chord on the knee side (the perpendicular distance is proportional). The first maximum
/// wins ties; K = i (the number of components up to and including the knee). N ≤ 2, a constant curve or a
/// non-finite end point gives K = N; other NaN points are skipped. Excursions to the other side of the chord (for
/// example a dip of the localization ratios near the end of the range) are ignored by construction.
/// </remarks>
public static class Elbow
{
    /// <summary>The Kneedle K of <paramref name="y"/> (1-based count, 0 for an empty curve).</summary>
    public static int Kneedle(ReadOnlySpan<double> y)
    {
        var n = y.Length;
        if (n <= 2)
        {
            return n;
        }

        double lo = double.PositiveInfinity, hi = double.NegativeInfinity;
        foreach (var v in y)
        {
            if (double.IsFinite(v))
            {
                lo = Math.Min(lo, v);
                hi = Math.Max(hi, v);
            }
        }

        if (!(hi > lo) || !double.IsFinite(y[0]) || !double.IsFinite(y[n - 1]))
        {
            return n;
        }

        var y0 = (y[0] - lo) / (hi - lo);
        var y1 = (y[n - 1] - lo) / (hi - lo);
        var sign = y1 >= y0 ? 1.0 : -1.0;
        var best = double.NegativeInfinity;
        var knee = n;
        for (var i = 0; i < n; i++)
        {
            if (!double.IsFinite(y[i]))
            {
                continue;
            }

            var x = (double)i / (n - 1);
            var d = sign * (((y[i] - lo) / (hi - lo)) - (y0 + ((y1 - y0) * x)));
            if (d > best)
            {
                best = d;
                knee = i + 1;
            }
        }

        return knee;
    }

    /// <summary>Centered moving average with half-width <paramref name="halfWidth"/> (window 2h+1, truncated at the
    /// ends, NaN points ignored); h = 0 returns a copy.</summary>
    public static double[] Smooth(ReadOnlySpan<double> y, int halfWidth)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(halfWidth);
        var result = new double[y.Length];
        for (var i = 0; i < y.Length; i++)
        {
            var s = 0.0;
            var c = 0;
            for (var j = Math.Max(0, i - halfWidth); j <= Math.Min(y.Length - 1, i + halfWidth); j++)
            {
                if (double.IsFinite(y[j]))
                {
                    s += y[j];
                    c++;
                }
            }

            result[i] = c > 0 ? s / c : double.NaN;
        }

        return result;
    }

    /// <summary>Default smoothing half-width for N localization ratios: max(1, N/100) (±20 for N = 2000), so the
    /// knee follows the trend rather than single ill-defined vectors in clustered parts of the spectrum.</summary>
    public static int DefaultHalfWidth(int n) => Math.Max(1, n / 100);

    /// <summary>K at the knee of the localization ratios after <see cref="Smooth"/> with
    /// <see cref="DefaultHalfWidth"/>.</summary>
    public static int OfLocalization(ReadOnlySpan<double> ratios) =>
        Kneedle(Smooth(ratios, DefaultHalfWidth(ratios.Length)));

    /// <summary>Explained variance λᵢ/trace, largest first, for the given eigenvalues (any order); trace is Σλ over the
    /// whole spectrum (‖X‖²_F), so a sketch's values sum to less than 1. Negative round-off eigenvalues count as 0.</summary>
    public static double[] ExplainedVariance(ReadOnlySpan<double> eigenvalues, double trace)
    {
        var v = eigenvalues.ToArray();
        Array.Sort(v);
        Array.Reverse(v);
        for (var i = 0; i < v.Length; i++)
        {
            v[i] = Math.Max(v[i], 0.0) / trace;
        }

        return v;
    }
}
