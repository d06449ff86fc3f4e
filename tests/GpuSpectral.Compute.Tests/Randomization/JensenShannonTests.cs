using System.Text.Json;
using GpuSpectral.Core.Spectral;
using GpuSpectral.TestSupport;

namespace GpuSpectral.Compute.Tests.Randomization;

/// <summary>
/// <see cref="JensenShannon.Distance"/> against float64 values from SciPy 1.10: <c>Reference/jensen_shannon_ref.py</c>
/// (WW's formula through <c>scipy.stats.entropy</c>) wrote <c>Reference/jensen_shannon_ref.json</c>.
/// </summary>
public class JensenShannonTests
{
    /// <summary>Same sums in the same (NumPy pairwise) order and the same glibc log: only the final sqrt and the
    /// division by 2 are shared steps, so agreement is to the last bits; 1e-14 leaves room for one log ulp per term.</summary>
    private const double Relative = 1e-14;

    private static readonly Lazy<JsonElement> Cases = new(() => JsonDocument.Parse(File.ReadAllText(Path.Combine(
        SharedData.RepoRoot, "tests", "GpuSpectral.Compute.Tests", "Randomization", "Reference",
        "jensen_shannon_ref.json"))).RootElement.GetProperty("cases"));

    public static TheoryData<string> Names() => new(
        "hand_1234_vs_2222", "hand_unequal_sums", "zeros_on_each_side", "identical", "disjoint_support",
        "gauss_sq_vs_tall_evals");

    [Theory]
    [MemberData(nameof(Names))]
    public void Distance_matches_weightwatcher_formula_in_scipy(string name)
    {
        var c = Cases.Value.EnumerateArray().Single(e => e.GetProperty("name").GetString() == name);
        var p = c.GetProperty("p").EnumerateArray().Select(v => v.GetDouble()).ToArray();
        var q = c.GetProperty("q").EnumerateArray().Select(v => v.GetDouble()).ToArray();
        var expected = c.GetProperty("ww").GetDouble();

        var actual = JensenShannon.Distance(p, q);

        Assert.True(Tolerances.Close(actual, expected, Relative, abs: 1e-16), $"expected {expected:R}, got {actual:R}");
    }

    [Fact]
    public void Unequal_sums_differ_from_scipy_jensenshannon_which_normalises_first()
    {
        var c = Cases.Value.EnumerateArray().Single(e => e.GetProperty("name").GetString() == "hand_unequal_sums");

        var actual = JensenShannon.Distance([1, 2, 3, 4], [2, 2, 2, 2]);

        Assert.NotEqual(c.GetProperty("scipy_jensenshannon").GetDouble(), actual, 1e-6);
    }

    [Fact]
    public void Different_lengths_are_rejected() =>
        Assert.Throws<ArgumentException>(() => JensenShannon.Distance([1, 2], [1, 2, 3]));
}
