namespace GpuSpectral.Core.Spectral;

/// <summary>
/// The ERG / "detX" cut of a layer's ESD (weightwatcher-spec.md §b.9, phases-of-training.md §3): rescale the n
/// eigenvalues to mean 1 (λ̃ = λ·n/Σλ), scan idx from n − 1 down to 1 and stop at the first idx where the product of
/// the tail Π_{j≥idx} λ̃_j is &lt; 1; if none is, idx = 0. The tail λ̃[idx..] is where |det X| ≈ 1.
/// </summary>
/// <remarks>
/// <para>Column names. WeightWatcher writes <c>detX_val</c> = the RAW λ[idx] and <c>detX_val_unrescaled</c> = the
/// RESCALED λ̃[idx]: the second name says the opposite of what it holds. <see cref="Columns"/> uses fixed names
/// (<c>detX_val</c> raw, <c>detX_val_rescaled</c> rescaled); <see cref="WeightWatcherColumns"/> reproduces
/// WeightWatcher's names and contents exactly (same values, misleading name).</para>
/// <para>Arithmetic. The product test is done as Σ ln λ̃ &lt; 0 accumulated from the top, which equals the product
/// test except within round-off of the boundary, and cannot overflow (numpy's product of a long tail of large values
/// can reach +∞, after which WeightWatcher's scan never stops early). A value ≤ 0 (an exact zero or round-off below
/// zero) makes the product ≤ 0 &lt; 1, so the scan stops there at the latest.</para>
/// </remarks>
/// <param name="Num">WeightWatcher's <c>detX_num</c> = n − idx, the number of eigenvalues in the detX tail (1…n).</param>
/// <param name="Value">λ[idx] in the units of the input eigenvalues (WeightWatcher's <c>detX_val</c>).</param>
/// <param name="ValueRescaled">λ̃[idx] = λ[idx]·n/Σλ, dimensionless (WeightWatcher's <c>detX_val_unrescaled</c>).</param>
/// <param name="RescaleFactor">n/Σλ: multiply a raw eigenvalue (for example xmin) by it to compare with
/// <paramref name="ValueRescaled"/>.</param>
public sealed record DetX(int Num, double Value, double ValueRescaled, double RescaleFactor)
{
    /// <summary>Computes the detX cut.</summary>
    /// <param name="ascending">All eigenvalues of the layer, sorted ascending (WeightWatcher passes all of them, zeros
    /// included; at least one, Σλ &gt; 0).</param>
    /// <returns>The cut. NaN values when Σλ is not a positive finite number.</returns>
    /// <exception cref="ArgumentException">The input is empty or not sorted ascending.</exception>
    public static DetX Compute(ReadOnlySpan<double> ascending)
    {
        if (ascending.IsEmpty)
        {
            throw new ArgumentException("detX needs at least one eigenvalue.", nameof(ascending));
        }

        var n = ascending.Length;
        var sum = 0.0;
        for (var i = 0; i < n; i++)
        {
            if (i > 0 && ascending[i] < ascending[i - 1])
            {
                throw new ArgumentException($"Eigenvalues must be sorted ascending (index {i}).", nameof(ascending));
            }

            sum += ascending[i];
        }

        var scale = n / sum;
        if (!(sum > 0) || !double.IsFinite(scale))
        {
            return new DetX(n, double.NaN, double.NaN, double.NaN);
        }

        var idx = 0;
        var logProduct = 0.0;
        for (var i = n - 1; i >= 1; i--)
        {
            var x = ascending[i] * n / sum; // WeightWatcher's order: evals * n / Σ
            if (!(x > 0))
            {
                idx = i;
                break;
            }

            logProduct += Math.Log(x);
            if (logProduct < 0)
            {
                idx = i;
                break;
            }
        }

        return new DetX(n - idx, ascending[idx], ascending[idx] * n / sum, scale);
    }

    /// <summary>SETOL's Δλ_min = x̃min − λ̃_detX in rescaled (mean-1) units: &lt; 0 when the power-law tail starts below
    /// the detX tail (the ERG_CROSSED flag). NaN when <paramref name="xmin"/> is NaN or the fit failed (pass NaN, not
    /// WeightWatcher's −1).</summary>
    /// <param name="xmin">The power-law xmin in raw eigenvalue units.</param>
    public double DeltaLambdaMin(double xmin) => (xmin * RescaleFactor) - ValueRescaled;

    /// <summary>Output columns with fixed names: <c>detX_num</c>, <c>detX_val</c> (raw λ[idx]) and
    /// <c>detX_val_rescaled</c> (λ̃[idx]).</summary>
    public IReadOnlyList<(string Name, double Value)> Columns() =>
        [("detX_num", Num), ("detX_val", Value), ("detX_val_rescaled", ValueRescaled)];

    /// <summary>WeightWatcher's columns exactly: <c>detX_num</c>, <c>detX_val</c> (raw λ[idx]) and
    /// <c>detX_val_unrescaled</c>, which holds the RESCALED λ̃[idx] (WeightWatcher's swapped name).</summary>
    public IReadOnlyList<(string Name, double Value)> WeightWatcherColumns() =>
        [("detX_num", Num), ("detX_val", Value), ("detX_val_unrescaled", ValueRescaled)];
}
