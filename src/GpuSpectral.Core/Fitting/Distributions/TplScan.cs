namespace GpuSpectral.Core.Fitting.Distributions;

/// <summary>The per-candidate TPL fits and KS distances of <see cref="TruncatedPowerLaw.Fit"/>.</summary>
internal sealed class TplScan
{
    // Candidates are fitted in contiguous blocks so that each fit can start from its neighbour's optimum.
    private const int BlockSize = 32;

    private TplScan(double[] alphas, double[] lambdas, double[] ds, double[] logLikelihoods, int best)
    {
        Alphas = alphas;
        Lambdas = lambdas;
        Ds = ds;
        LogLikelihoods = logLikelihoods;
        Best = best;
    }

    public double[] Alphas { get; }

    public double[] Lambdas { get; }

    public double[] Ds { get; }

    public double[] LogLikelihoods { get; }

    /// <summary>First candidate with the smallest finite D, or −1.</summary>
    public int Best { get; }

    /// <summary>Fits every candidate of the ascending data <paramref name="x"/> (finite, &gt; 0).</summary>
    public static TplScan Run(double[] x, int[] candidates, FitCompat compat, int maxDegreeOfParallelism)
    {
        var n = x.Length;
        var logSums = KsScan.SuffixLogSums(x);

        // Σ_{j≥k} (x_j − x_k) = Σ_{i=k}^{N−2} (N−1−i)(x_{i+1} − x_i): non-negative terms, no cancellation.
        var gapSums = new double[n];
        var acc = 0.0;
        for (var i = n - 2; i >= 0; i--)
        {
            acc += (n - 1 - i) * (x[i + 1] - x[i]);
            gapSums[i] = acc;
        }

        var points = compat == FitCompat.WeightWatcher ? null : KsScan.FirstOfEachDistinct(x);
        var count = candidates.Length;
        var alphas = new double[count];
        var lambdas = new double[count];
        var ds = new double[count];
        var lls = new double[count];
        var blocks = (count + BlockSize - 1) / BlockSize;
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = maxDegreeOfParallelism };
        Parallel.For(0, blocks, parallel, block =>
        {
            var alphaGuess = double.NaN;
            var sGuess = double.NaN;
            var end = Math.Min(count, (block + 1) * BlockSize);
            for (var c = block * BlockSize; c < end; c++)
            {
                var k = candidates[c];
                var xmin = x[k];
                double tail = n - k;
                var m1 = logSums[k] / tail;
                var m2 = gapSums[k] / xmin / tail;
                if (!(m1 > 0) || !(m2 > 0))
                {
                    alphas[c] = lambdas[c] = ds[c] = lls[c] = double.NaN;
                    continue;
                }

                var (alpha, s, obj) = TplMle.Fit(m1, m2, alphaGuess, sGuess);
                alphaGuess = alpha;
                sGuess = s;
                alphas[c] = alpha;
                lambdas[c] = s / xmin;
                lls[c] = -tail * (obj + Math.Log(xmin));
                ds[c] = Distance(x, points, k, alpha, s / xmin);
            }
        });

        var best = -1;
        for (var c = 0; c < count; c++)
        {
            if (double.IsFinite(ds[c]) && (best < 0 || ds[c] < ds[best]))
            {
                best = c;
            }
        }

        return new TplScan(alphas, lambdas, ds, lls, best);
    }

    /// <summary>Left-limit KS distance of the TPL at candidate position k: max |T(x_j) − c_j/n| over every tail
    /// element (WeightWatcher/plfit points, c_j = j − k) or over the first element of each distinct tail value
    /// (powerlaw 1.5, c_j = number of tail values strictly below x_j).</summary>
    private static double Distance(double[] x, int[]? distinctFirst, int k, double alpha, double lambda)
    {
        var n = (double)(x.Length - k);
        var xmin = x[k];
        var d = 0.0;
        if (distinctFirst is null)
        {
            for (var j = k; j < x.Length; j++)
            {
                d = Math.Max(d, Math.Abs(TruncatedPowerLaw.Cdf(x[j], alpha, lambda, xmin) - ((j - k) / n)));
            }

            return d;
        }

        var p = Array.BinarySearch(distinctFirst, k);
        for (; p < distinctFirst.Length; p++)
        {
            var j = distinctFirst[p];
            d = Math.Max(d, Math.Abs(TruncatedPowerLaw.Cdf(x[j], alpha, lambda, xmin) - ((j - k) / n)));
        }

        return d;
    }
}
