using System.Text.Json;
using GpuSpectral.TestSupport;

namespace GpuSpectral.Core.Tests.Fitting.Variants;

/// <summary>
/// Reads tests/GpuSpectral.Core.Tests/Reference/fit_variants_reference.json, written by fit_variants_reference.py
/// (numpy/scipy/mpmath code written from the spec's definitions, not from the C# code; see the script's docstring).
/// </summary>
internal static class VariantsReference
{
    private static readonly Lazy<JsonDocument> Doc = new(() => JsonDocument.Parse(File.ReadAllText(Path.Combine(
        SharedData.RepoRoot, "tests", "GpuSpectral.Core.Tests", "Reference", "fit_variants_reference.json"))));

    public static JsonElement Root => Doc.Value.RootElement;

    public static double[] Synthetic(string name) =>
        [.. Root.GetProperty("synthetic").GetProperty(name).EnumerateArray().Select(e => e.GetDouble())];

    /// <summary>The data set a "compare" entry was made from: a synthetic sample or a fixture layer.</summary>
    public static double[] Data(string name) => name switch
    {
        "heavy" => Layer("expected_heavy_tailed_evals.npz", "4:t.df2_6_500x250"),
        "spikes" => Layer("expected_spikes_evals.npz", "1:mp_spikes.r4_620x310"),
        "gaussian" => Layer("expected_gaussian_evals.npz", "2:gauss.tall_560x280"),
        _ => Synthetic(name),
    };

    public static double[] Layer(string file, string key) => TestNpz.Get(SharedData.Fixture(file), key);

    public static double Get(this JsonElement e, string name) => e.GetProperty(name).GetDouble();
}
