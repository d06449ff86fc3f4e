using GpuSpectral.Engine.Compare;

namespace GpuSpectral.Reports.Compare;

/// <summary>
/// Output columns of a <c>compare</c> row: every column of <see cref="ResultColumns"/> (computed on ΔW = W_A − W_B),
/// then <c>distance_raw</c>, <c>distance_euclidean</c>, <c>distance_cka</c> (see <see cref="LayerDistances"/>),
/// <c>delta_source</c> (<c>weights</c>, <c>weights_transposed</c> or <c>lora</c>), <c>lora_rank</c> and
/// <c>lora_scaling</c> (empty unless LoRA).
/// </summary>
public static class CompareColumns
{
    /// <summary>Column name and getter, in output order.</summary>
    public static IReadOnlyList<(string Name, Func<CompareRow, Cell> Get)> All { get; } =
    [
        .. ResultColumns.All.Select(c => (c.Name, (Func<CompareRow, Cell>)(r => c.Get(r.Delta)))),
        ("distance_raw", r => F(r.Distances.Raw)),
        ("distance_euclidean", r => F(r.Distances.Euclidean)),
        ("distance_cka", r => F(r.Distances.Cka)),
        ("delta_source", r => new Cell(null, null, SourceName(r.Source), null)),
        ("lora_rank", r => new Cell(null, r.LoraRank, null, null)),
        ("lora_scaling", r => F(r.LoraScaling)),
    ];

    /// <summary>The text of a <see cref="DeltaSource"/> in the output.</summary>
    public static string SourceName(DeltaSource source) => source switch
    {
        DeltaSource.WeightsTransposed => "weights_transposed",
        DeltaSource.Lora => "lora",
        _ => "weights",
    };

    private static Cell F(double v) => new(v, null, null, null);
}
