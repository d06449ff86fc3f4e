using System.Text.Json;
using GpuSpectral.Lsa.Spectrum;
using GpuSpectral.Lsa.Text;
using GpuSpectral.TestSupport;

namespace GpuSpectral.Lsa.Tests.EndToEnd;

/// <summary>
/// FOLDOC from its text to K, against the float64 Python reference shipped in shared/data/foldoc
/// (scikit-learn TF-IDF, dense Gram + dsyevd, WeightWatcher's fitter). One full exact run (~1–3 minutes on 2 cores).
/// </summary>
public sealed class FoldocEndToEndTests
{
    /// <summary>
    /// Eigenvalues from a different dense solver of the same float64 Gram matrix: a few ulps times the condition of
    /// the top of the spectrum; the reference README asks for ~1e-10 relative. Small eigenvalues are compared
    /// absolutely in units of λmax (round-off of any dense solver: ~n·eps·λmax with n = 12006).
    /// </summary>
    private const double EigenRelative = 1e-9;

    private const double EigenAbsoluteOfLambdaMax = 1e-12;

    /// <summary>xmin is an eigenvalue: the same candidate, with its last bits from our own round-off.</summary>
    private const double XminRelative = 1e-12;

    /// <summary>alpha depends smoothly on the tail eigenvalues (README: "Alpha should match to 1e-10").</summary>
    private const double AlphaRelative = 1e-10;

    /// <summary>Localization ratios of well-separated top vectors (README: compare individually only there).</summary>
    private const double LocalizationRelative = 1e-6;

    [Fact]
    public void TextToKMatchesThePythonReference()
    {
        var expected = JsonDocument.Parse(File.ReadAllText(SharedData.Data("foldoc/expected_lsa.json"))).RootElement;
        var corpus = CorpusReader.Read(SharedData.Data("foldoc/docs.tsv.gz"));
        Assert.Equal(expected.GetProperty("n_docs").GetInt32(), corpus.Matrix.Rows);
        Assert.Equal(expected.GetProperty("n_terms").GetInt32(), corpus.Matrix.Columns);
        Assert.Equal(expected.GetProperty("nnz").GetInt32(), corpus.Matrix.NonZeros);

        var result = LsaAnalyzer.Analyze(corpus, new LsaOptions { LocalizationVectors = 10 });
        Assert.True(result.Spectrum.Exact);
        var reference = TestNpz.Get(SharedData.Data("foldoc/expected_lsa_spectrum.npz"), "evals");
        Assert.Equal(reference.Length, result.Spectrum.Eigenvalues.Length);
        var lmax = reference[^1];
        for (var i = 0; i < reference.Length; i++)
        {
            Assert.True(
                Tolerances.Close(result.Spectrum.Eigenvalues[i], reference[i], EigenRelative, EigenAbsoluteOfLambdaMax * lmax),
                $"λ[{i}]: ours {result.Spectrum.Eigenvalues[i]:R}, reference {reference[i]:R}");
        }

        Assert.Equal(expected.GetProperty("K").GetInt32(), result.KPowerLaw);
        Assert.True(Tolerances.Close(result.Fit.Xmin, expected.GetProperty("xmin").GetDouble(), XminRelative));
        Assert.True(Tolerances.Close(result.Fit.Alpha, expected.GetProperty("alpha").GetDouble(), AlphaRelative));

        var loc = TestNpz.Get(SharedData.Data("foldoc/expected_lsa_spectrum.npz"), "loc_ratio");
        Assert.Equal(10, result.LocalizationRatios.Length);
        for (var i = 0; i < 10; i++)
        {
            Assert.True(Tolerances.Close(result.LocalizationRatios[i], loc[i], LocalizationRelative),
                $"localization[{i}]: ours {result.LocalizationRatios[i]:R}, reference {loc[i]:R}");
        }
    }
}
