namespace GpuSpectral.Core.Fitting;

public static partial class KsScan
{
    /// <summary>
    /// KS distance of every candidate by brute force: D_k = max over tail points i of
    /// |−expm1((1−α_k)(y_i−y_k)) − c_i/n_k| with y = ln x and c_i the number of tail points strictly below x_i
    /// (WeightWatcher: i−k). Σ_k (tail points) evaluations, parallel over candidates.
    /// </summary>
    /// <param name="sorted">Fitted values, ascending, finite, &gt; 0.</param>
    /// <param name="candidates">Candidate positions, strictly ascending (see <see cref="CandidateIndices"/>).</param>
    /// <param name="alphas">α per candidate (see <see cref="Alphas"/>).</param>
    /// <param name="compat">Which KS points to use. WeightWatcher mode sets D = 1 where α ≤ 1 or α is NaN
    /// (WW_powerlaw.py:76); otherwise a NaN α gives a NaN D.</param>
    /// <param name="evaluations">Number of (candidate, point) pairs evaluated.</param>
    /// <param name="maxDegreeOfParallelism">−1 for unlimited threads, 1 for serial. The result does not depend on it.</param>
    /// <returns>D per candidate, in [0, 1].</returns>
    /// <remarks>Left-limit KS as in every implementation (powerlaw-algorithm.md §1, §8.4); an all-tied tail has
    /// α = +∞ and T = 0 at every point (ks_scan_ref.py <c>d_all_bruteforce</c>), so D = (n−1)/n there.</remarks>
    public static double[] DistancesBruteForce(
        ReadOnlySpan<double> sorted,
        ReadOnlySpan<int> candidates,
        ReadOnlySpan<double> alphas,
        FitCompat compat,
        out long evaluations,
        int maxDegreeOfParallelism = -1) =>
        Distances(sorted, candidates, alphas, compat, pruned: false, maxDegreeOfParallelism, out evaluations);

    /// <summary>
    /// The same distances as <see cref="DistancesBruteForce"/>, bit for bit, by exact bound-and-refine
    /// (powerlaw-algorithm.md §11.2, ks_scan_ref.py <c>d_all_pruned</c>): along a tail both the fitted CDF T and the
    /// empirical CDF E are non-decreasing, so on the points strictly between two evaluated points p &lt; q,
    /// |T − E| ≤ max(T_q − E_p, E_q − T_p). Every 64th point is evaluated first; a run is refined (split in 4, or
    /// evaluated whole when ≤ 8 wide) only while its bound exceeds the running maximum.
    /// </summary>
    /// <inheritdoc cref="DistancesBruteForce" path="/param|/returns"/>
    /// <remarks>
    /// A skipped point's computed |T−E| is at most the bound plus a few ulps of rounding (T's non-monotone rounding
    /// and the bound's own subtraction), so runs are kept while bound + 1e-14 &gt; max; the maximum is therefore
    /// attained at an evaluated point and equals the brute-force maximum exactly. Candidates with α ≤ 1 (T not
    /// increasing), or data whose computed logarithms are not monotone, fall back to brute force. The number of
    /// evaluations is at most the brute-force count.
    /// </remarks>
    public static double[] DistancesPruned(
        ReadOnlySpan<double> sorted,
        ReadOnlySpan<int> candidates,
        ReadOnlySpan<double> alphas,
        FitCompat compat,
        out long evaluations,
        int maxDegreeOfParallelism = -1) =>
        Distances(sorted, candidates, alphas, compat, pruned: true, maxDegreeOfParallelism, out evaluations);

    private static double[] Distances(
        ReadOnlySpan<double> sorted,
        ReadOnlySpan<int> candidates,
        ReadOnlySpan<double> alphas,
        FitCompat compat,
        bool pruned,
        int maxDegreeOfParallelism,
        out long evaluations)
    {
        CheckScanInputs(sorted, candidates, alphas, compat, maxDegreeOfParallelism);
        var points = KsPoints.Build(sorted, candidates, compat);
        var alpha = alphas.ToArray();
        var d = new double[candidates.Length];
        var ww = compat == FitCompat.WeightWatcher;
        var usePruning = pruned && points.LogMonotone;
        long total = 0;
        KsWorkPartition.Run(points, maxDegreeOfParallelism, (from, to) =>
        {
            long evals = 0;
            var stack = usePruning ? new RunStack() : null;
            for (var c = from; c < to; c++)
            {
                var a = alpha[c];
                var hint = -1;
                d[c] = ww && !(a > 1.0) ? 1.0 // WW_powerlaw.py:76
                    : double.IsNaN(a) ? double.NaN
                    : stack is not null && a > 1.0
                        ? Pruned(points, c, a, double.PositiveInfinity, false, stack, ref hint, ref evals)
                        : Brute(points, c, a, double.PositiveInfinity, false, ref hint, ref evals);
            }

            Interlocked.Add(ref total, evals);
        });
        evaluations = total;
        return d;
    }

    private static void CheckScanInputs(
        ReadOnlySpan<double> sorted,
        ReadOnlySpan<int> candidates,
        ReadOnlySpan<double> alphas,
        FitCompat compat,
        int maxDegreeOfParallelism)
    {
        CheckSorted(sorted);
        CheckCandidates(candidates, sorted.Length);
        CheckCompat(compat);
        if (alphas.Length != candidates.Length)
        {
            throw new ArgumentException("alphas and candidates must have the same length.", nameof(alphas));
        }

        if (maxDegreeOfParallelism is 0 or < -1)
        {
            throw new ArgumentException("maxDegreeOfParallelism must be -1 or ≥ 1.", nameof(maxDegreeOfParallelism));
        }
    }
}
