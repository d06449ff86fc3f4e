namespace GpuSpectral.Core.Fitting;

/// <summary>Options of <see cref="PowerLawFitter.Fit(ReadOnlySpan{double}, PowerLawFitOptions)"/>.</summary>
/// <remarks>
/// Defaults reproduce WeightWatcher's default fit path (<c>fit='PL'</c>, <c>pl_package='ww'</c>, <c>xmax=None</c>,
/// <c>fix_fingers=False</c>): weightwatcher-spec.md §b.3 and the <c>xmax</c> row of §a;
/// powerlaw-algorithm.md §4 and §8.
/// </remarks>
public sealed record PowerLawFitOptions
{
    /// <summary>The default options (WeightWatcher semantics).</summary>
    public static PowerLawFitOptions Default { get; } = new();

    /// <summary>Candidate set and KS evaluation points to reproduce. Default <see cref="FitCompat.WeightWatcher"/>.</summary>
    public FitCompat Compat { get; init; } = FitCompat.WeightWatcher;

    /// <summary>
    /// Values ≤ this threshold are dropped before fitting (same units as the values). Default 1e-5, WeightWatcher's
    /// <c>EVALS_THRESH</c>, which is <b>absolute</b> (not relative to the largest value). Must not be NaN; it may be
    /// negative or −∞, but values ≤ 0 are always dropped because the fit takes logarithms.
    /// </summary>
    public double Threshold { get; init; } = 1e-5;

    /// <summary>
    /// WeightWatcher's integer <c>xmax</c>: drop the k largest input values before fitting (null = keep all). The fit
    /// fails when k &gt; (number of input values)/2, as WeightWatcher does (weightwatcher.py:4192–4200, where the count
    /// is taken over all eigenvalues, before the threshold). Must be ≥ 1 when set (WeightWatcher takes |k| and
    /// treats k = 0 as "clip everything"; pass the magnitude instead).
    /// </summary>
    public int? XmaxDrop { get; init; }

    /// <summary>
    /// Lower end of the xmin search (inclusive, units of the values); null (default) = no lower limit. Candidates below
    /// it are not tried. Must not be NaN. Used by <c>fix_fingers='xmin_peak'</c> (weightwatcher-spec.md §b.3), which
    /// passes powerlaw a range (powerlaw.py:195–200).
    /// </summary>
    public double? XminMin { get; init; }

    /// <summary>
    /// WeightWatcher's <c>xmin_max</c>: upper end of the xmin search (inclusive, units of the values); null (default) =
    /// no upper limit. Must not be NaN. In <see cref="FitCompat.Powerlaw15"/> mode, when either bound is set the
    /// candidates are powerlaw 1.5's: the distinct values inside [XminMin, XminMax] except the largest of them
    /// (powerlaw.py:195–204); in WeightWatcher mode the ordinary candidates inside the range.
    /// </summary>
    public double? XminMax { get; init; }

    /// <summary>When true, the result carries the per-candidate arrays (xmins, alphas, Ds, sigmas).</summary>
    public bool KeepLandscape { get; init; }

    /// <summary>
    /// When true (default) the KS distances use the exact bound-and-refine scan
    /// (<see cref="KsScan.DistancesPruned"/>), and without <see cref="KeepLandscape"/> only the chosen candidate's D is
    /// completed (<see cref="KsScan.ArgMinEarlyExit"/>); when false every D by the brute-force scan. All give the same
    /// chosen candidate and bit-identical numbers.
    /// </summary>
    public bool UsePruning { get; init; } = true;

    /// <summary>Largest number of threads for the scan: −1 (default) means unlimited, 1 means serial.</summary>
    public int MaxDegreeOfParallelism { get; init; } = -1;

    /// <summary>Throws <see cref="ArgumentException"/> when an option is out of range.</summary>
    public void Validate()
    {
        if (!Enum.IsDefined(Compat))
        {
            throw new ArgumentException($"Unknown Compat value {(int)Compat}.", nameof(Compat));
        }

        if (double.IsNaN(Threshold))
        {
            throw new ArgumentException("Threshold must not be NaN.", nameof(Threshold));
        }

        if ((XminMin is { } lo && double.IsNaN(lo)) || (XminMax is { } hi && double.IsNaN(hi)))
        {
            throw new ArgumentException("XminMin and XminMax must not be NaN.", nameof(XminMax));
        }

        if (XmaxDrop is { } k && k < 1)
        {
            throw new ArgumentException($"XmaxDrop must be null or ≥ 1, got {k}.", nameof(XmaxDrop));
        }

        if (MaxDegreeOfParallelism is 0 or < -1)
        {
            throw new ArgumentException(
                $"MaxDegreeOfParallelism must be -1 or ≥ 1, got {MaxDegreeOfParallelism}.",
                nameof(MaxDegreeOfParallelism));
        }
    }
}
