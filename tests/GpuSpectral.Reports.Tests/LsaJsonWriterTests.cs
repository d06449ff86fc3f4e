using System.Text.Json;
using GpuSpectral.Core.Fitting;
using GpuSpectral.Lsa.Results;
using GpuSpectral.Reports.Lsa;

namespace GpuSpectral.Reports.Tests;

public sealed class LsaJsonWriterTests
{
    private static readonly LsaReportHeader Header = new("1.2.3", "/data/corpus.tsv",
        new Dictionary<string, string> { ["min_df"] = "2", ["max_df"] = "0.95", ["spectrum"] = "exact" });

    private static JsonElement Roundtrip(LsaResult r, LsaJsonOptions? o = null)
    {
        using var ms = new MemoryStream();
        LsaJsonWriter.Write(ms, r, Header, o);
        return JsonDocument.Parse(ms.ToArray()).RootElement.Clone();
    }

    private static double[] Doubles(JsonElement e) => e.EnumerateArray().Select(x => x.GetDouble()).ToArray();

    [Fact]
    public void EveryFieldRoundTrips()
    {
        var r = LsaFixtures.Result();
        Assert.Equal(FitStatus.Success, r.Fit.Status);
        var j = Roundtrip(r);

        Assert.Equal("gpuspectral", j.GetProperty("tool").GetString());
        Assert.Equal("lsa", j.GetProperty("command").GetString());
        Assert.Equal("1.2.3", j.GetProperty("version").GetString());
        Assert.Equal("/data/corpus.tsv", j.GetProperty("input").GetString());
        var opts = j.GetProperty("options");
        Assert.Equal(["min_df", "max_df", "spectrum"], opts.EnumerateObject().Select(p => p.Name));
        Assert.Equal("0.95", opts.GetProperty("max_df").GetString());

        var shape = j.GetProperty("shape");
        Assert.Equal(1000, shape.GetProperty("n_docs").GetInt32());
        Assert.Equal(5000, shape.GetProperty("n_terms").GetInt32());
        Assert.Equal(123_456, shape.GetProperty("nnz").GetInt32());
        Assert.Equal(3, shape.GetProperty("empty_docs").GetInt32());

        var s = j.GetProperty("spectrum");
        Assert.True(s.GetProperty("exact").GetBoolean());
        Assert.Equal(r.Spectrum.Method, s.GetProperty("method").GetString());
        Assert.Equal(1000, s.GetProperty("dimension").GetInt32());
        Assert.Equal(r.Spectrum.Trace, s.GetProperty("trace").GetDouble());
        Assert.Equal(1000, s.GetProperty("eigenvalue_count").GetInt32());
        Assert.True(s.GetProperty("eigenvalues_included").GetBoolean());
        Assert.Equal(r.Spectrum.Eigenvalues, Doubles(s.GetProperty("eigenvalues"))); // exact, bit for bit

        var f = j.GetProperty("fit");
        Assert.Equal("success", f.GetProperty("status").GetString());
        Assert.Equal(JsonValueKind.Null, f.GetProperty("failure_reason").ValueKind);
        Assert.Equal(r.Fit.Xmin, f.GetProperty("xmin").GetDouble());
        Assert.Equal(r.Fit.Xmax, f.GetProperty("xmax").GetDouble());
        Assert.Equal(r.Fit.Alpha, f.GetProperty("alpha").GetDouble());
        Assert.Equal(r.Fit.D, f.GetProperty("D").GetDouble());
        Assert.Equal(r.Fit.Sigma, f.GetProperty("sigma").GetDouble());
        Assert.Equal(r.Fit.NumPlSpikes, f.GetProperty("num_pl_spikes").GetInt32());
        Assert.Equal(r.Fit.TailCount, f.GetProperty("num_in_tail").GetInt32());
        Assert.Equal(r.Fit.FittedCount, f.GetProperty("num_fitted").GetInt32());

        var k = j.GetProperty("k");
        Assert.Equal(r.KPowerLaw, k.GetProperty("power_law").GetInt32());
        Assert.Equal(37, k.GetProperty("localization").GetInt32());
        Assert.Equal(23, k.GetProperty("explained_variance").GetInt32());

        var l = j.GetProperty("landscape");
        Assert.Equal(r.Fit.CandidateIndex, l.GetProperty("candidate_index").GetInt32());
        Assert.Equal(r.Fit.Xmins, Doubles(l.GetProperty("xmins")));
        Assert.Equal(r.Fit.Alphas, Doubles(l.GetProperty("alphas")));
        Assert.Equal(r.Fit.Ds, Doubles(l.GetProperty("ds")));
        Assert.Equal(r.Fit.Sigmas, Doubles(l.GetProperty("sigmas")));

        Assert.Equal(r.LocalizationRatios, Doubles(j.GetProperty("localization_ratios")));
        Assert.Equal(r.ExplainedVariance, Doubles(j.GetProperty("explained_variance")));
        var sec = j.GetProperty("seconds");
        Assert.Equal(["tfidf", "gram", "eigen", "fit"], sec.EnumerateObject().Select(p => p.Name));
        Assert.Equal(1.0 / 3, sec.GetProperty("gram").GetDouble());
    }

