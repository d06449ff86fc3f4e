using System.Text.Json;
using GpuSpectral.TestSupport;

namespace GpuSpectral.Core.Tests.Spectral.Vectors;

/// <summary>
/// Reads Reference/vectors_detx_reference.json, written by Reference/vectors_detx_reference.py (Debian python3,
/// numpy 1.24, float64): numpy's histogram/entropy/norms of seeded vectors and WeightWatcher's detX scan written
/// literally on the fixtures' own eigenvalues.
/// </summary>
internal static class VectorsDetXReference
{
    private static readonly Lazy<JsonDocument> Document = new(() => JsonDocument.Parse(File.ReadAllText(Path.Combine(
        SharedData.RepoRoot, "tests", "GpuSpectral.Core.Tests", "Spectral", "Vectors", "Reference",
        "vectors_detx_reference.json"))));

    public static JsonElement Vector(string name) =>
        Document.Value.RootElement.GetProperty("vectors").EnumerateArray()
            .Single(v => v.GetProperty("name").GetString() == name);

    public static IEnumerable<JsonElement> DetX() => Document.Value.RootElement.GetProperty("detx").EnumerateArray();

    public static TheoryData<string> VectorNames()
    {
        var data = new TheoryData<string>();
        foreach (var name in new[] { "gauss7", "gauss50", "gauss300", "t3_200", "ties", "constant", "edges", "onehot" })
        {
            data.Add(name);
        }

        return data;
    }

    public static double[] Doubles(JsonElement e) => [.. e.EnumerateArray().Select(x => x.GetDouble())];
}
