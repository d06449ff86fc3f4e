using System.Diagnostics;
using System.Globalization;
using GpuSpectral.Compute;
using GpuSpectral.Lsa.Diagnostics;
using GpuSpectral.Lsa.Results;
using GpuSpectral.Lsa.Spectrum;

namespace GpuSpectral.Lsa;

/// <summary>Latent semantic analysis of a TF-IDF matrix: spectrum, power-law K, localization and elbow K.</summary>
public static class LsaAnalyzer
{
    /// <summary>Runs the analysis and returns the result only. See <see cref="Run"/>.</summary>
    public static LsaResult Analyze(TfidfCorpus corpus, LsaOptions options, IProgress<string>? progress = null) =>
        Run(corpus, options, progress).Result;

    /// <summary>
    /// Exact path (Gram order ≤ <see cref="LsaOptions.ExactLimit"/> and no <see cref="LsaOptions.Sketch"/>): dense
    /// Gram of the smaller side (8·n² bytes, 1.15 GB for FOLDOC), then ONE tridiagonal reduction (dsytrd) for all
    /// eigenvalues (dsterf) and the top-m eigenpairs (dstemr + dormtr); m = 0: values only (dsyevd, or dsyevd_2stage
    /// from n = 8192). Sketch path: randomized range finder for the
    /// top k. Then the power-law fit, the localization ratios
    /// of the top m right singular vectors, and the Kneedle elbows of explained variance and localization.
    /// </summary>
    /// <param name="corpus">The TF-IDF corpus (documents × terms).</param>
    /// <param name="options">Options.</param>
    /// <param name="progress">Receives one line per stage and any warning; may be null.</param>
    /// <returns>The analysis; <see cref="LsaResult.Seconds"/> has gram, eigen (exact: all eigenvalues and the top-m
    /// eigenvectors) or sketch, and fit, localization, elbow.</returns>
    /// <exception cref="ArgumentException">The matrix is empty or an option is out of range.</exception>
    /// <exception cref="InvalidOperationException">LAPACK was required but cannot be loaded.</exception>
    /// <exception cref="ArithmeticException">The matrix holds NaN/∞ or the eigen-solver failed.</exception>
    public static LsaAnalysis Run(TfidfCorpus corpus, LsaOptions options, IProgress<string>? progress = null)
    {
        var x = corpus.Matrix;
        var dim = Math.Min(x.Rows, x.Columns);
        if (dim < 1)
        {
            throw new ArgumentException("The TF-IDF matrix has no rows or no columns.", nameof(corpus));
        }

        var seconds = new Dictionary<string, double>();
        var clock = Stopwatch.StartNew();
        double Lap()
        {
            var s = clock.Elapsed.TotalSeconds;
            clock.Restart();
            return s;
        }

        var wanted = options.LocalizationVectors ?? Localization.DefaultCount(dim);
        ArgumentOutOfRangeException.ThrowIfNegative(wanted);
        LsaSpectrum spectrum;
        GramEigenpairs pairs;
        var exact = options.Sketch is null && dim <= options.ExactLimit;
        if (exact)
        {
            // the solver first: a missing GPU or library fails before the n² Gram is formed; its set-up (opening the
            // device) counts as eigen time
            var solver = ExactSpectrum.CreateSolver(options.Backend, dim, w => progress?.Report(w));
            var setup = Lap();
            try
            {
                Report(progress, string.Create(CultureInfo.InvariantCulture,
                    $"forming the {dim}² Gram matrix ({SparseGram.Bytes(x) / 1e9:0.##} GB float64)"));
                var gram = SparseGram.Compute(x);
                seconds["gram"] = Lap();
                var m = Math.Min(wanted, dim);
                Report(progress, $"all {dim} eigenvalues and the top {m} eigenvectors ({solver.Name})");
                (spectrum, pairs) = ExactSpectrum.ComputeWithPairs(gram, solver, m);
            }
            finally
            {
                (solver as IDisposable)?.Dispose();
            }

            seconds["eigen"] = Lap() + setup;
        }
        else
        {
            if (options.Backend == EigenBackendKind.Cuda)
            {
                Report(progress, "warning: the randomized sketch runs on the CPU; the cuda backend applies to the "
                    + "exact spectrum only");
            }

            var k = Math.Clamp(options.Sketch ?? LsaOptions.DefaultSketch, 1, dim);
            Report(progress, $"randomized sketch of the top {k} singular values");
            (spectrum, pairs) = RandomizedSpectrum.Compute(x, k, options.Oversampling, options.PowerIterations,
                options.Seed);
            seconds["sketch"] = Lap();
            if (wanted < pairs.Count)
            {
                pairs = pairs with
                {
                    Values = pairs.Values[..wanted],
                    Vectors = pairs.Vectors.AsSpan(0, wanted * pairs.Order).ToArray(),
                };
            }
        }

        var tail = TailSelection.Select(spectrum);
        seconds["fit"] = Lap();
        if (tail.Note.Length > 0)
        {
            Report(progress, tail.Note);
        }

        var ratios = Localization.Ratios(x, pairs, pairs.Count);
        seconds["localization"] = Lap();
        var explained = Elbow.ExplainedVariance(spectrum.Eigenvalues, spectrum.Trace);
        var kExplained = Elbow.Kneedle(explained);
        var kLocalization = Elbow.OfLocalization(ratios);
        seconds["elbow"] = Lap();

        var result = new LsaResult
        {
            Shape = (x.Rows, x.Columns, x.NonZeros, corpus.EmptyDocuments),
            Spectrum = spectrum,
            Fit = tail.Fit,
            KPowerLaw = tail.K,
            LocalizationRatios = ratios,
            KLocalization = kLocalization,
            ExplainedVariance = explained,
            KExplainedVariance = kExplained,
            Seconds = seconds,
        };
        return new LsaAnalysis(corpus, result, pairs, tail);
    }

    private static void Report(IProgress<string>? progress, string message) => progress?.Report(message);
}
