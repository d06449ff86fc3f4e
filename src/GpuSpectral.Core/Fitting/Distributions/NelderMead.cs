namespace GpuSpectral.Core.Fitting.Distributions;

/// <summary>A plain Nelder–Mead simplex minimiser in two dimensions (reflection 1, expansion 2, contraction ½,
/// shrink ½; Nelder &amp; Mead 1965), used for the lognormal fit.</summary>
internal static class NelderMead
{
    /// <summary>Minimises <paramref name="f"/> from <paramref name="start"/> with initial steps
    /// <paramref name="steps"/>; stops when the simplex spans less than <paramref name="xTolerance"/> in every
    /// coordinate and its function values less than <paramref name="fTolerance"/> (absolute), or after
    /// <paramref name="maxIterations"/>.</summary>
    /// <returns>The best vertex and its value.</returns>
    public static (double[] X, double F) Minimize(
        Func<double, double, double> f, double[] start, double[] steps, double xTolerance, double fTolerance, int maxIterations)
    {
        var p = new double[3][];
        var v = new double[3];
        p[0] = [start[0], start[1]];
        p[1] = [start[0] + steps[0], start[1]];
        p[2] = [start[0], start[1] + steps[1]];
        for (var i = 0; i < 3; i++)
        {
            v[i] = Eval(f, p[i]);
        }

        for (var it = 0; it < maxIterations; it++)
        {
            Sort(p, v);
            var spread = Math.Max(
                Math.Max(Math.Abs(p[1][0] - p[0][0]), Math.Abs(p[2][0] - p[0][0])),
                Math.Max(Math.Abs(p[1][1] - p[0][1]), Math.Abs(p[2][1] - p[0][1])));
            if (spread <= xTolerance && v[2] - v[0] <= fTolerance)
            {
                break;
            }

            var c0 = 0.5 * (p[0][0] + p[1][0]);
            var c1 = 0.5 * (p[0][1] + p[1][1]);
            double[] r = [c0 + (c0 - p[2][0]), c1 + (c1 - p[2][1])];
            var fr = Eval(f, r);
            if (fr < v[0])
            {
                double[] e = [c0 + (2.0 * (c0 - p[2][0])), c1 + (2.0 * (c1 - p[2][1]))];
                var fe = Eval(f, e);
                (p[2], v[2]) = fe < fr ? (e, fe) : (r, fr);
            }
            else if (fr < v[1])
            {
                (p[2], v[2]) = (r, fr);
            }
            else
            {
                var outside = fr < v[2];
                double[] k = outside
                    ? [c0 + (0.5 * (r[0] - c0)), c1 + (0.5 * (r[1] - c1))]
                    : [c0 + (0.5 * (p[2][0] - c0)), c1 + (0.5 * (p[2][1] - c1))];
                var fk = Eval(f, k);
                if (fk < (outside ? fr : v[2]))
                {
                    (p[2], v[2]) = (k, fk);
                }
                else
                {
                    for (var i = 1; i < 3; i++)
                    {
                        p[i] = [p[0][0] + (0.5 * (p[i][0] - p[0][0])), p[0][1] + (0.5 * (p[i][1] - p[0][1]))];
                        v[i] = Eval(f, p[i]);
                    }
                }
            }
        }

        Sort(p, v);
        return (p[0], v[0]);
    }

    private static double Eval(Func<double, double, double> f, double[] x)
    {
        var y = f(x[0], x[1]);
        return double.IsNaN(y) ? double.PositiveInfinity : y;
    }

    private static void Sort(double[][] p, double[] v)
    {
        for (var i = 1; i < 3; i++)
        {
            for (var j = i; j > 0 && v[j] < v[j - 1]; j--)
            {
                (v[j], v[j - 1]) = (v[j - 1], v[j]);
                (p[j], p[j - 1]) = (p[j - 1], p[j]);
            }
        }
    }
}
