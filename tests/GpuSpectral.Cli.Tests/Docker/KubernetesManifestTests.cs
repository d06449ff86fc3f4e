using GpuSpectral.TestSupport;
using YamlDotNet.RepresentationModel;

namespace GpuSpectral.Cli.Tests.Docker;

/// <summary>Structural checks of docker/k8s/*.yaml, parsed with YamlDotNet.</summary>
public sealed class KubernetesManifestTests
{
    private static YamlMappingNode Load(string name)
    {
        var yaml = new YamlStream();
        using var reader = new StreamReader(Path.Combine(SharedData.RepoRoot, "docker", "k8s", name));
        yaml.Load(reader);
        return Assert.IsType<YamlMappingNode>(Assert.Single(yaml.Documents).RootNode);
    }

    private static YamlNode At(YamlNode node, params string[] path)
    {
        foreach (var key in path)
        {
            var map = Assert.IsType<YamlMappingNode>(node);
            Assert.True(map.Children.TryGetValue(new YamlScalarNode(key), out var next), $"missing key {key}");
            node = next;
        }

        return node;
    }

    private static string Scalar(YamlNode node, params string[] path) =>
        Assert.IsType<YamlScalarNode>(At(node, path)).Value!;

    private static List<string> Strings(YamlNode node, params string[] path) =>
        Assert.IsType<YamlSequenceNode>(At(node, path)).Children.Select(c => ((YamlScalarNode)c).Value!).ToList();

    [Fact]
    public void Indexed_job_runs_one_gpu_shard_per_completion_and_writes_its_part()
    {
        var job = Load("indexed-job.yaml");
        Assert.Equal("batch/v1", Scalar(job, "apiVersion"));
        Assert.Equal("Job", Scalar(job, "kind"));
        var spec = At(job, "spec");
        Assert.Equal("Indexed", Scalar(spec, "completionMode"));
        var n = Scalar(spec, "completions");
        Assert.Equal(n, Scalar(spec, "parallelism"));
        Assert.Equal("Never", Scalar(spec, "template", "spec", "restartPolicy"));

        var container = Assert.Single(((YamlSequenceNode)At(spec, "template", "spec", "containers")).Children);
        Assert.StartsWith("gpuspectral", Scalar(container, "image"), StringComparison.Ordinal);
        var args = Strings(container, "args");
        Assert.Equal("analyze", args[0]);
        Assert.StartsWith("/models/", args[1], StringComparison.Ordinal);
        Assert.Equal(["--shard", "auto"], args.Skip(args.IndexOf("--shard")).Take(2));
        Assert.Equal("/results/part-$(JOB_COMPLETION_INDEX).jsonl", args[args.IndexOf("--out") + 1]);

        var env = ((YamlSequenceNode)At(container, "env")).Children
            .ToDictionary(e => Scalar(e, "name"), e => e);
        Assert.Equal(n, Scalar(env["GPUSPECTRAL_SHARD_COUNT"], "value"));
        Assert.Equal("metadata.annotations['batch.kubernetes.io/job-completion-index']",
            Scalar(env["JOB_COMPLETION_INDEX"], "valueFrom", "fieldRef", "fieldPath"));
        Assert.Equal("1", Scalar(container, "resources", "limits", "nvidia.com/gpu"));

        var mounts = ((YamlSequenceNode)At(container, "volumeMounts")).Children
            .ToDictionary(m => Scalar(m, "mountPath"), m => m);
        Assert.Equal("true", Scalar(mounts["/models"], "readOnly"));
        Assert.False(((YamlMappingNode)mounts["/results"]).Children.ContainsKey(new YamlScalarNode("readOnly")));
        var volumes = ((YamlSequenceNode)At(spec, "template", "spec", "volumes")).Children
            .ToDictionary(v => Scalar(v, "name"), v => v);
        Assert.Equal("true", Scalar(volumes[Scalar(mounts["/models"], "name")], "persistentVolumeClaim", "readOnly"));
        Assert.True(volumes.ContainsKey(Scalar(mounts["/results"], "name")));
        Assert.Equal("true", Scalar(spec, "template", "spec", "securityContext", "runAsNonRoot"));
    }

    [Fact]
    public void Merge_job_merges_every_part_on_the_same_results_claim()
    {
        var merge = Load("merge-job.yaml");
        var analyze = Load("indexed-job.yaml");
        Assert.Equal("Job", Scalar(merge, "kind"));
        var container = Assert.Single(((YamlSequenceNode)At(merge, "spec", "template", "spec", "containers")).Children);
        Assert.Equal(["/bin/sh", "-c"], Strings(container, "command"));
        Assert.Equal("exec gpuspectral merge /results/part-*.jsonl --out /results/all.csv",
            Assert.Single(Strings(container, "args")));
        Assert.Equal(Scalar(((YamlSequenceNode)At(analyze, "spec", "template", "spec", "containers")).Children[0], "image"), Scalar(container, "image"));

        string ResultsClaim(YamlMappingNode job) => ((YamlSequenceNode)At(job, "spec", "template", "spec", "volumes"))
            .Children.Select(v => At(v, "persistentVolumeClaim")).Select(c => Scalar(c, "claimName"))
            .Single(c => c.Contains("results", StringComparison.Ordinal));
        Assert.Equal(ResultsClaim(analyze), ResultsClaim(merge));
    }
}
