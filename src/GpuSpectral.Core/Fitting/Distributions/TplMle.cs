namespace GpuSpectral.Core.Fitting.Distributions;

/// <summary>
/// Maximum-likelihood truncated power law p(x) = λ^(1−α)/Γ(1−α, λ·xmin) · x^(−α) e^(−λx) on x ≥ xmin, for a fixed
/// xmin, from the two sufficient statistics of the tail.
/// </summary>
/// <remarks>
/// <para>With s = λ·xmin, m1 = mean ln(x/xmin) and m2 = mean (x − xmin)/xmin, the mean negative log-likelihood is
/// f(α, s) = ln G(1−α, s) + ln xmin + α·m1 + s·m2, G the scaled incomplete gamma of <see cref="IncompleteGamma"/>.
/// The TPL is an exponential family in (α, λ) with statistics (ln x, x), so f is jointly convex.</para>
/// <para>For fixed α, ∂f/∂s = 1 + m2 − G(2−α, s)/G(1−α, s) (from Γ(a+1,z) = aΓ(a,z) + z^a e^(−z)); it increases in
/// s, so s*(α) is its root, or 0 when it is already ≥ 0 at s = 0 (then λ = 0: the power law is the constrained
/// optimum). The profile g(α) = f(α, s*(α)) is convex and minimised over α ≥ 1 by downhill bracketing and golden
/// section to a relative width of <see cref="AlphaTolerance"/>.</para>
/// <para>Parameter range as powerlaw 1.5 (α &gt; 1, λ &gt; 0, powerlaw.py:1387–1388), closed here to α ≥ 1, λ ≥ 0 so
/// that a boundary optimum is reported at the boundary instead of wherever a simplex stopped.</para>
/// </remarks>
internal static class TplMle
{
    /// <summary>Golden-section stopping width on α, relative. g is flat at its minimum, so α is located to about
    /// √(eps) relative at best; 1e-10 stops just above that.</summary>
    public const double AlphaTolerance = 1e-10;

    /// <summary>Relative stopping width of the root s*(α).</summary>
    private const double STolerance = 1e-14;

    private const double InvPhi = 0.6180339887498949;

    /// <summary>f(α, s) without the ln xmin term (mean negative log-likelihood per point, shifted by −ln xmin).</summary>
    public static double Objective(double alpha, double s, double m1, double m2) =>
        Math.Log(IncompleteGamma.Scaled(1.0 - alpha, s)) + (alpha * m1) + (s * m2);

    /// <summary>∂f/∂s at (α, s).</summary>
    public static double SlopeS(double alpha, double s, double m2)
    {
        if (s == 0 && alpha <= 2.0)
        {
            return double.NegativeInfinity;
        }

        return 1.0 + m2 - (IncompleteGamma.Scaled(2.0 - alpha, s) / IncompleteGamma.Scaled(1.0 - alpha, s));
    }

