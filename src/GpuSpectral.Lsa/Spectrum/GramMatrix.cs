namespace GpuSpectral.Lsa.Spectrum;

/// <summary>A dense symmetric Gram matrix of a sparse documents × terms matrix X, in float64.</summary>
/// <param name="Values">Order × Order, both triangles filled and exactly symmetric (so row- and column-major agree).
/// Units: squared entries of X.</param>
/// <param name="Order">n = min(documents, terms).</param>
/// <param name="Side">Whether this is XXᵀ or XᵀX.</param>
public sealed record GramMatrix(double[] Values, int Order, GramSide Side)
{
    /// <summary>Σ diag(G) = ‖X‖²_F = Σλ.</summary>
    public double Trace()
    {
        var s = 0.0;
        for (var i = 0; i < Order; i++)
        {
            s += Values[((long)i * Order) + i];
        }

        return s;
    }
}
