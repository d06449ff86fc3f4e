namespace GpuSpectral.Kernels.KsScan;

/// <summary>
/// <c>expm1</c> and <c>log1p</c> with Kahan's correction, as device-callable code: the same formulas as the CPU fit
/// (powerlaw-algorithm.md §8.2, §8.4), so that the KS scan on the device matches it to a few ulps (bit for bit on the
/// CPU accelerator, whose Math.Exp/Math.Log are the host's).
/// </summary>
internal static class DeviceKsMath
{
    private const double Ln2 = 0.69314718055994530942;

    /// <summary>e^x − 1 to a few ulps relative; −∞ → −1, +∞ → +∞, NaN → NaN.</summary>
    public static double Expm1(double x)
    {
        if (x <= -Ln2)
        {
            return Math.Exp(x) - 1.0; // result in [−1, −1/2]: the subtraction is exact enough
        }

        var u = Math.Exp(x);
        if (u == 1.0)
        {
            return x;
        }

        var um1 = u - 1.0;
        if (um1 == -1.0 || double.IsPositiveInfinity(u))
        {
            return um1;
        }

        return um1 * x / Math.Log(u);
    }

    /// <summary>ln(1 + x) to a few ulps relative, x ≥ −1; NaN → NaN.</summary>
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
