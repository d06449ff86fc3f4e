namespace GpuSpectral.Core.Planning;

/// <summary>Options that decide which tensors become analysed layers (weightwatcher-spec.md §b.1).</summary>
public sealed record PlanOptions
{
    /// <summary>Bug-compatibility mode.</summary>
    public CompatMode Compat { get; init; } = CompatMode.Default;

    /// <summary>Skip a layer when M·rf &lt; MinEvals (WeightWatcher's <c>min_evals</c>, default 10).</summary>
    public int MinEvals { get; init; } = 10;

    /// <summary>
    /// Skip a layer when M·rf &gt; MaxEvals. Null means no limit (our default); <see cref="CompatMode.WeightWatcher"/>
    /// uses 15000 when this is null.
    /// </summary>
    public int? MaxEvals { get; init; }

    /// <summary>Skip a layer when N &gt; MaxN. Null means no limit (our default); WeightWatcher mode uses 50000.</summary>
    public int? MaxN { get; init; }

    /// <summary>Scale Conv2D matrices by sqrt(1/2) (eigenvalues ×0.5), WeightWatcher's <c>conv2d_norm</c>.</summary>
    public bool Conv2DNorm { get; init; } = true;

    /// <summary>
    /// Pool the eigenvalues of all kh·kw Conv2D slices into one ESD (WeightWatcher's <c>pool=True</c>, default).
    /// False gives one row per slice (<c>slice_id</c>), eigenvalues scaled by rf/2 under conv2d_norm, and the
    /// min/max_evals tests use M instead of M·rf.
    /// </summary>
    public bool Pool { get; init; } = true;

    /// <summary>The <c>--layers</c> filter.</summary>
    public LayerSelection Selection { get; init; } = LayerSelection.All;

    /// <summary>
    /// Split fused attention projections (<c>c_attn</c>, <c>qkv_proj</c>, <c>qkv</c>, <c>Wqkv</c>,
    /// <c>in_proj_weight</c>, <c>query_key_value</c>) into Q, K and V layers. Our default mode only.
    /// </summary>
    public bool SplitFused { get; init; }

    /// <summary>Split recurrent weights (LSTM/GRU) into one layer per gate. Our default mode only.</summary>
    public bool SplitGates { get; init; }

    /// <summary>Facts from the model's config.json (head counts for splitting fused QKV).</summary>
    public ModelConfig Config { get; init; } = ModelConfig.None;

    /// <summary>The effective <c>max_evals</c>.</summary>
    public int? EffectiveMaxEvals => MaxEvals ?? (Compat == CompatMode.WeightWatcher ? 15000 : null);

    /// <summary>The effective <c>max_N</c>.</summary>
    public int? EffectiveMaxN => MaxN ?? (Compat == CompatMode.WeightWatcher ? 50000 : null);
}
