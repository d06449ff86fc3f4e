using System.Xml.Linq;
using GpuSpectral.TestSupport;

namespace GpuSpectral.Cli.Tests.Docker;

/// <summary>Lints docker/Dockerfile (no Docker engine here to build it): stages, bases, sources, entrypoint.</summary>
public sealed class DockerfileTests
{
    private static readonly string Root = SharedData.RepoRoot;
    private static readonly DockerfileModel Model = DockerfileModel.Parse(File.ReadAllText(Path.Combine(Root, "docker", "Dockerfile")));

    private static DockerfileModel.Stage Build => Model.Stages.Single(s => s.Name == "build");

    private static DockerfileModel.Stage Runtime => Model.Stages[^1];

    [Fact]
    public void Builds_with_the_dotnet_10_sdk_and_runs_on_a_cuda_runtime_base()
    {
        Assert.Equal(2, Model.Stages.Count);
        Assert.Matches(@"^mcr\.microsoft\.com/dotnet/sdk:10\.0", Build.Image);
        Assert.Matches(@"^nvidia/cuda:12\.\d+(\.\d+)?-runtime-ubuntu\d\d\.\d\d$", Runtime.Image);
        Assert.Equal("runtime", Runtime.Name);
    }

    [Fact]
    public void Every_copied_source_exists_in_the_repository_and_is_not_dockerignored()
    {
        var ignored = File.ReadAllLines(Path.Combine(Root, ".dockerignore"))
            .Select(l => l.Trim()).Where(l => l.Length > 0 && !l.StartsWith('#')).ToList();
        var copies = Build.Instructions.Where(i => i.Keyword == "COPY").ToList();
        Assert.NotEmpty(copies);
        foreach (var copy in copies)
        {
            var parts = copy.Arguments.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            Assert.DoesNotContain(parts, p => p.StartsWith("--from", StringComparison.Ordinal));
            foreach (var source in parts[..^1])
            {
                var path = Path.Combine(Root, source.TrimEnd('/'));
                Assert.True(File.Exists(path) || Directory.Exists(path), $"COPY source {source} is not in the repository");
                var top = source.TrimEnd('/').Split('/')[0] + "/";
                Assert.DoesNotContain(top, ignored);
                if (source.EndsWith(".safetensors", StringComparison.Ordinal))
                {
                    Assert.Contains("!" + source, ignored); // re-included after **/*.safetensors
                }
            }
        }

        // The CLI's project graph (its ProjectReferences, transitively) lies inside the copied folders.
        var copied = copies.SelectMany(c => c.Arguments.Split(' ')[..^1]).Select(s => s.TrimEnd('/')).ToList();
        foreach (var project in ProjectGraph(Path.Combine(Root, "src", "GpuSpectral.Cli", "GpuSpectral.Cli.csproj")))
        {
            var relative = Path.GetRelativePath(Root, project).Replace('\\', '/');
            Assert.True(copied.Any(c => relative.StartsWith(c + "/", StringComparison.Ordinal)),
                $"{relative} is referenced by the CLI but not copied into the build stage");
        }
    }

    [Fact]
    public void Publishes_the_cli_and_the_entrypoint_names_the_published_binary()
    {
        var csproj = Path.Combine(Root, "src", "GpuSpectral.Cli", "GpuSpectral.Cli.csproj");
        var assembly = XDocument.Load(csproj).Descendants("AssemblyName").Single().Value;
        var publish = Build.Instructions.Single(i => i.Keyword == "RUN" && i.Arguments.Contains("dotnet publish", StringComparison.Ordinal));
        Assert.Contains("src/GpuSpectral.Cli/GpuSpectral.Cli.csproj", publish.Arguments, StringComparison.Ordinal);
        Assert.Contains("--self-contained true", publish.Arguments, StringComparison.Ordinal);
        Assert.Contains("--runtime linux-x64", publish.Arguments, StringComparison.Ordinal);
        var output = publish.Arguments.Split(' ').SkipWhile(a => a != "--output").ElementAt(1);

        var fromBuild = Runtime.Instructions.Single(i => i.Keyword == "COPY" && i.Arguments.StartsWith("--from=build ", StringComparison.Ordinal));
        var parts = fromBuild.Arguments.Split(' ');
        Assert.Equal(output, parts[1]);
        var installed = parts[2];

        var entry = DockerfileModel.ExecForm(Runtime.Instructions.Single(i => i.Keyword == "ENTRYPOINT"));
        Assert.Equal($"{installed}/{assembly}", entry[0]);
    }

    [Fact]
    public void Runtime_installs_openblas_and_lapacke_and_runs_as_a_non_root_user()
    {
        // The package names the launcher installs (scripts/native-deps.sh) must be the ones the image installs.
        var nativeDeps = File.ReadAllText(Path.Combine(Root, "scripts", "native-deps.sh"));
        var install = string.Join(' ', Runtime.Instructions.Where(i => i.Keyword == "RUN").Select(i => i.Arguments));
        foreach (var package in new[] { "libopenblas0-pthread", "liblapacke" })
        {
            Assert.Contains(package, nativeDeps, StringComparison.Ordinal);
            Assert.Contains(package, install, StringComparison.Ordinal);
        }

        var user = Runtime.Instructions.Last(i => i.Keyword == "USER").Arguments.Split(':')[0];
        Assert.NotEqual("root", user);
        Assert.NotEqual("0", user);
        // The Kubernetes manifests run as the same uid.
        Assert.Contains($"runAsUser: {user}", File.ReadAllText(Path.Combine(Root, "docker", "k8s", "indexed-job.yaml")),
            StringComparison.Ordinal);
    }

    private static IEnumerable<string> ProjectGraph(string csproj)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var stack = new Stack<string>([Path.GetFullPath(csproj)]);
        while (stack.Count > 0)
        {
            var p = stack.Pop();
            if (!seen.Add(p))
            {
                continue;
            }

            foreach (var r in XDocument.Load(p).Descendants("ProjectReference"))
            {
                stack.Push(Path.GetFullPath(Path.Combine(Path.GetDirectoryName(p)!, r.Attribute("Include")!.Value)));
            }
        }

        return seen;
    }
}
