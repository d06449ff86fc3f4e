namespace GpuSpectral.Core.Fitting;

/// <summary>Which implementation's candidate set and KS evaluation points the power-law scan reproduces.</summary>
/// <remarks>
/// Source: <c>shared/reference/powerlaw-algorithm.md</c> §4, §6 rows 1–2 and §8.3–8.4; the float64 oracle is
/// <c>ks_scan_ref.py</c> (<c>compat="ww"</c> and <c>compat="powerlaw1.5"</c>). On tie-free data both modes give the
/// same candidates, the same tails and therefore the same fit; they differ only when values repeat.
/// </remarks>
public enum FitCompat
{
    /// <summary>
    /// WeightWatcher's <c>WWFit</c> (the default <c>pl_package='ww'</c>): every sorted position 0..N−2 is a
    /// candidate, duplicates included, and the KS distance is taken over every tail element with the empirical CDF
    /// (i−k)/n_k (WW_powerlaw.py:47–80).
    /// </summary>
    WeightWatcher = 0,

    /// <summary>
    /// <c>powerlaw</c> 1.5 (<c>powerlaw.Fit</c>): the candidates are the first index of each distinct value except the
    /// largest, and the KS distance is taken over the distinct tail values with the count of tail points strictly
    /// below each one (powerlaw.py:201–204, 685–707).
    /// </summary>
    Powerlaw15 = 1,
}
