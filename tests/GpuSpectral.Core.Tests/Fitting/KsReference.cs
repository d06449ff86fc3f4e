using System.Globalization;
using GpuSpectral.Core.Fitting;
using GpuSpectral.TestSupport;

namespace GpuSpectral.Core.Tests.Fitting;

/// <summary>One reference fit written by make_ks_reference.py (numpy ks_scan_ref.py), or its refusal.</summary>
internal sealed record KsReferenceFit(
    string? Error,
    int Index,
    int Cand,
    double Xmin,
    double Alpha,
    double D,
    double Sigma,
    int NTail,
    int[] Candidates,
    double[] Alphas,
    double[] Ds);

/// <summary>Reads the reference data in tests/GpuSpectral.Core.Tests/Data/ks (located from the repository root).</summary>
internal static class KsReference
{
    public static readonly string[] SetNames =
    [
        "pareto1.5", "pareto2.5", "pareto4", "lognormal1", "lognormal2", "esd_gauss", "esd_t2.5", "mix",
        "pareto2.5_rounded", "tiny_dupmax", "tiny_ties", "n2", "n2_dup", "n3",
    ];

    public static string Folder => Path.Combine(SharedData.RepoRoot, "tests", "GpuSpectral.Core.Tests", "Data", "ks");

    public static string CompatTag(FitCompat compat) => compat == FitCompat.WeightWatcher ? "ww" : "powerlaw1.5";

    public static double[] Input(string name) =>
        [.. File.ReadAllLines(Path.Combine(Folder, $"{name}.input.txt")).Where(l => l.Length > 0).Select(ParseDouble)];

    public static KsReferenceFit Fit(string name, FitCompat compat)
    {
        var lines = File.ReadAllLines(Path.Combine(Folder, $"{name}.{CompatTag(compat)}.txt"));
        if (lines[0].StartsWith("error", StringComparison.Ordinal))
        {
            return new KsReferenceFit(lines[0][6..], -1, -1, double.NaN, double.NaN, double.NaN, double.NaN, 0, [], [], []);
        }

        var head = lines.Take(8).Select(l => l.Split(' ')).ToDictionary(p => p[0], p => p[1], StringComparer.Ordinal);
        var count = int.Parse(head["count"], CultureInfo.InvariantCulture);
        var cands = new int[count];
        var alphas = new double[count];
        var ds = new double[count];
        for (var c = 0; c < count; c++)
        {
            var parts = lines[8 + c].Split(' ');
            cands[c] = int.Parse(parts[0], CultureInfo.InvariantCulture);
            alphas[c] = ParseDouble(parts[1]);
            ds[c] = ParseDouble(parts[2]);
        }

        return new KsReferenceFit(
            null,
            int.Parse(head["index"], CultureInfo.InvariantCulture),
            int.Parse(head["cand"], CultureInfo.InvariantCulture),
            ParseDouble(head["xmin"]),
            ParseDouble(head["alpha"]),
            ParseDouble(head["D"]),
            ParseDouble(head["sigma"]),
            int.Parse(head["n_tail"], CultureInfo.InvariantCulture),
            cands,
            alphas,
            ds);
    }

    public static TheoryData<string, FitCompat> SetsAndCompats()
    {
        var data = new TheoryData<string, FitCompat>();
        foreach (var name in SetNames)
        {
            data.Add(name, FitCompat.WeightWatcher);
            data.Add(name, FitCompat.Powerlaw15);
        }

        return data;
    }

    public static TheoryData<string> Sets()
    {
        var data = new TheoryData<string>();
        foreach (var name in SetNames)
        {
            data.Add(name);
        }

        return data;
    }

    private static double ParseDouble(string s) => s switch
    {
        "inf" => double.PositiveInfinity,
        "-inf" => double.NegativeInfinity,
        "nan" => double.NaN,
        _ => double.Parse(s, NumberStyles.Float, CultureInfo.InvariantCulture),
    };
}
