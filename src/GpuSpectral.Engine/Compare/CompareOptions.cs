namespace GpuSpectral.Engine.Compare;

/// <summary>Everything that changes the numbers of a comparison of two checkpoints.</summary>
public sealed record CompareOptions
{
    /// <summary>
    /// Planning and analysis options applied to both checkpoints and to every ΔW (the same as
    /// <c>analyze</c>: layer filter, min/max evals, conv2d_norm, tolerance, xmax, compat mode).
    /// </summary>
    public AnalysisOptions Analysis { get; init; } = new();

    /// <summary>Forced reader format of checkpoint B, or null to detect it (A uses <see cref="AnalysisOptions.Format"/>).</summary>
    public string? FormatB { get; init; }

    /// <summary>
    /// LoRA scaling to use for every adapter pair instead of PEFT's <c>lora_alpha / r</c>, or null to read it from
    /// <c>adapter_config.json</c> (1.0 when there is no config). Dimensionless.
    /// </summary>
    public double? LoraScaling { get; init; }

    /// <summary>
    /// Compute <c>distance_cka</c> (default true). It costs O(N·M²) per matrix, about three Gram matrices in managed
    /// SIMD code, more than the eigenvalues of ΔW; false leaves it NaN.
    /// </summary>
    public bool Cka { get; init; } = true;
}
