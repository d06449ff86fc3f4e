using System.Text.Json;
using GpuSpectral.Core.Spectral;
using GpuSpectral.TestSupport;

namespace GpuSpectral.Core.Tests.Spectral.MarchenkoPastur;

/// <summary>
/// The two SciPy/NumPy pieces of the MP fit against values NumPy 1.24.2 / SciPy 1.10.1 computed themselves:
/// <c>Reference/scipy_fmin_arange.py</c> wrote <c>Reference/scipy_fmin_arange.json</c> (run it with Debian's
/// /usr/bin/python3). Both are deterministic float64 algorithms with the same operation order, so the comparison is
/// exact: any difference means a different step, a different rounding of the grid, or a different element count.
/// </summary>
public class ScipyReferenceTests
{
    private static readonly Lazy<JsonDocument> Reference = new(() => JsonDocument.Parse(File.ReadAllText(Path.Combine(
        SharedData.RepoRoot, "tests", "GpuSpectral.Core.Tests", "Spectral", "MarchenkoPastur", "Reference",
        "scipy_fmin_arange.json"))));

    /// <summary>The same functions as the Python script, with the same operation order.</summary>
    private static readonly Dictionary<string, Func<double, double>> Functions = new()
    {
        ["quadratic"] = x => Math.Pow(x - 0.7, 2),
        ["abs_sin_from_zero"] = x => Math.Abs(x - 0.3) + (0.1 * Math.Sin(5.0 * x)),
        ["unbounded_linear"] = x => -x,
        ["plateau"] = x => Math.Round(Math.Pow(x - 0.5, 2) * 100.0) / 100.0,
        ["quartic_negative_start"] = x => Math.Pow(x + 2.0, 4),
    };

    public static TheoryData<string> FminCases() => new(Functions.Keys);

    [Theory]
    [MemberData(nameof(FminCases))]
    public void Nelder_mead_reproduces_scipy_fmin(string name)
    {
        var reference = Reference.Value.RootElement.GetProperty("fmin").EnumerateArray()
            .Single(e => e.GetProperty("name").GetString() == name);

        var (x, calls, iterations) = NelderMead1D.Minimize(Functions[name], reference.GetProperty("x0").GetDouble());

        Assert.Equal(reference.GetProperty("x").GetDouble(), x);
        Assert.Equal(reference.GetProperty("calls").GetInt32(), calls);
        Assert.Equal(reference.GetProperty("iterations").GetInt32(), iterations);
    }

    [Fact]
    public void Arange_reproduces_numpy_count_and_values()
    {
        var cases = Reference.Value.RootElement.GetProperty("arange").EnumerateArray().ToList();
        Assert.Contains(cases, c => c.GetProperty("length").GetInt32() == 196); // the ceil rounds up on some s0
        foreach (var c in cases)
        {
            var s0 = c.GetProperty("s0").GetDouble();
            var expected = c.GetProperty("values").EnumerateArray().Select(v => v.GetDouble()).ToArray();

            var grid = NumpyArithmetic.Arange(
                Core.Spectral.MarchenkoPastur.GridStartFactor * s0,
                Core.Spectral.MarchenkoPastur.GridStopFactor * s0,
                Core.Spectral.MarchenkoPastur.GridStepFactor * s0);

            Assert.Equal(expected, grid);
        }
    }
}
