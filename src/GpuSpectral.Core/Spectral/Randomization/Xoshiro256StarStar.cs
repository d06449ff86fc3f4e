namespace GpuSpectral.Core.Spectral;

/// <summary>
/// The deterministic generator behind the randomization: xoshiro256** (Blackman &amp; Vigna, 2018), its 256-bit
/// state filled from the seed by SplitMix64, with unbiased bounded integers (Lemire's multiply-and-reject) and a
/// Fisher–Yates shuffle. The same seed gives the same stream on every platform and .NET version. It does not
/// reproduce NumPy's MT19937, so WeightWatcher's randomized columns can only be matched statistically.
/// </summary>
public sealed class Xoshiro256StarStar
{
    private Xoshiro256State _state;

    /// <summary>Seeds the state with four SplitMix64 outputs of <paramref name="seed"/>.</summary>
    public Xoshiro256StarStar(long seed) => _state = new Xoshiro256State(unchecked((ulong)seed));

    /// <summary>The next 64 uniformly distributed bits.</summary>
    public ulong NextUInt64() => _state.NextUInt64();

    /// <summary>A uniform integer in [0, <paramref name="bound"/>), without modulo bias.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="bound"/> is 0.</exception>
    public ulong NextBelow(ulong bound)
    {
        ArgumentOutOfRangeException.ThrowIfZero(bound);
        var high = Math.BigMul(NextUInt64(), bound, out var low);
        if (low < bound)
        {
            var threshold = (0 - bound) % bound;
            while (low < threshold)
            {
                high = Math.BigMul(NextUInt64(), bound, out low);
            }
        }

        return high;
    }

    /// <summary>Shuffles <paramref name="values"/> in place (Fisher–Yates from the last element down): every
    /// permutation is equally likely, and the multiset of values is unchanged.</summary>
    public void Shuffle<T>(Span<T> values)
    {
        for (var i = values.Length - 1; i > 0; i--)
        {
            var j = (int)NextBelow((ulong)i + 1);
            (values[i], values[j]) = (values[j], values[i]);
        }
    }
}
