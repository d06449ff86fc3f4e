using System.Text;
using System.Text.Json;
using GpuSpectral.Compute.Gpu;

namespace GpuSpectral.Cli.Tests;

/// <summary><c>lsa --backend</c>: the JSON records the solver that ran; <c>cuda</c> runs cuSOLVER where a CUDA GPU
/// is present and is a bad-input error (exit 2, one line naming what is missing) where not.</summary>
public sealed class LsaBackendCommandTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("gpuspectral-lsa-backend-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void Lapack_is_recorded_as_the_backend_used()
    {
        var (r, json) = Run("lapack");
        Assert.True(r.ExitCode == 0, r.Stderr);
        using var doc = JsonDocument.Parse(File.ReadAllText(json));
        var options = doc.RootElement.GetProperty("options");
        Assert.Equal("Lapack", options.GetProperty("backend").GetString());
        Assert.Equal("lapack", options.GetProperty("backend_used").GetString());
        Assert.Contains("LAPACK", doc.RootElement.GetProperty("spectrum").GetProperty("method").GetString(),
            StringComparison.Ordinal);
    }

    [Fact]
    public void Cuda_runs_cusolver_or_fails_clearly()
    {
        var present = CusolverSymmetricEigenSolver.TryCreate(out var solver, out var reason);
        solver?.Dispose();
        var (r, json) = Run("cuda");
        if (present)
        {
            Assert.True(r.ExitCode == 0, r.Stderr);
            using var doc = JsonDocument.Parse(File.ReadAllText(json));
            Assert.Equal("cusolver", doc.RootElement.GetProperty("options").GetProperty("backend_used").GetString());
            Assert.Contains("cuSOLVER syevd", doc.RootElement.GetProperty("spectrum").GetProperty("method").GetString(),
                StringComparison.Ordinal);
        }
        else
        {
            Assert.Equal(2, r.ExitCode);
            var line = r.Stderr.TrimEnd();
            Assert.StartsWith("error: The cuda backend (cuSOLVER syevd; order 40, ", line, StringComparison.Ordinal);
            Assert.EndsWith($"is unavailable: {reason}.", line, StringComparison.Ordinal);
            Assert.DoesNotContain('\n', line);
            Assert.False(File.Exists(json));
        }
    }

    private (CliProcess.Result Result, string Json) Run(string backend)
    {
        var tsv = Path.Combine(_dir, "docs.tsv");
        var text = new StringBuilder();
        var rng = new Random(7);
        for (var d = 0; d < 40; d++)
        {
            text.Append('d').Append(d).Append('\t');
            for (var w = 0; w < 30; w++)
            {
                text.Append("word").Append((int)Math.Pow(200, rng.NextDouble())).Append(' ');
            }

            text.Append('\n');
        }

        File.WriteAllText(tsv, text.ToString());
        var json = Path.Combine(_dir, backend + ".json");
        return (CliProcess.Run("lsa", tsv, "--backend", backend, "-o", json), json);
    }
}
