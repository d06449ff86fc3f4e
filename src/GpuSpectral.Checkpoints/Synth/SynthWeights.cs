namespace GpuSpectral.Checkpoints.Synth;

/// <summary>
/// Draws the values of one synthetic tensor, row by row, deterministically: row <c>i</c> of tensor <c>name</c>
/// depends only on (seed, name, i), so rows can be drawn in any order or in parallel with the same result.
/// <para>
/// Matrices: <c>W = σ_b · T / sd(T) + Σ_k s_k u_k v_kᵀ</c>, where <c>T</c> is Student-t with ν degrees of
/// freedom (ν varies with depth, see <see cref="DegreesOfFreedom"/>), <c>u_k, v_k</c> are random vectors with
/// N(0, 1/m) and N(0, 1/n) entries (norm ≈ 1), and <c>s_k = c_k · σ_b(√m + √n)</c> puts the planted singular
/// values at <c>c_k</c> times the bulk's edge, <c>c = (3, 2)</c>, capped so the planted part holds at most 20% of
/// the variance. σ_b is chosen so that the expected element standard deviation is exactly
/// <see cref="TargetStd"/>. Norm scales: <c>1 + 0.02·N(0,1)</c>. Biases: <c>0.02 · T / sd(T)</c>.
/// </para>
/// </summary>
public sealed class SynthWeights
{
    /// <summary>Expected standard deviation of matrix and bias elements.</summary>
    public const double TargetStd = 0.02;

    /// <summary>Largest share of a matrix's variance held by the planted low-rank part.</summary>
    public const double MaxPlantedVarianceFraction = 0.2;

    /// <summary>Degrees of freedom used for embeddings, LM head and final norm (layer -1).</summary>
    public const double GlobalDegreesOfFreedom = 5.0;

    private static readonly double[] SpikeEdgeMultiples = [3.0, 2.0];

    private readonly ulong _seed;
    private readonly ulong _stream;
    private readonly SynthTensorRole _role;
    private readonly int _columns;
    private readonly double _nu;
    private readonly double _tScale;
    private readonly double _invSqrtRows;
    private readonly double[] _spikes;
    private readonly float[][] _v;

    /// <summary>Prepares the draws of <paramref name="spec"/> (allocates only the planted right vectors:
    /// 2 × columns floats).</summary>
    /// <param name="spec">The tensor.</param>
    /// <param name="seed">Checkpoint seed.</param>
    /// <param name="layerCount">Number of blocks (for <see cref="DegreesOfFreedom"/>).</param>
    public SynthWeights(SynthTensorSpec spec, ulong seed, int layerCount)
    {
        ArgumentNullException.ThrowIfNull(spec);
        _seed = seed;
        _stream = SynthRandom.HashName(spec.Name);
        _role = spec.Role;
        _columns = checked((int)spec.Columns);
        _nu = DegreesOfFreedom(seed, spec.Layer, layerCount);
        double m = spec.Rows, n = spec.Columns;
        var sigmaBulk = TargetStd;
        _spikes = [];
        _v = [];
        if (spec.Role == SynthTensorRole.Matrix)
        {
            var g = Math.Pow(Math.Sqrt(m) + Math.Sqrt(n), 2) / (m * n);
            var c2 = SpikeEdgeMultiples.Sum(c => c * c);
            var shrink = Math.Min(1.0, MaxPlantedVarianceFraction / (1 - MaxPlantedVarianceFraction) / (c2 * g));
            sigmaBulk = TargetStd / Math.Sqrt(1 + c2 * shrink * g);
            var edge = sigmaBulk * (Math.Sqrt(m) + Math.Sqrt(n));
            _spikes = SpikeEdgeMultiples.Select(c => c * Math.Sqrt(shrink) * edge).ToArray();
            var rng = new SynthRandom(seed, _stream, ulong.MaxValue);
            _v = new float[_spikes.Length][];
            for (var k = 0; k < _spikes.Length; k++)
            {
                _v[k] = new float[_columns];
                for (var j = 0; j < _columns; j++)
                {
                    _v[k][j] = (float)(rng.NextGaussian() / Math.Sqrt(n));
                }
            }
        }

        _tScale = sigmaBulk / Math.Sqrt(_nu / (_nu - 2));
        _invSqrtRows = 1 / Math.Sqrt(m);
    }

    /// <summary>Degrees of freedom ν of the Student-t draws for <paramref name="layer"/>.</summary>
    /// <returns>For block <c>l</c> of <c>L</c>: <c>2.5 + 4·l/(L−1)</c> plus a seed-dependent jitter in
    /// [−0.25, 0.25): heavy tails in the first blocks (ν ≈ 2.5: finite variance, unbounded kurtosis, an empirical
    /// spectral density with a power-law tail), lighter in the last (ν ≈ 6.5, kurtosis ≈ 5.4).
    /// <see cref="GlobalDegreesOfFreedom"/> for layer -1.</returns>
    public static double DegreesOfFreedom(ulong seed, int layer, int layerCount)
    {
        if (layer < 0)
        {
            return GlobalDegreesOfFreedom;
        }

        var rng = new SynthRandom(seed, 0x5EED_D0F0UL, (ulong)layer);
        var depth = layerCount > 1 ? (double)layer / (layerCount - 1) : 0.0;
        return 2.5 + 4.0 * depth + 0.5 * (rng.NextDouble() - 0.5);
    }

    /// <summary>ν of this tensor.</summary>
    public double Nu => _nu;

    /// <summary>Draws rows <paramref name="firstRow"/> … <paramref name="firstRow"/> + rowCount − 1 into
    /// <paramref name="destination"/> (row-major, rowCount × columns floats), in parallel over rows.</summary>
    public void FillRows(long firstRow, int rowCount, float[] destination, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(destination);
        ArgumentOutOfRangeException.ThrowIfLessThan(destination.Length, rowCount * _columns);
        if (rowCount == 1 || (long)rowCount * _columns < 65536)
        {
            for (var r = 0; r < rowCount; r++)
            {
                FillRow(firstRow + r, destination.AsSpan(r * _columns, _columns));
            }

            return;
        }

        Parallel.For(0, rowCount, new ParallelOptions { CancellationToken = cancellationToken },
            r => FillRow(firstRow + r, destination.AsSpan(r * _columns, _columns)));
    }

    private void FillRow(long row, Span<float> dest)
    {
        var rng = new SynthRandom(_seed, _stream, (ulong)row);
        switch (_role)
        {
            case SynthTensorRole.NormScale:
                for (var j = 0; j < dest.Length; j++)
                {
                    dest[j] = (float)(1.0 + TargetStd * rng.NextGaussian());
                }

                return;
            case SynthTensorRole.Bias:
                for (var j = 0; j < dest.Length; j++)
                {
                    dest[j] = (float)(_tScale * rng.NextStudentT(_nu));
                }

                return;
            default:
                FillMatrixRow(ref rng, dest);
                return;
        }
    }

    private void FillMatrixRow(ref SynthRandom rng, Span<float> dest)
    {
        var u0 = _spikes[0] * rng.NextGaussian() * _invSqrtRows;
        var u1 = _spikes[1] * rng.NextGaussian() * _invSqrtRows;
        float[] v0 = _v[0], v1 = _v[1];
        for (var j = 0; j < dest.Length; j++)
        {
            dest[j] = (float)(_tScale * rng.NextStudentT(_nu) + u0 * v0[j] + u1 * v1[j]);
        }
    }
}
