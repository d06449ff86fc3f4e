namespace GpuSpectral.Core.Fitting;

/// <summary>
/// The computational core of the exhaustive Clauset–Shalizi–Newman power-law fit: candidate sets, the O(N) exponent
/// scan and the per-candidate KS distances (brute force and exact pruned), all in float64. Public so that other
/// back ends (e.g. a GPU kernel) can be checked against it.
/// </summary>
/// <remarks>
/// Source: <c>shared/reference/powerlaw-algorithm.md</c> §1 (definitions), §8 (recipe), §11 (pruning), and the numpy
/// oracle <c>ks_scan_ref.py</c> (<c>candidate_indices</c>, <c>alphas_for_candidates</c>, <c>d_all_bruteforce</c>,
/// <c>d_all_pruned</c>). Every method takes the fitted data sorted ascending, finite and &gt; 0.
/// </remarks>
public static partial class KsScan
{
    /// <summary>Positions in <paramref name="sorted"/> tried as xmin, ascending.</summary>
    /// <param name="sorted">Fitted values, ascending, finite, &gt; 0.</param>
    /// <param name="compat">
    /// <see cref="FitCompat.WeightWatcher"/>: every position 0..N−2 (duplicates included);
    /// <see cref="FitCompat.Powerlaw15"/>: the first position of every distinct value except the largest.
    /// </param>
    /// <returns>The candidate positions; empty when N &lt; 2 (or fewer than 2 distinct values for powerlaw 1.5).</returns>
    public static int[] CandidateIndices(ReadOnlySpan<double> sorted, FitCompat compat)
    {
        CheckSorted(sorted);
        var n = sorted.Length;
        if (compat == FitCompat.WeightWatcher)
        {
            if (n < 2)
            {
                return [];
            }

            var all = new int[n - 1];
            for (var i = 0; i < all.Length; i++)
            {
                all[i] = i;
            }

            return all;
        }

        CheckCompat(compat);
        var first = FirstOfEachDistinct(sorted);
        return first.Length > 1 ? first[..^1] : [];
    }

    /// <summary>
    /// S_k = Σ_{j≥k} ln(x_j/x_k) for every position k, computed without cancellation as the suffix sum
    /// S_k = Σ_{i=k}^{N−2} (N−1−i)·g_i with g_i = log1p((x_{i+1}−x_i)/x_i) ≥ 0 (powerlaw-algorithm.md §8.2).
    /// </summary>
    /// <param name="sorted">Fitted values, ascending, finite, &gt; 0.</param>
    /// <returns>An array of length N with S[N−1] = 0 (dimensionless, ≥ 0).</returns>
    public static double[] SuffixLogSums(ReadOnlySpan<double> sorted)
    {
        CheckSorted(sorted);
        var n = sorted.Length;
        var s = new double[n];
        var acc = 0.0;
        for (var i = n - 2; i >= 0; i--)
        {
            var g = KsMath.Log1p((sorted[i + 1] - sorted[i]) / sorted[i]);
            acc += (n - 1 - i) * g;
            s[i] = acc;
        }

        return s;
    }

    /// <summary>
    /// MLE exponent α_k = 1 + n_k/S_k of every candidate, n_k = N − k (CSN eq. 3.1; powerlaw-algorithm.md §8.2).
    /// </summary>
    /// <param name="sorted">Fitted values, ascending, finite, &gt; 0.</param>
    /// <param name="candidates">Candidate positions (see <see cref="CandidateIndices"/>).</param>
    /// <returns>α per candidate; +∞ when S_k = 0 (the whole tail is one tied value).</returns>
    public static double[] Alphas(ReadOnlySpan<double> sorted, ReadOnlySpan<int> candidates)
    {
        var s = SuffixLogSums(sorted);
        CheckCandidates(candidates, sorted.Length);
        var alphas = new double[candidates.Length];
        for (var c = 0; c < candidates.Length; c++)
        {
            double nk = sorted.Length - candidates[c];
            alphas[c] = 1.0 + (nk / s[candidates[c]]);
        }

        return alphas;
    }

