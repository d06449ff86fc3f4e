using System.Runtime.CompilerServices;

namespace GpuSpectral.Core.Spectral;

/// <summary>
/// Float64 arithmetic that reproduces NumPy 1.24's rounding where the MP fit depends on it: the pairwise sum of
/// <c>np.sum</c>, the element count and values of a float <c>np.arange</c>, and the grid of <c>np.linspace</c>.
/// </summary>
/// <remarks>Facts from NumPy's documented algorithms (pairwise summation with an 8-way unrolled block of 128,
/// <c>arange</c> length = ceil((stop − start)/step) and values start + i·((start + step) − start),
/// <c>linspace</c> = i·((stop − start)/(num − 1)) + start with the last point set to stop).</remarks>
internal static class NumpyArithmetic
{
    private const int PairwiseBlock = 128;

    /// <summary><c>np.sum</c> of a contiguous float64 vector (identity 0 plus the pairwise sum). Empty gives 0.</summary>
    public static double Sum(ReadOnlySpan<double> values) => 0.0 + Pairwise(values);

    [MethodImpl(MethodImplOptions.AggressiveOptimization)] // hot loop: skip the slow first JIT tier
    private static double Pairwise(ReadOnlySpan<double> a)
    {
        var n = a.Length;
        if (n < 8)
        {
            var res = 0.0;
            for (var i = 0; i < n; i++)
            {
                res += a[i];
            }

            return res;
        }

        if (n <= PairwiseBlock)
        {
            Span<double> r = stackalloc double[8];
            a[..8].CopyTo(r);
            var i = 8;
            for (; i < n - (n % 8); i += 8)
            {
                for (var j = 0; j < 8; j++)
                {
                    r[j] += a[i + j];
                }
            }

            var res = ((r[0] + r[1]) + (r[2] + r[3])) + ((r[4] + r[5]) + (r[6] + r[7]));
            for (; i < n; i++)
            {
                res += a[i];
            }

            return res;
        }

        var n2 = n / 2;
        n2 -= n2 % 8;
        return Pairwise(a[..n2]) + Pairwise(a[n2..]);
    }

    /// <summary><c>np.arange(start, stop, step)</c> for finite float64 arguments with step &gt; 0.</summary>
    public static double[] Arange(double start, double stop, double step)
    {
        var length = Math.Ceiling((stop - start) / step);
        if (!(length > 0))
        {
            return [];
        }

        var result = new double[(int)length];
        result[0] = start;
        if (result.Length > 1)
        {
            result[1] = start + step;
            var delta = result[1] - result[0];
            for (var i = 2; i < result.Length; i++)
            {
                result[i] = start + (i * delta);
            }
        }

        return result;
    }

    /// <summary><c>np.linspace(0, stop, num)</c> with num ≥ 2.</summary>
    public static double[] LinspaceFromZero(double stop, int num)
    {
        var step = (stop - 0.0) / (num - 1);
        var result = new double[num];
        for (var i = 0; i < num; i++)
        {
            result[i] = (i * step) + 0.0;
        }

        result[num - 1] = stop;
        return result;
    }

    /// <summary><c>np.nan_to_num</c> of one value: NaN → 0, ±∞ → ±<see cref="double.MaxValue"/>.</summary>
    public static double NanToNum(double value) =>
        double.IsNaN(value) ? 0.0 : double.IsPositiveInfinity(value) ? double.MaxValue :
        double.IsNegativeInfinity(value) ? double.MinValue : value;
}
