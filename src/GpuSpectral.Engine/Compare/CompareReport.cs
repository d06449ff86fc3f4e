namespace GpuSpectral.Engine.Compare;

/// <summary>The result of comparing checkpoint A with checkpoint B.</summary>
public sealed record CompareReport
{
    /// <summary>Checkpoint A as given.</summary>
    public required string PathA { get; init; }

    /// <summary>Checkpoint B as given.</summary>
    public required string PathB { get; init; }

    /// <summary>Reader format of A.</summary>
    public required string FormatA { get; init; }

    /// <summary>Reader format of B.</summary>
    public required string FormatB { get; init; }

    /// <summary><c>A</c> or <c>B</c> when that side is a PEFT LoRA adapter, else null.</summary>
    public string? AdapterSide { get; init; }

    /// <summary>
    /// Where the LoRA scaling came from (for example <c>adapter_config.json: lora_alpha/r</c>, or
    /// <c>no adapter_config.json: scaling 1</c>), or null without an adapter.
    /// </summary>
    public string? ScalingSource { get; init; }

    /// <summary>Eigen backend used (name and description).</summary>
    public required string Backend { get; init; }

    /// <summary>Options the numbers depend on.</summary>
    public required CompareOptions Options { get; init; }

    /// <summary>One row per compared layer, in A's layer order (the base model's, for an adapter).</summary>
    public required IReadOnlyList<CompareRow> Rows { get; init; }

    /// <summary>Layers present on one side only, with different shapes, skipped by the planner, or unusable adapter tensors.</summary>
    public required IReadOnlyList<CompareSkip> Skipped { get; init; }

    /// <summary>Means over <see cref="Rows"/>.</summary>
    public CompareSummary Summary => CompareSummary.Of(Rows, Skipped.Count);
}
