namespace GpuSpectral.Compute.Cpu;

/// <summary>Checks and layout helpers for <see cref="ISymmetricEigenSolver"/> implementations.</summary>
internal static class SymmetricInput
{
    private const int Block = 64;

    /// <summary>Checks n ≥ 1, a.Length = n², 0 ≤ k ≤ n and that every element is finite.</summary>
    public static void Validate(double[] a, int n, int k)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentOutOfRangeException.ThrowIfLessThan(n, 1);
        ArgumentOutOfRangeException.ThrowIfNegative(k);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(k, n);
        if ((long)n * n != a.Length)
        {
            throw new ArgumentException($"An {n}×{n} matrix needs {(long)n * n} elements but the array holds {a.Length}.",
                nameof(a));
        }

        GramInput.ThrowIfNotFinite(a, "symmetric input matrix");
    }

    /// <summary>
    /// Rebuilds the column-major upper triangle (row-major: lower) of <paramref name="a"/> from its strict
    /// column-major lower triangle and puts back the saved <paramref name="diagonal"/>, after LAPACK destroyed the
    /// upper triangle with UPLO='U'. Blocked for cache, parallel over block rows.
    /// </summary>
    public static void RestoreUpper(double[] a, int n, double[] diagonal)
    {
        var blocks = (n + Block - 1) / Block;
        Parallel.For(0, blocks, bc =>
        {
            var c0 = bc * Block;
            var c1 = Math.Min(n, c0 + Block);
            for (var r0 = 0; r0 < c1; r0 += Block)
            {
                var r1 = Math.Min(c1, r0 + Block);
                for (var c = c0; c < c1; c++)
                {
                    var rEnd = Math.Min(r1, c);
                    for (var r = r0; r < rEnd; r++)
                    {
                        // Column-major (r, c) with r < c is a[c·n + r]; its mirror (c, r) is a[r·n + c].
                        a[((long)c * n) + r] = a[((long)r * n) + c];
                    }
                }
            }
        });
        for (var i = 0; i < n; i++)
        {
            a[((long)i * n) + i] = diagonal[i];
        }
    }

    /// <summary>The diagonal of the n×n matrix.</summary>
    public static double[] Diagonal(double[] a, int n)
    {
        var d = new double[n];
        for (var i = 0; i < n; i++)
        {
            d[i] = a[((long)i * n) + i];
        }

        return d;
    }
}
