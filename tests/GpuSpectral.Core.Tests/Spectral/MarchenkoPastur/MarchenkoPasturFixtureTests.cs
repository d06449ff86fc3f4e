using System.Globalization;
using GpuSpectral.Core.Spectral;
using GpuSpectral.TestSupport;

namespace GpuSpectral.Core.Tests.Spectral.MarchenkoPastur;

/// <summary>
/// The MP fit on every analysed layer of every fixture, fed WeightWatcher's own eigenvalues
/// (<c>expected_X_evals.npz</c>, all of them: WW's <c>mp_fit</c> uses <c>ww_layer.evals</c> before the 1e-5 cut) and
/// the Q and M of the <c>expected_X_details_mp_random.csv</c> row, against that row's six MP columns.
/// </summary>
public class MarchenkoPasturFixtureTests
{
    /// <summary>
    /// Our fit and WW's see the same eigenvalues and follow the same float64 steps; what differs is summation order
    /// (the KDE, which scikit-learn sums in log space through a tree). That moves the objective by a few ulps, which
    /// moves σ by at most ~1e-12 through the Nelder–Mead polish, unless it flips a brute-force argmin or a polish
    /// comparison (then σ moves by ~1 %). 1e-6 separates those two cases by orders of magnitude. Measured: every
    /// column of all 124 layers agrees to ≤ 1e-15 relative (the constant was tightened to that once to check).
    /// </summary>
    private const double MpRelative = 1e-6;

    public static TheoryData<string, string> Layers()
    {
        var data = new TheoryData<string, string>();
        foreach (var fixture in new[] { "gaussian", "heavy_tailed", "spikes", "conv2d", "mixed", "tiny_llama" })
        {
            var csv = WwDetailsCsv.Read(CsvPath(fixture));
            foreach (var row in csv.Rows)
            {
                data.Add(fixture, csv.Text(row, "layer_id") + ":" + csv.Text(row, "name"));
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Layers))]
    public void Six_mp_columns_match_weightwatcher(string fixture, string key)
    {
        var csv = WwDetailsCsv.Read(CsvPath(fixture));
        var row = csv.Rows.Single(r => csv.Text(r, "layer_id") + ":" + csv.Text(r, "name") == key);
        var evals = TestNpz.Get(SharedData.Fixture($"expected_{fixture}_evals.npz"), key);
        var m = int.Parse(csv.Text(row, "M"), CultureInfo.InvariantCulture);

        var fit = Core.Spectral.MarchenkoPastur.Fit(evals, csv.Number(row, "Q"), m);

        Assert.True(fit.Succeeded);
        Assert.Equal((int)csv.Number(row, "num_spikes"), fit.NumSpikes);
        AssertClose(csv.Number(row, "sigma_mp"), fit.SigmaMp, "sigma_mp");
        AssertClose(csv.Number(row, "mp_softrank"), fit.MpSoftRank, "mp_softrank");
        AssertClose(csv.Number(row, "W_scale"), fit.WScale, "W_scale");
        AssertClose(csv.Number(row, "bulk_max"), fit.BulkMax, "bulk_max");
        AssertClose(csv.Number(row, "bulk_min"), fit.BulkMin, "bulk_min");
    }

    [Theory]
    [MemberData(nameof(Layers))]
    public void Phase_classifier_values_agree_with_weightwatcher_columns(string fixture, string key)
    {
        var csv = WwDetailsCsv.Read(CsvPath(fixture));
        var row = csv.Rows.Single(r => csv.Text(r, "layer_id") + ":" + csv.Text(r, "name") == key);
        var evals = TestNpz.Get(SharedData.Fixture($"expected_{fixture}_evals.npz"), key);
        var m = int.Parse(csv.Text(row, "M"), CultureInfo.InvariantCulture);
        var wwScale2 = csv.Number(row, "W_scale") * csv.Number(row, "W_scale");

        var fit = Core.Spectral.MarchenkoPastur.Fit(evals, csv.Number(row, "Q"), m);

        AssertClose(csv.Number(row, "bulk_max") * wwScale2, fit.RescaledBulkMax, "rescaled bulk_max");
        AssertClose(csv.Number(row, "lambda_max") * wwScale2, fit.RescaledLambdaMax, "rescaled lambda_max");
        Assert.True(fit.RescaledSpikeEdge > fit.RescaledBulkMax && fit.TracyWidomScale > 0);
        Assert.Equal((int)csv.Number(row, "num_spikes"), evals.Count(e => e * wwScale2 > fit.RescaledSpikeEdge));
    }

    private static string CsvPath(string fixture) => SharedData.Fixture($"expected_{fixture}_details_mp_random.csv");

    private static void AssertClose(double expected, double actual, string column) =>
        Assert.True(Tolerances.Close(actual, expected, MpRelative),
            $"{column}: expected {expected:R}, got {actual:R} (rel {Math.Abs(actual - expected) / Math.Abs(expected):E2})");
}