    [Fact]
    public void AwkwardDoublesRoundTripExactly()
    {
        double[] awkward = [0.1, 1.0 / 3, Math.PI, double.Epsilon, double.MaxValue, -double.MinValue, 1e-310, 5e-324,
            123456789.123456789, -0.0, BitConverter.Int64BitsToDouble(0x3FEFFFFFFFFFFFFF)];
        var r = LsaFixtures.Result() with { ExplainedVariance = awkward };
        var back = Doubles(Roundtrip(r).GetProperty("explained_variance"));
        Assert.Equal(awkward.Select(BitConverter.DoubleToInt64Bits), back.Select(BitConverter.DoubleToInt64Bits));
    }

    [Fact]
    public void NaNIsNullAndInfinityIsAString()
    {
        var failed = PowerLawFit.Failed("too few values above the threshold", 3);
        var r = LsaFixtures.Result() with
        {
            Fit = failed,
            KPowerLaw = 0,
            LocalizationRatios = [1.5, double.NaN, double.PositiveInfinity, double.NegativeInfinity],
            Seconds = new Dictionary<string, double> { ["eigen"] = double.NaN },
        };
        var j = Roundtrip(r);
        var f = j.GetProperty("fit");
        Assert.Equal("failed", f.GetProperty("status").GetString());
        Assert.Equal("too few values above the threshold", f.GetProperty("failure_reason").GetString());
        foreach (var name in new[] { "xmin", "xmax", "alpha", "D", "sigma" })
        {
            Assert.Equal(JsonValueKind.Null, f.GetProperty(name).ValueKind);
        }

        Assert.Equal(-1, f.GetProperty("num_pl_spikes").GetInt32());
        Assert.Equal(3, f.GetProperty("num_fitted").GetInt32());
        Assert.Equal(JsonValueKind.Null, j.GetProperty("landscape").ValueKind);
        var ratios = j.GetProperty("localization_ratios").EnumerateArray().ToArray();
        Assert.Equal(1.5, ratios[0].GetDouble());
        Assert.Equal(JsonValueKind.Null, ratios[1].ValueKind);
        Assert.Equal("Infinity", ratios[2].GetString());
        Assert.Equal("-Infinity", ratios[3].GetString());
        Assert.Equal(JsonValueKind.Null, j.GetProperty("seconds").GetProperty("eigen").ValueKind);

        var inf = Roundtrip(LsaFixtures.Result() with { Fit = r.Fit with { Status = FitStatus.Success, Alpha = double.PositiveInfinity } });
        Assert.Equal("Infinity", inf.GetProperty("fit").GetProperty("alpha").GetString());
    }

    [Fact]
    public void OptionalArraysAreNullWhenLeftOut()
    {
        var r = LsaFixtures.Result();
        var j = Roundtrip(r, new LsaJsonOptions { IncludeEigenvalues = false, IncludeLandscape = false });
        var s = j.GetProperty("spectrum");
        Assert.False(s.GetProperty("eigenvalues_included").GetBoolean());
        Assert.Equal(JsonValueKind.Null, s.GetProperty("eigenvalues").ValueKind);
        Assert.Equal(1000, s.GetProperty("eigenvalue_count").GetInt32());
        Assert.Equal(JsonValueKind.Null, j.GetProperty("landscape").ValueKind);

        var noLandscape = Roundtrip(LsaFixtures.Result(keepLandscape: false));
        Assert.Equal(JsonValueKind.Null, noLandscape.GetProperty("landscape").ValueKind);
    }

    [Fact]
    public void SketchSpectrumIsMarkedNotExact()
    {
        var r = LsaFixtures.Result(exact: false);
        var s = Roundtrip(r).GetProperty("spectrum");
        Assert.False(s.GetProperty("exact").GetBoolean());
        Assert.Equal(400, s.GetProperty("eigenvalue_count").GetInt32());
        Assert.Equal(1000, s.GetProperty("dimension").GetInt32());
    }

    [Fact]
    public void WriteFileIsAtomicAndParses()
    {
        using var dir = new TempDir();
        var path = dir.File("lsa.json");
        File.WriteAllText(path, "old");
        LsaJsonWriter.WriteFile(path, LsaFixtures.Result(), Header);
        using var doc = JsonDocument.Parse(File.ReadAllBytes(path));
        Assert.Equal("lsa", doc.RootElement.GetProperty("command").GetString());
        Assert.Equal(["lsa.json"], Directory.GetFiles(dir.Path).Select(Path.GetFileName));
    }
}
