using GpuSpectral.Core.Tensors;

namespace GpuSpectral.Engine.Compare;

/// <summary>
/// One LoRA module of a PEFT adapter: ΔW = <see cref="Scaling"/>·B·A (or its transpose for an embedding), the
/// update to the base tensor <see cref="BaseTensorName"/>.
/// </summary>
/// <param name="Module">Module name after stripping PEFT's prefix, for example <c>model.layers.0.self_attn.q_proj</c>.</param>
/// <param name="BaseTensorName">Name of the base-model tensor it updates: <see cref="Module"/> + <c>.weight</c>.</param>
/// <param name="A">The <c>lora_A</c> tensor, r × in (for an embedding, <c>lora_embedding_A</c>, r × vocab).</param>
/// <param name="B">The <c>lora_B</c> tensor, out × r (for an embedding, <c>lora_embedding_B</c>, dim × r).</param>
/// <param name="Rank">r: rows of A.</param>
/// <param name="Scaling">The scaling applied (PEFT's lora_alpha/r, or the override).</param>
/// <param name="IsEmbedding">True for <c>lora_embedding_A/B</c>: ΔW = scaling·(B·A)ᵀ, vocab × dim.</param>
public sealed record LoraPair(
    string Module, string BaseTensorName, TensorInfo A, TensorInfo B, int Rank, double Scaling, bool IsEmbedding)
{
    /// <summary>Shape of ΔW: (out, in), or (vocab, dim) for an embedding.</summary>
    public long[] DeltaShape => IsEmbedding ? [A.Shape[1], B.Shape[0]] : [B.Shape[0], A.Shape[1]];

    /// <summary>
    /// Forms ΔW = sign·scaling·B·A (row-major, <see cref="DeltaShape"/>) in float64 from the decoded factors.
    /// </summary>
    /// <param name="a">lora_A decoded, r × in, C order.</param>
    /// <param name="b">lora_B decoded, out × r, C order.</param>
    /// <param name="sign">+1 or −1 (−1 when the adapter is checkpoint B, as ΔW = W_A − W_B).</param>
    /// <param name="destination">At least out·in elements.</param>
    public void FormDelta(ReadOnlySpan<double> a, ReadOnlySpan<double> b, double sign, Span<double> destination)
    {
        var r = Rank;
        var outDim = (int)B.Shape[0];
        var inDim = (int)A.Shape[1];
        var s = sign * Scaling;
        for (var o = 0; o < outDim; o++)
        {
            for (var i = 0; i < inDim; i++)
            {
                double sum = 0;
                for (var k = 0; k < r; k++)
                {
                    sum += b[(o * r) + k] * a[(k * inDim) + i];
                }

                // (B·A)[o, i], or for an embedding its transpose at [i, o].
                destination[IsEmbedding ? (i * outDim) + o : (o * inDim) + i] = s * sum;
            }
        }
    }
}
