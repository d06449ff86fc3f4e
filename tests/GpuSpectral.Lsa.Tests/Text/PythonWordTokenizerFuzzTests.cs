using System.Text.Json;
using GpuSpectral.Lsa.Text;
using GpuSpectral.TestSupport;

namespace GpuSpectral.Lsa.Tests.Text;

/// <summary>
/// 400 random texts (ASCII, Greek sigmas, combining marks, İ/ẞ/K, numerics, CJK, non-BMP letters, random code points)
/// against CPython 3.11's <c>str.lower()</c> and <c>re.findall(r"(?u)\b\w\w+\b", …)</c>, recorded by
/// <c>make_tokenizer_cases.py</c> in <c>tokenizer_cases.json</c>.
/// </summary>
public sealed class PythonWordTokenizerFuzzTests
{
    [Fact]
    public void Matches_cpython_on_random_texts()
    {
        var path = Path.Combine(SharedData.RepoRoot, "tests", "GpuSpectral.Lsa.Tests", "Text", "tokenizer_cases.json");
        using var json = JsonDocument.Parse(File.ReadAllText(path));
        Assert.Equal(PythonWordTokenizer.UnicodeVersion, json.RootElement.GetProperty("unicode").GetString());
        var count = 0;
        foreach (var item in json.RootElement.GetProperty("cases").EnumerateArray())
        {
            var text = item.GetProperty("text").GetString()!;
            var tokens = item.GetProperty("tokens").EnumerateArray().Select(t => t.GetString()!).ToArray();
            Assert.Equal(item.GetProperty("lower").GetString(), PythonWordTokenizer.ToLower(text));
            Assert.Equal(tokens, PythonWordTokenizer.Tokenize(text));
            count++;
        }

        Assert.Equal(400, count);
    }
}
