namespace GpuSpectral.GpuBench;

/// <summary>Float64 host arithmetic the checks compare against (inputs, Gram products, matrix invariants).</summary>
internal static class HostReference
{
    /// <summary>Unit round-off of float64 (2⁻⁵³) and float32 (2⁻²⁴).</summary>
    public static readonly double U64 = Math.ScaleB(1.0, -53);

    public static readonly double U32 = Math.ScaleB(1.0, -24);

    /// <summary>Uniform values in [−1, 1).</summary>
    public static double[] Uniform(Random rng, long count)
    {
        var x = new double[count];
        for (long i = 0; i < count; i++)
        {
            x[i] = (2 * rng.NextDouble()) - 1;
        }

        return x;
    }

    /// <summary><paramref name="count"/> random symmetric n×n matrices (both triangles), (B + Bᵀ)/2 of uniform B.</summary>
    public static double[] Symmetric(Random rng, int n, int count)
    {
        var a = new double[(long)n * n * count];
        for (var b = 0; b < count; b++)
        {
            var o = (long)b * n * n;
            for (var i = 0; i < n; i++)
            {
                for (var j = 0; j <= i; j++)
                {
                    var v = (2 * rng.NextDouble()) - 1;
                    a[o + ((long)i * n) + j] = v;
                    a[o + ((long)j * n) + i] = v;
                }
            }
        }

        return a;
    }

    /// <summary>Entry (i, j) of the smaller-side Gram of row-major rows×cols W (WᵀW when cols ≤ rows, else WWᵀ).</summary>
    public static double GramEntry(ReadOnlySpan<double> w, int rows, int cols, int i, int j)
    {
        double s = 0;
        if (cols <= rows)
        {
            for (var k = 0; k < rows; k++)
            {
                s += w[(k * cols) + i] * w[(k * cols) + j];
            }
        }
        else
        {
            for (var k = 0; k < cols; k++)
            {
                s += w[(i * cols) + k] * w[(j * cols) + k];
            }
        }

        return s;
    }

    /// <summary>
    /// Largest |X[i,j] − float64 Gram(i,j)| / max|Gram| over the pairs checked: every pair when n ≤ 64, else 64
    /// random pairs plus the diagonal of 16 random indices.
    /// </summary>
    public static double GramError(double[] w, int rows, int cols, double[] x, Random rng)
    {
        var n = Math.Min(rows, cols);
        var pairs = new List<(int I, int J)>();
        if (n <= 64)
        {
            for (var i = 0; i < n; i++)
            {
                for (var j = 0; j < n; j++)
                {
                    pairs.Add((i, j));
                }
            }
        }
        else
        {
            for (var t = 0; t < 64; t++)
            {
                pairs.Add((rng.Next(n), rng.Next(n)));
            }

            for (var t = 0; t < 16; t++)
            {
                var i = rng.Next(n);
                pairs.Add((i, i));
            }
        }

        double scale = 0, err = 0;
        foreach (var (i, j) in pairs)
        {
            var expected = GramEntry(w, rows, cols, i, j);
            scale = Math.Max(scale, Math.Abs(expected));
            err = Math.Max(err, Math.Abs(x[((long)i * n) + j] - expected));
        }

        return scale > 0 ? err / scale : err;
    }

    /// <summary>Frobenius norm and trace of matrix <paramref name="b"/> of a batch.</summary>
    public static (double Frobenius, double Trace) Invariants(ReadOnlySpan<double> a, int n, int b)
    {
        var m = a.Slice(b * n * n, n * n);
        double f = 0, t = 0;
        for (var i = 0; i < m.Length; i++)
        {
            f += m[i] * m[i];
        }

        for (var i = 0; i < n; i++)
        {
            t += m[(i * n) + i];
        }

        return (Math.Sqrt(f), t);
    }

    /// <summary>
    /// Worst relative violation, over the matrices, of Σλ = trace and Σλ² = ‖A‖²_F, each divided by its bound
    /// (Σλ: 4·n²·u·‖A‖_F, per-eigenvalue error ≲ c·n·u·‖A‖ summed; Σλ²: 8·n^1.5·u·‖A‖²_F); ≤ 1 passes.
    /// A NaN eigenvalue gives +∞.
    /// </summary>
    public static double InvariantViolation(double[] a, int n, IReadOnlyList<double[]> values, double u)
    {
        double worst = 0;
        for (var b = 0; b < values.Count; b++)
        {
            var (f, t) = Invariants(a, n, b);
            double s1 = 0, s2 = 0;
            foreach (var v in values[b])
            {
                s1 += v;
                s2 += v * v;
            }

            if (values[b].Length != n || !double.IsFinite(s1) || !double.IsFinite(s2))
            {
                return double.PositiveInfinity;
            }

            var bound1 = 4.0 * n * n * u * f;
            var bound2 = 8.0 * Math.Pow(n, 1.5) * u * f * f;
            worst = Math.Max(worst, Math.Max(Math.Abs(s1 - t) / bound1, Math.Abs(s2 - (f * f)) / bound2));
        }

        return worst;
    }

    /// <summary>max |λ − λref| / max|λref| over all eigenvalues (both ascending); +∞ on a length mismatch or NaN.</summary>
    public static double EigenError(double[] actual, double[] expected)
    {
        if (actual.Length != expected.Length)
        {
            return double.PositiveInfinity;
        }

        double scale = 0, err = 0;
        for (var i = 0; i < expected.Length; i++)
        {
            scale = Math.Max(scale, Math.Abs(expected[i]));
            var d = Math.Abs(actual[i] - expected[i]);
            err = double.IsNaN(d) ? double.PositiveInfinity : Math.Max(err, d);
        }

        return scale > 0 ? err / scale : err;
    }
}
