namespace GpuSpectral.Lsa.Diagnostics;

/// <summary>Statistical leverage against a rank-K singular subspace.</summary>
/// <remarks>For an n×K orthonormal basis B (column-major), the leverage of row i is ‖B row i‖² ∈ [0, 1]; the scores
/// sum to K. Coherence = max leverage · n / K ∈ [1, n/K]: 1 when every row matters equally, n/K when the subspace is
/// carried by K rows.</remarks>
public static class Leverage
{
    /// <summary>Row leverage of the first <paramref name="k"/> columns of the <paramref name="rows"/>-row column-major
    /// <paramref name="basis"/> (e.g. U_K for documents, V_K for terms).</summary>
    public static double[] Scores(double[] basis, int rows, int k)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(rows, 1);
        ArgumentOutOfRangeException.ThrowIfNegative(k);
        if ((long)rows * k > basis.Length)
        {
            throw new ArgumentException($"the basis holds fewer than {rows}×{k} elements", nameof(basis));
        }

        var scores = new double[rows];
        for (var j = 0; j < k; j++)
        {
            var col = basis.AsSpan(j * rows, rows);
            for (var i = 0; i < rows; i++)
            {
                scores[i] += col[i] * col[i];
            }
        }

        return scores;
    }

    /// <summary>max(scores) · n / k; NaN for k = 0.</summary>
    public static double Coherence(ReadOnlySpan<double> scores, int k) =>
        k <= 0 || scores.IsEmpty ? double.NaN : Max(scores) * scores.Length / k;

    /// <summary>Indices of the <paramref name="count"/> largest scores, largest first (ties: lower index first).</summary>
    public static int[] Top(ReadOnlySpan<double> scores, int count)
    {
        var copy = scores.ToArray();
        return Enumerable.Range(0, copy.Length)
            .OrderByDescending(i => copy[i]).ThenBy(i => i)
            .Take(Math.Max(0, count)).ToArray();
    }

    private static double Max(ReadOnlySpan<double> s)
    {
        var m = double.NegativeInfinity;
        foreach (var v in s)
        {
            m = Math.Max(m, v);
        }

        return m;
    }
}
