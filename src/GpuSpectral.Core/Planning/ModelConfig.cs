namespace GpuSpectral.Core.Planning;

/// <summary>
/// The few facts of a model's <c>config.json</c> that splitting fused attention weights needs. Any may be null
/// when the file is absent or silent.
/// </summary>
/// <param name="AttentionHeads"><c>num_attention_heads</c> (or <c>n_head</c>).</param>
/// <param name="KeyValueHeads"><c>num_key_value_heads</c> (grouped-query attention); null means equal to heads.</param>
/// <param name="HiddenSize"><c>hidden_size</c> (or <c>n_embd</c>, <c>d_model</c>).</param>
public sealed record ModelConfig(int? AttentionHeads, int? KeyValueHeads, int? HiddenSize)
{
    /// <summary>Nothing known.</summary>
    public static ModelConfig None { get; } = new(null, null, null);
}
