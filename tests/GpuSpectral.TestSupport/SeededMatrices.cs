namespace GpuSpectral.TestSupport;

/// <summary>Seeded, reproducible test matrices (row-major float64).</summary>
public static class SeededMatrices
{
    /// <summary>i.i.d. N(0, scale²) entries (Box–Muller on <see cref="Random"/> with the given seed).</summary>
    public static double[] Gaussian(int rows, int cols, int seed, double scale = 1.0)
    {
        var rng = new Random(seed);
        var a = new double[checked(rows * cols)];
        for (var i = 0; i < a.Length; i++)
        {
            a[i] = scale * StandardNormal(rng);
        }

        return a;
    }

    /// <summary>i.i.d. Student-t entries with <paramref name="dof"/> degrees of freedom (heavy tails).</summary>
    public static double[] StudentT(int rows, int cols, double dof, int seed)
    {
        var rng = new Random(seed);
        var a = new double[checked(rows * cols)];
        for (var i = 0; i < a.Length; i++)
        {
            // t = Z / sqrt(V/dof), V ~ chi²(dof) approximated by a sum of squares for integer part plus gamma-free
            // trick: use the ratio of normals to inverse-gamma via Marsaglia–Tsang would be overkill for tests.
            var z = StandardNormal(rng);
            var v = 0.0;
            var k = (int)Math.Round(dof);
            for (var j = 0; j < Math.Max(1, k); j++)
            {
                var g = StandardNormal(rng);
                v += g * g;
            }

            a[i] = z / Math.Sqrt(v / Math.Max(1, k));
        }

        return a;
    }

    /// <summary>One standard normal deviate (Box–Muller).</summary>
    public static double StandardNormal(Random rng)
    {
        var u1 = 1.0 - rng.NextDouble();
        var u2 = rng.NextDouble();
        return Math.Sqrt(-2.0 * Math.Log(u1)) * Math.Cos(2.0 * Math.PI * u2);
    }
}
