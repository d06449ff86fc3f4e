using System.Globalization;

namespace GpuSpectral.Core.Fitting;

/// <summary>The exhaustive continuous power-law fit (Clauset–Shalizi–Newman KS scan over every xmin).</summary>
/// <remarks>
/// Reproduces WeightWatcher's default <c>fit_powerlaw</c> path (weightwatcher-spec.md §b.3: <c>WWFit</c>,
/// <c>EVALS_THRESH</c>, integer <c>xmax</c>, <c>num_pl_spikes</c>) or <c>powerlaw</c> 1.5, following the recipe of
/// powerlaw-algorithm.md §8 with the O(N) exponent scan (§8.2), the exact pruned KS scan (§11.2) and, unless the
/// landscape is kept, the early exit for the argmin (§11.3): candidates that cannot be the first minimum are dropped
/// part-way, the chosen one is scanned in full, so every reported number equals the brute-force one bit for bit.
/// Checked against the float64 numpy oracle <c>ks_scan_ref.py</c>.
/// </remarks>
public static class PowerLawFitter
{
    /// <summary>Fits a power law to <paramref name="values"/> (e.g. the eigenvalues of one layer).</summary>
    /// <param name="values">Input values, any order, any units; not modified. NaN or ±∞ anywhere gives a failed fit.</param>
    /// <param name="options">Fit options; null means <see cref="PowerLawFitOptions.Default"/>.</param>
    /// <returns>The fit. Data problems (too few values, NaN/∞ input, XmaxDrop too large) give
    /// <see cref="FitStatus.Failed"/> with a reason and NaN numbers; they never throw.</returns>
    /// <exception cref="ArgumentException">An option is out of range.</exception>
    public static PowerLawFit Fit(ReadOnlySpan<double> values, PowerLawFitOptions? options = null)
    {
        options ??= PowerLawFitOptions.Default;
        options.Validate();

        for (var i = 0; i < values.Length; i++)
        {
            if (!double.IsFinite(values[i]))
            {
                return PowerLawFit.Failed(string.Create(
                    CultureInfo.InvariantCulture, $"input value {i} is {values[i]}: NaN and infinity cannot be fitted"));
            }
        }

        // WeightWatcher clips the k largest of all eigenvalues (before the threshold) and counts num_pl_spikes on
        // the clipped array (weightwatcher.py:4192-4200, 4288).
        var all = values.ToArray();
        Array.Sort(all);
        var kept = all.Length;
        if (options.XmaxDrop is { } k)
        {
            if (k > all.Length / 2.0)
            {
                return PowerLawFit.Failed(string.Create(
                    CultureInfo.InvariantCulture,
                    $"XmaxDrop {k} is more than half of the {all.Length} values"));
            }

            kept -= k;
        }

        var threshold = Math.Max(options.Threshold, 0.0);
        var first = 0;
        while (first < kept && !(all[first] > threshold))
        {
            first++;
        }

        var x = all.AsSpan(first, kept - first);
        if (x.Length < 2)
        {
            return PowerLawFit.Failed(
                string.Create(
                    CultureInfo.InvariantCulture,
                    $"{x.Length} value(s) above the threshold {options.Threshold}: at least 2 are needed"),
                x.Length);
        }

        var candidates = KsScan.CandidateIndices(x, options.Compat);
        if (options.XminMin is not null || options.XminMax is not null)
        {
            candidates = CandidatesInRange(x, candidates, options);
            if (candidates.Length == 0)
            {
                return PowerLawFit.Failed("no xmin candidate inside [XminMin, XminMax]", x.Length);
            }
        }

        if (candidates.Length == 0)
        {
            return PowerLawFit.Failed("fewer than 2 distinct values above the threshold: no xmin candidate", x.Length);
        }

        var alphas = KsScan.Alphas(x, candidates);
        double[]? ds = null;
        int best;
        double d;
        if (options.UsePruning && !options.KeepLandscape)
        {
            // Only the first minimum and its exact D are needed: same answer, bit for bit (§11.3).
            best = KsScan.ArgMinEarlyExit(
                x, candidates, alphas, options.Compat, out d, out _, options.MaxDegreeOfParallelism);
        }
        else
        {
            ds = options.UsePruning
                ? KsScan.DistancesPruned(x, candidates, alphas, options.Compat, out _, options.MaxDegreeOfParallelism)
                : KsScan.DistancesBruteForce(x, candidates, alphas, options.Compat, out _, options.MaxDegreeOfParallelism);
            best = KsScan.ArgMin(ds, alphas, options.Compat);
            d = ds[best];
        }

        var alpha = alphas[best];
        if (double.IsNaN(alpha))
        {
            return PowerLawFit.Failed("the fitted exponent is NaN", x.Length);
        }

        var xmin = x[candidates[best]];
        var tail = x.Length - candidates[best];
        var spikes = 0;
        for (var i = kept - 1; i >= 0 && all[i] >= xmin; i--)
        {
            spikes++;
        }

        return new PowerLawFit
        {
            Status = FitStatus.Success,
            Alpha = alpha,
            Xmin = xmin,
            Xmax = x[^1],
            D = d,
            Sigma = KsScan.Sigma(alpha, tail),
            NumPlSpikes = spikes,
            TailCount = tail,
            FittedCount = x.Length,
            CandidateIndex = best,
            Xmins = options.KeepLandscape ? [.. candidates.Select(c => all[first + c])] : null,
            Alphas = options.KeepLandscape ? alphas : null,
            Ds = options.KeepLandscape ? ds : null,
            Sigmas = options.KeepLandscape ? Sigmas(alphas, candidates, x.Length) : null,
        };
    }

    /// <summary>
    /// The candidates whose xmin lies in [XminMin, XminMax] (null bounds open). powerlaw 1.5 builds its range candidates
    /// as unique(data in range)[:-1] (powerlaw.py:195–204), so in that mode the largest distinct in-range value is
    /// dropped as well, even when it is not the largest value of the data.
    /// </summary>
    internal static int[] CandidatesInRange(ReadOnlySpan<double> sorted, int[] candidates, PowerLawFitOptions options)
    {
        var lo = options.XminMin ?? double.NegativeInfinity;
        var hi = options.XminMax ?? double.PositiveInfinity;
        if (options.Compat == FitCompat.WeightWatcher)
        {
            var kept = new List<int>(candidates.Length);
            foreach (var c in candidates)
            {
                if (sorted[c] >= lo && sorted[c] <= hi)
                {
                    kept.Add(c);
                }
            }

            return [.. kept];
        }

        var inRange = new List<int>();
        foreach (var c in KsScan.FirstOfEachDistinct(sorted))
        {
            if (sorted[c] >= lo && sorted[c] <= hi)
            {
                inRange.Add(c);
            }
        }

        return inRange.Count > 1 ? [.. inRange[..^1]] : [];
    }

    private static double[] Sigmas(double[] alphas, int[] candidates, int n)
    {
        var s = new double[alphas.Length];
        for (var c = 0; c < s.Length; c++)
        {
            s[c] = KsScan.Sigma(alphas[c], n - candidates[c]);
        }

        return s;
    }
}
