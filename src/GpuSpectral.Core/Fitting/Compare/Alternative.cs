namespace GpuSpectral.Core.Fitting.Compare;

/// <summary>The distribution a power law is compared with (powerlaw's distribution names in the remarks).</summary>
public enum Alternative
{
    /// <summary><c>'lognormal'</c>, truncated at xmin; non-nested (Vuong's test).</summary>
    Lognormal = 0,

    /// <summary><c>'exponential'</c>, p = λe^(−λ(x−xmin)); non-nested (Vuong's test).</summary>
    Exponential = 1,

    /// <summary><c>'truncated_power_law'</c>; nests the power law (χ²₁ test).</summary>
    TruncatedPowerLaw = 2,
}
