namespace GpuSpectral.Kernels.Jacobi;

/// <summary>
/// Round-robin ("chess tournament", circle method) ordering: for m players (m even), m − 1 rounds of m/2 disjoint
/// pairs cover every pair exactly once. Player m − 1 stays fixed, the others rotate. Odd n is padded to m = n + 1
/// and the pair that contains player n is a bye (no rotation). Pure arithmetic, usable inside kernels.
/// </summary>
internal static class RoundRobin
{
    /// <summary>Even number of players for order n: n, or n + 1 (one bye) when n is odd.</summary>
    public static int Players(int n) => n + (n & 1);

    /// <summary>The k-th pair (0 ≤ k &lt; m/2) of round r (0 ≤ r &lt; m − 1), returned with p &lt; q.</summary>
    public static void Pair(int round, int k, int players, out int p, out int q)
    {
        var r = players - 1;
        int x;
        int y;
        if (k == 0)
        {
            x = r;
            y = round;
        }
        else
        {
            x = (round + k) % r;
            y = (round - k + r) % r;
        }

        p = x < y ? x : y;
        q = x < y ? y : x;
    }
}
