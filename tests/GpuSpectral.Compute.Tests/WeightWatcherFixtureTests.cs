using GpuSpectral.TestSupport;

namespace GpuSpectral.Compute.Tests;

/// <summary>Eigenvalues of the shipped fixture matrices against upper WeightWatcher's float64 SVD.</summary>
public class WeightWatcherFixtureTests
{
    public static TheoryData<string, string, int> Cases => new()
    {
        { "lapack", "gaussian", 7 },
        { "managed", "gaussian", 7 },
        { "lapack", "heavy_tailed", 8 },
        { "managed", "heavy_tailed", 8 },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Matches_weightwatcher_eigenvalues(string backendName, string fixture, int expectedLayers)
    {
        var backend = Backends.Get(backendName);
        var inputs = TestNpz.Read(SharedData.Fixture($"{fixture}.npz"));
        var expected = TestNpz.Read(SharedData.Fixture($"expected_{fixture}_evals.npz"))
            .ToDictionary(e => e.Key, e => e.Data);
        var compared = 0;
        for (var index = 0; index < inputs.Count; index++)
        {
            var (key, shape, data) = inputs[index];
            Assert.Equal(2, shape.Length);
            var id = $"{index + 1}:{key}";
            if (!expected.TryGetValue(id, out var reference))
            {
                // WeightWatcher skips layers with fewer than 10 eigenvalues; anything else missing is an error.
                Assert.True(Math.Min(shape[0], shape[1]) < 10, $"{id} has no expected entry but is not too small");
                continue;
            }

            var values = backend.GramEigenvalues(data, shape[0], shape[1]);
            Assert.Equal(reference.Length, values.Length);
            var lambdaMax = reference[^1];
            for (var i = 0; i < values.Length; i++)
            {
                var absOk = Math.Abs(values[i] - reference[i]) <= ComputeTolerances.AllAbsoluteOfLambdaMax * lambdaMax;
                Assert.True(absOk, $"{id} λ[{i}] = {values[i]:R} vs WW {reference[i]:R}");
                if (reference[i] >= ComputeTolerances.TopFraction * lambdaMax)
                {
                    Assert.True(Tolerances.Close(values[i], reference[i], ComputeTolerances.TopRelative),
                        $"{id} top λ[{i}] = {values[i]:R} vs WW {reference[i]:R}");
                }
            }

            compared++;
        }

        Assert.Equal(expectedLayers, compared);
        Assert.Equal(expectedLayers, expected.Count);
    }
}
