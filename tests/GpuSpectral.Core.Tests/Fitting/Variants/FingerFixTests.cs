using System.Text.Json;
using GpuSpectral.Core.Fitting;
using GpuSpectral.Core.Fitting.Fingers;
using GpuSpectral.TestSupport;

namespace GpuSpectral.Core.Tests.Fitting.Variants;

/// <summary>fix_fingers='clip_xmax': stop rules on constructed inputs, and every layer of three fixtures against the
/// numpy re-derivation of RMT_Util.fit_clipped_powerlaw (fit_variants_reference.py <c>clip_xmax</c>).</summary>
public sealed class FingerFixTests
{
    // x_i = 10^i: every tail has α = 1 + 2/((k−1)·ln 10) ≤ 1.87, so the first clipped fit (idx = 2) has α ≤ 2.
    private static readonly double[] Geometric = [.. Enumerable.Range(0, 12).Select(i => Math.Pow(10, i))];

    // x_i = 1 + i/1000: every tail is nearly flat in log, α ≫ 2, so α ≤ 2 never stops the search.
    private static readonly double[] Flat = [.. Enumerable.Range(0, 10).Select(i => 1.0 + (i / 1000.0))];

    public static TheoryData<string, string> Layers()
    {
        var data = new TheoryData<string, string>();
        foreach (var e in VariantsReference.Root.GetProperty("fingers").EnumerateArray())
        {
            data.Add(e.GetProperty("file").GetString()!, e.GetProperty("key").GetString()!);
        }

        return data;
    }

    [Fact]
    public void AlphaAtMostTwoStopsWithTheFirstFit()
    {
        var r = FingerFix.ClipXmax(Geometric, null, fingerThreshold: 1000);
        Assert.Equal(FitStatus.Success, r.Fit.Status);
        Assert.Equal(0, r.NumFingers);
        Assert.Equal(r.RawAlpha, r.Fit.Alpha);
        Assert.Equal(1e11, r.Fit.Xmax);
    }

    [Fact]
    public void NoStopRunsOutOfValuesAndFailsAsWeightWatcher()
    {
        // idx reaches 9 on 10 values: one value is left, WWFit raises, WeightWatcher marks the layer failed.
        var r = FingerFix.ClipXmax(Flat, null, fingerThreshold: 1000);
        Assert.Equal(FitStatus.Failed, r.Fit.Status);
        Assert.Equal(0, r.NumFingers);
        Assert.True(r.RawAlpha > 2);
    }

    [Fact]
    public void FirstQualifyingClipIsTakenAndSpikesCountTheFingers()
    {
        // A negative threshold accepts idx = 2 at once: the two largest are fingers.
        var r = FingerFix.ClipXmax(Geometric, null, fingerThreshold: -1000);
        Assert.Equal(1, r.NumFingers);
        Assert.Equal(1e9, r.Fit.Xmax);
        Assert.Equal(Geometric.Count(v => v >= r.Fit.Xmin), r.Fit.NumPlSpikes);
        Assert.Equal(PowerLawFitter.Fit(Geometric).Alpha, r.RawAlpha);
    }

    [Fact]
    public void FlatDataNeverQualifiesWithTheDefaultThreshold()
    {
        // The same flat data padded to 30 values: α stays > 2 and never drops by 1, so first is kept.
        double[] x = [.. Enumerable.Range(0, 30).Select(i => 1.0 + (i / 1000.0))];
        var r = FingerFix.ClipXmax(x);
        Assert.Equal(0, r.NumFingers);
        Assert.Equal(r.RawAlpha, r.Fit.Alpha);
    }

    [Theory]
    [MemberData(nameof(Layers))]
    public void FixtureLayersMatchReference(string file, string key)
    {
        var e = Find(file, key).GetProperty("clip");
        var r = FingerFix.ClipXmax(VariantsReference.Layer(file, key));
        var fit = e.GetProperty("fit");
        Assert.Equal(e.GetProperty("num_fingers").GetInt32(), r.NumFingers);
        Assert.Equal(e.GetProperty("num_pl_spikes").GetInt32(), r.Fit.NumPlSpikes);
        Assert.Equal(fit.Get("xmin"), r.Fit.Xmin);
        Assert.True(Tolerances.Close(r.Fit.Alpha, fit.Get("alpha"), Tolerances.FitRelative), "alpha");
        Assert.True(Tolerances.Close(r.Fit.D, fit.Get("D"), Tolerances.FitRelative), "D");
        Assert.True(Tolerances.Close(r.RawAlpha, e.Get("raw_alpha"), Tolerances.FitRelative), "raw_alpha");
    }

    internal static JsonElement Find(string file, string key) =>
        VariantsReference.Root.GetProperty("fingers").EnumerateArray()
            .Single(e => e.GetProperty("file").GetString() == file && e.GetProperty("key").GetString() == key);
}
