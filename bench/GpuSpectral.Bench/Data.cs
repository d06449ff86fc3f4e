namespace GpuSpectral.Bench;

/// <summary>Seeded synthetic inputs.</summary>
internal static class Data
{
    /// <summary>Row-major rows×cols standard Gaussian float64 matrix (Box–Muller on <see cref="Random"/>(seed)).</summary>
    public static double[] Gaussian(int rows, int cols, int seed)
    {
        var rng = new Random(seed);
        var w = GC.AllocateUninitializedArray<double>(checked(rows * cols));
        for (var i = 0; i < w.Length; i += 2)
        {
            var u1 = 1.0 - rng.NextDouble();
            var u2 = rng.NextDouble();
            var r = Math.Sqrt(-2.0 * Math.Log(u1));
            w[i] = r * Math.Cos(2 * Math.PI * u2);
            if (i + 1 < w.Length)
            {
                w[i + 1] = r * Math.Sin(2 * Math.PI * u2);
            }
        }

        return w;
    }

    /// <summary>n i.i.d. Pareto samples with density exponent alpha (pdf ∝ x^−alpha, x ≥ 1), tie-free in practice.</summary>
    public static double[] Pareto(int n, double alpha, int seed)
    {
        var rng = new Random(seed);
        var x = new double[n];
        for (var i = 0; i < n; i++)
        {
            x[i] = Math.Pow(1.0 - rng.NextDouble(), -1.0 / (alpha - 1.0));
        }

        return x;
    }
}
