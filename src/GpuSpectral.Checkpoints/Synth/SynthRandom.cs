using GpuSpectral.Core.Spectral;

namespace GpuSpectral.Checkpoints.Synth;

/// <summary>
/// A small deterministic generator: xoshiro256** seeded through SplitMix64 (Blackman &amp; Vigna). The same seed
/// gives the same stream on every machine and .NET version, unlike <see cref="System.Random"/>.
/// </summary>
internal struct SynthRandom
{
    private Xoshiro256State _state;

    /// <summary>A generator for the stream identified by (<paramref name="seed"/>, <paramref name="stream"/>,
    /// <paramref name="substream"/>).</summary>
    public SynthRandom(ulong seed, ulong stream, ulong substream)
    {
        _state = new Xoshiro256State(
            seed ^ (stream * 0x9E3779B97F4A7C15UL) ^ ((substream + 1) * 0xD1B54A32D192ED03UL));
    }

    /// <summary>Next 64 random bits.</summary>
    public ulong NextUInt64() => _state.NextUInt64();

    /// <summary>Uniform in [0, 1), 53 random bits.</summary>
    public double NextDouble() => (NextUInt64() >> 11) * (1.0 / (1UL << 53));

    /// <summary>Uniform in (-1, 1).</summary>
    public double NextSigned() => 2.0 * NextDouble() - 1.0;

    /// <summary>Standard normal (Marsaglia's polar method; the second value is discarded).</summary>
    public double NextGaussian()
    {
        while (true)
        {
            var u = NextSigned();
            var v = NextSigned();
            var w = u * u + v * v;
            if (w > 0 && w < 1)
            {
                return u * Math.Sqrt(-2.0 * Math.Log(w) / w);
            }
        }
    }

    /// <summary>Student-t with <paramref name="nu"/> degrees of freedom (Bailey's polar method, exact).</summary>
    public double NextStudentT(double nu)
    {
        while (true)
        {
            var u = NextSigned();
            var v = NextSigned();
            var w = u * u + v * v;
            if (w > 0 && w < 1)
            {
                return u * Math.Sqrt(nu * (Math.Pow(w, -2.0 / nu) - 1.0) / w);
            }
        }
    }

    /// <summary>A stable 64-bit hash of a tensor name (FNV-1a over UTF-16 code units), used as a stream id.</summary>
    public static ulong HashName(string name)
    {
        var h = 0xCBF29CE484222325UL;
        foreach (var c in name)
        {
            h = (h ^ c) * 0x100000001B3UL;
        }

        return h;
    }
}