    /// <summary>s*(α) = argmin over s ≥ 0 of f(α, s).</summary>
    public static double BestS(double alpha, double m2, double guess)
    {
        if (SlopeS(alpha, 0.0, m2) >= 0)
        {
            return 0.0;
        }

        var start = guess > 0 && double.IsFinite(guess) ? guess : 1.0 / m2;
        double lo, hi;
        if (SlopeS(alpha, start, m2) < 0)
        {
            lo = start;
            hi = start * 2.0;
            while (SlopeS(alpha, hi, m2) < 0)
            {
                lo = hi;
                hi *= 4.0;
                if (double.IsInfinity(hi))
                {
                    return double.PositiveInfinity;
                }
            }
        }
        else
        {
            hi = start;
            lo = start / 2.0;
            while (SlopeS(alpha, lo, m2) >= 0)
            {
                hi = lo;
                lo /= 4.0;
                if (lo < 1e-300)
                {
                    return 0.0;
                }
            }
        }

        // Illinois regula falsi on the increasing slope, with a bisection step whenever the bracket shrinks slowly.
        var flo = SlopeS(alpha, lo, m2);
        var fhi = SlopeS(alpha, hi, m2);
        var side = 0;
        for (var it = 0; it < 200 && hi - lo > STolerance * hi; it++)
        {
            var width = hi - lo;
            var mid = (flo * hi - fhi * lo) / (flo - fhi);
            if (!(mid > lo && mid < hi))
            {
                mid = 0.5 * (lo + hi);
            }

            var fm = SlopeS(alpha, mid, m2);
            if (fm == 0)
            {
                return mid;
            }

            if (fm < 0)
            {
                lo = mid;
                flo = fm;
                if (side == -1)
                {
                    fhi *= 0.5;
                }

                side = -1;
            }
            else
            {
                hi = mid;
                fhi = fm;
                if (side == 1)
                {
                    flo *= 0.5;
                }

                side = 1;
            }

            if (hi - lo > 0.5 * width)
            {
                var bis = 0.5 * (lo + hi);
                var fb = SlopeS(alpha, bis, m2);
                if (fb < 0)
                {
                    lo = bis;
                    flo = fb;
                }
                else
                {
                    hi = bis;
                    fhi = fb;
                }

                side = 0;
            }
        }

        return 0.5 * (lo + hi);
    }

    /// <summary>The MLE (α, s) for tail statistics m1 &gt; 0, m2 &gt; 0, starting near <paramref name="alphaGuess"/>.</summary>
    /// <returns>α ≥ 1, s ≥ 0 and the objective there.</returns>
    public static (double Alpha, double S, double Objective) Fit(double m1, double m2, double alphaGuess, double sGuess)
    {
        var sHint = sGuess;
        double G(double a)
        {
            var s = BestS(a, m2, sHint);
            if (s > 0 && double.IsFinite(s))
            {
                sHint = s;
            }

            return double.IsPositiveInfinity(s) ? double.PositiveInfinity : Objective(a, s, m1, m2);
        }

        var a0 = Math.Max(1.0, double.IsFinite(alphaGuess) ? alphaGuess : 1.0 + (1.0 / m1));
        var step = 0.05 * (a0 - 1.0) + 0.01;

        // Downhill bracketing on the convex profile: find lo < mid < hi with g(mid) ≤ g(lo), g(hi), or lo = 1.
        var mid = a0;
        var gm = G(mid);
        var right = mid + step;
        var gr = G(right);
        double lo, hi;
        if (gr < gm)
        {
            lo = mid;
            while (true)
            {
                step *= 2.0;
                var next = right + step;
                var gn = G(next);
                if (gn >= gr)
                {
                    hi = next;
                    break;
                }

                lo = right;
                right = next;
                gr = gn;
            }
        }
        else
        {
            hi = right;
            lo = mid;
            while (true)
            {
                var next = Math.Max(1.0, lo - step);
                step *= 2.0;
                var gn = G(next);
                if (gn > gm || next == 1.0)
                {
                    lo = next;
                    break;
                }

                hi = lo;
                lo = next;
                gm = gn;
            }
        }

        // Golden section on [lo, hi].
        var x1 = hi - (InvPhi * (hi - lo));
        var x2 = lo + (InvPhi * (hi - lo));
        var g1 = G(x1);
        var g2 = G(x2);
        while (hi - lo > AlphaTolerance * Math.Max(1.0, Math.Abs(hi)))
        {
            if (g1 <= g2)
            {
                hi = x2;
                x2 = x1;
                g2 = g1;
                x1 = hi - (InvPhi * (hi - lo));
                g1 = G(x1);
            }
            else
            {
                lo = x1;
                x1 = x2;
                g1 = g2;
                x2 = lo + (InvPhi * (hi - lo));
                g2 = G(x2);
            }
        }

        var alpha = g1 <= g2 ? x1 : x2;
        var sBest = BestS(alpha, m2, sHint);
        return (alpha, sBest, Objective(alpha, sBest, m1, m2));
    }
}
