namespace GpuSpectral.Core.Spectral;

/// <summary>
/// WeightWatcher 0.7.5.5's randomization (<c>apply_random_esd</c> + <c>apply_mp_fit(random=True)</c>; spec §b.6):
/// element-shuffle every matrix of the layer, take the eigenvalues, and compare with the layer's own spectrum.
/// </summary>
public static class Randomization
{
    /// <summary>Below this many components WW pools 5 shuffled replicas instead of 1.</summary>
    public const int FewComponents = 100;

    /// <summary>Replicas WW pools when n_comp &lt; <see cref="FewComponents"/>.</summary>
    public const int ReplicasForFewComponents = 5;

    /// <summary>Number of pooled replicas for a layer with <paramref name="numComponents"/> components.</summary>
    public static int ReplicaCount(int numComponents) => numComponents < FewComponents ? ReplicasForFewComponents : 1;

    /// <summary>
    /// Runs the randomization of one layer. One <see cref="Xoshiro256StarStar"/> stream seeded with
    /// <paramref name="seed"/> drives every shuffle, in WW's order: replica 1 slice 1, replica 1 slice 2, …, replica R
    /// slice S, then the single-replica r1 over the slices. Each shuffle is a uniform permutation of a flattened copy
    /// of one matrix (so a conv layer's kh·kw slices are shuffled separately, never mixed); of its eigenvalues the
    /// largest min(numComponents, min(rows, cols)) are kept (all of them for dense and conv layers, where
    /// n_comp = M·rf ≥ min(rows, cols)), with round-off negatives set to 0 as WW's squared singular values are ≥ 0.
    /// </summary>
    /// <param name="normalizedSlices">The layer's matrices after WW's normalization (conv2d_norm), each row-major
    /// <paramref name="rows"/> × <paramref name="cols"/>, float64. Not modified.</param>
    /// <param name="rows">Rows of every slice.</param>
    /// <param name="cols">Columns of every slice.</param>
    /// <param name="evals">The layer's own eigenvalues λ (all of them, raw units, any order). For the distance they
    /// are sorted and round-off negatives are read as 0, as WW's squared singular values are.</param>
    /// <param name="q">Q as WW reports it (including its conv N/M swap); used by the MP fit of the replicas.</param>
    /// <param name="m">The layer's M (not M·rf); used by the MP fit of the replicas.</param>
    /// <param name="numComponents">WW's n_comp (M·rf for conv layers, M for dense ones, as WW computes them):
    /// it sets the replica count and how many eigenvalues per matrix are kept.</param>
    /// <param name="seed">Seed of the shuffles; the same seed gives the same result.</param>
    /// <param name="eigenvalues">Solver for the shuffled matrices.</param>
    /// <exception cref="ArgumentException">No slice, a slice of the wrong size, or r1 and λ differ in length.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="numComponents"/> &lt; 1.</exception>
    public static RandomizationResult Run(
        IReadOnlyList<double[]> normalizedSlices, int rows, int cols, ReadOnlySpan<double> evals, double q, int m,
        int numComponents, int seed, GramEigenvalues eigenvalues)
    {
        ArgumentNullException.ThrowIfNull(normalizedSlices);
        ArgumentNullException.ThrowIfNull(eigenvalues);
        if (normalizedSlices.Count == 0 || normalizedSlices.Any(s => s.Length != (long)rows * cols))
        {
            throw new ArgumentException($"expected at least one slice of {rows}×{cols} values", nameof(normalizedSlices));
        }

        ArgumentOutOfRangeException.ThrowIfLessThan(numComponents, 1);

        var rng = new Xoshiro256StarStar(seed);
        var replicas = ReplicaCount(numComponents);
        var pooled = ShuffledEigenvalues(normalizedSlices, rows, cols, numComponents, replicas, rng, eigenvalues);
        var single = ShuffledEigenvalues(normalizedSlices, rows, cols, numComponents, 1, rng, eigenvalues);
        var randomFit = MarchenkoPastur.Fit(pooled, q, m);

        double distance = double.NaN, softRank = double.NaN, maxDist = double.NaN;
        if (evals.Length > 0)
        {
            var own = evals.ToArray();
            Array.Sort(own);
            for (var i = 0; i < own.Length; i++)
            {
                own[i] = Math.Max(own[i], 0.0);
            }

            distance = JensenShannon.Distance(own, single);
            softRank = single[^1] / own[^1];
            maxDist = own[^1] - single[^1];
        }

        return new RandomizationResult(replicas, pooled, single, pooled[^1], distance, softRank, maxDist, randomFit);
    }

    private static double[] ShuffledEigenvalues(
        IReadOnlyList<double[]> slices, int rows, int cols, int numComponents, int replicas, Xoshiro256StarStar rng,
        GramEigenvalues solver)
    {
        var keep = Math.Min(Math.Max(numComponents, 0), Math.Min(rows, cols));
        var all = new List<double>(replicas * slices.Count * keep);
        for (var r = 0; r < replicas; r++)
        {
            foreach (var slice in slices)
            {
                var shuffled = (double[])slice.Clone();
                rng.Shuffle(shuffled.AsSpan());
                var values = solver(shuffled, rows, cols);
                for (var i = values.Length - keep; i < values.Length; i++)
                {
                    all.Add(Math.Max(values[i], 0.0));
                }
            }
        }

        var result = all.ToArray();
        Array.Sort(result);
        return result;
    }
}
