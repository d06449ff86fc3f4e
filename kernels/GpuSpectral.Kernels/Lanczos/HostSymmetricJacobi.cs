namespace GpuSpectral.Kernels.Lanczos;

/// <summary>
/// Cyclic Jacobi on the host for the small projected problems of block Lanczos (orders up to a few hundred).
/// Rutishauser's rotation; stops when ‖off‖_F ≤ m·2⁻⁵²·‖A‖_F (the rounding floor) or after
/// 50 sweeps.
/// </summary>
internal static class HostSymmetricJacobi
{
    private const int MaxSweeps = 50;

    /// <summary>Eigen-decomposition of the symmetric m×m row-major <paramref name="a"/> (destroyed).</summary>
    /// <returns>Values ascending; Vectors m×m row-major with column j the unit eigenvector of Values[j].</returns>
    public static (double[] Values, double[] Vectors) Solve(double[] a, int m)
    {
        var v = new double[m * m];
        for (var i = 0; i < m; i++)
        {
            v[(i * m) + i] = 1.0;
        }

        var total = 0.0;
        foreach (var x in a)
        {
            total += x * x;
        }

        for (var sweep = 0; sweep < MaxSweeps; sweep++)
        {
            var off = 0.0;
            for (var i = 0; i < m; i++)
            {
                for (var j = 0; j < m; j++)
                {
                    off += i == j ? 0.0 : a[(i * m) + j] * a[(i * m) + j];
                }
            }

            var floor = m * 2.220446049250313e-16;
            if (off <= floor * floor * total)
            {
                break;
            }

            for (var p = 0; p < m - 1; p++)
            {
                for (var q = p + 1; q < m; q++)
                {
                    Rotate(a, v, m, p, q);
                }
            }
        }

        var values = new double[m];
        for (var i = 0; i < m; i++)
        {
            values[i] = a[(i * m) + i];
        }

        var order = Enumerable.Range(0, m).ToArray();
        Array.Sort((double[])values.Clone(), order);
        var sorted = new double[m];
        var vectors = new double[m * m];
        for (var j = 0; j < m; j++)
        {
            sorted[j] = values[order[j]];
            for (var i = 0; i < m; i++)
            {
                vectors[(i * m) + j] = v[(i * m) + order[j]];
            }
        }

        return (sorted, vectors);
    }

    private static void Rotate(double[] a, double[] v, int m, int p, int q)
    {
        var apq = a[(p * m) + q];
        if (apq == 0.0)
        {
            return;
        }

        var theta = (a[(q * m) + q] - a[(p * m) + p]) / (2.0 * apq);
        var t = Math.Abs(theta) > 1e150
            ? 0.5 / theta
            : (theta >= 0 ? 1.0 : -1.0) / (Math.Abs(theta) + Math.Sqrt(1.0 + (theta * theta)));
        var c = 1.0 / Math.Sqrt(1.0 + (t * t));
        var s = t * c;
        for (var k = 0; k < m; k++)
        {
            var x = a[(k * m) + p];
            var y = a[(k * m) + q];
            a[(k * m) + p] = (c * x) - (s * y);
            a[(k * m) + q] = (s * x) + (c * y);
        }

        for (var k = 0; k < m; k++)
        {
            var x = a[(p * m) + k];
            var y = a[(q * m) + k];
            a[(p * m) + k] = (c * x) - (s * y);
            a[(q * m) + k] = (s * x) + (c * y);
            var vx = v[(k * m) + p];
            var vy = v[(k * m) + q];
            v[(k * m) + p] = (c * vx) - (s * vy);
            v[(k * m) + q] = (s * vx) + (c * vy);
        }

        a[(p * m) + q] = 0.0;
        a[(q * m) + p] = 0.0;
    }
}