    /// <summary>Asymptotic standard error σ = (α−1)/√n of the MLE exponent (powerlaw-algorithm.md §1).</summary>
    /// <param name="alpha">The exponent.</param>
    /// <param name="tailCount">n, the number of tail points (≥ 1).</param>
    /// <returns>σ; +∞ for α = +∞; NaN for NaN α.</returns>
    public static double Sigma(double alpha, int tailCount) => (alpha - 1.0) / Math.Sqrt(tailCount);

    /// <summary>
    /// Index of the chosen candidate: the first minimum of <paramref name="distances"/> (smallest index on exact
    /// ties, as <c>numpy.argmin</c>). In <see cref="FitCompat.Powerlaw15"/> mode candidates with α ≤ 1 (or NaN) are
    /// skipped unless none is valid (powerlaw.py:254–278); WeightWatcher mode has already set their D to 1.
    /// </summary>
    /// <param name="distances">D per candidate.</param>
    /// <param name="alphas">α per candidate (same length).</param>
    /// <param name="compat">Semantics to reproduce.</param>
    /// <returns>The index, or −1 when there are no candidates. A NaN distance is chosen if it comes first
    /// (numpy semantics).</returns>
    public static int ArgMin(ReadOnlySpan<double> distances, ReadOnlySpan<double> alphas, FitCompat compat)
    {
        if (distances.Length != alphas.Length)
        {
            throw new ArgumentException("distances and alphas must have the same length.", nameof(alphas));
        }

        CheckCompat(compat);
        if (compat == FitCompat.Powerlaw15)
        {
            var best = -1;
            for (var c = 0; c < distances.Length; c++)
            {
                if (alphas[c] > 1.0 && (best < 0 || Less(distances[c], distances[best])))
                {
                    best = c;
                }
            }

            if (best >= 0)
            {
                return best;
            }
        }

        return FirstArgMin(distances);
    }

    private static int FirstArgMin(ReadOnlySpan<double> d)
    {
        var best = d.Length > 0 ? 0 : -1;
        for (var c = 1; c < d.Length; c++)
        {
            if (Less(d[c], d[best]))
            {
                best = c;
            }
        }

        return best;
    }

    // numpy.argmin order: NaN is the minimum (first NaN wins), otherwise strict less.
    private static bool Less(double a, double b) => !double.IsNaN(b) && (double.IsNaN(a) || a < b);

    internal static int[] FirstOfEachDistinct(ReadOnlySpan<double> sorted)
    {
        var count = 0;
        for (var i = 0; i < sorted.Length; i++)
        {
            if (i == 0 || sorted[i] != sorted[i - 1])
            {
                count++;
            }
        }

        var first = new int[count];
        count = 0;
        for (var i = 0; i < sorted.Length; i++)
        {
            if (i == 0 || sorted[i] != sorted[i - 1])
            {
                first[count++] = i;
            }
        }

        return first;
    }

    private static void CheckSorted(ReadOnlySpan<double> sorted)
    {
        for (var i = 0; i < sorted.Length; i++)
        {
            var v = sorted[i];
            if (!(v > 0) || double.IsPositiveInfinity(v) || (i > 0 && v < sorted[i - 1]))
            {
                throw new ArgumentException(
                    $"Values must be finite, > 0 and sorted ascending (position {i}).", nameof(sorted));
            }
        }
    }

    private static void CheckCandidates(ReadOnlySpan<int> candidates, int n)
    {
        for (var c = 0; c < candidates.Length; c++)
        {
            if (candidates[c] < 0 || candidates[c] >= n || (c > 0 && candidates[c] <= candidates[c - 1]))
            {
                throw new ArgumentException(
                    $"Candidates must be strictly ascending positions in [0, {n}) (entry {c}).", nameof(candidates));
            }
        }
    }

    private static void CheckCompat(FitCompat compat)
    {
        if (!Enum.IsDefined(compat))
        {
            throw new ArgumentException($"Unknown FitCompat value {(int)compat}.", nameof(compat));
        }
    }
}
