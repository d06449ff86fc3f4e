using System.Runtime.CompilerServices;

namespace GpuSpectral.Core.Fitting;

/// <summary>Accurate scalar <c>expm1</c> and <c>log1p</c> (System.Math has neither; <c>double.ExpM1</c> and
/// <c>double.LogP1</c> are the naive <c>exp(x)−1</c> and <c>log(1+x)</c>).</summary>
/// <remarks>
/// Both use Kahan's correction (W. Kahan, "Mathematics written in sand", 1983; also D. Goldberg, "What every computer
/// scientist should know about floating-point arithmetic", 1991, Theorem 4): the rounding error of <c>exp(x)</c> or
/// <c>1+x</c> is divided out, leaving a relative error of a few ulps for every finite x. Used by the KS scan
/// (powerlaw-algorithm.md §8.2, §8.4).
/// </remarks>
internal static class KsMath
{
    private const double Ln2 = 0.69314718055994530942;

    /// <summary>e^x − 1 to a few ulps relative. Expm1(−∞) = −1, Expm1(+∞) = +∞, NaN → NaN.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static double Expm1(double x)
    {
        if (x <= -Ln2)
        {
            // e^x ≤ 1/2: e^x − 1 lies in [−1, −1/2] where its ulp is at least e^x's, so the subtraction adds at most
            // half an ulp to exp's own error (≤ 1 ulp in all). Saves the log of Kahan's correction on half the tail.
            return Math.Exp(x) - 1.0;
        }

        var u = Math.Exp(x);
        if (u == 1.0)
        {
            return x; // |x| < eps/2: e^x − 1 = x to within an ulp (also x = ±0)
        }

        var um1 = u - 1.0;
        if (um1 == -1.0 || double.IsPositiveInfinity(u))
        {
            return um1; // e^x underflowed relative to 1 (result −1), or overflowed (+∞)
        }

        return um1 * x / Math.Log(u);
    }

    /// <summary>ln(1 + x) to a few ulps relative, for x ≥ −1. NaN → NaN.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static double Log1p(double x)
    {
        var u = 1.0 + x;
        if (u == 1.0)
        {
            return x;
        }

        if (double.IsPositiveInfinity(u) || u == 0.0)
        {
            return Math.Log(u);
        }

        return Math.Log(u) * x / (u - 1.0);
    }
}
