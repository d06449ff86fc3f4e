using System.Text.Json;
using System.Text.RegularExpressions;

namespace GpuSpectral.Cli.Tests.Docker;

/// <summary>
/// A minimal Dockerfile reader for lint tests: joins continuation lines, drops comments, substitutes global
/// <c>ARG</c> defaults into <c>FROM</c>, and splits the file into stages.
/// </summary>
internal sealed partial class DockerfileModel
{
    public sealed record Instruction(string Keyword, string Arguments);

    public sealed record Stage(string Image, string? Name, List<Instruction> Instructions);

    public List<Stage> Stages { get; } = [];

    public Dictionary<string, string> GlobalArgs { get; } = new(StringComparer.Ordinal);

    public static DockerfileModel Parse(string text)
    {
        var model = new DockerfileModel();
        Stage? stage = null;
        foreach (var line in LogicalLines(text))
        {
            var space = line.IndexOf(' ', StringComparison.Ordinal);
            var keyword = (space < 0 ? line : line[..space]).ToUpperInvariant();
            var args = space < 0 ? "" : line[(space + 1)..].Trim();
            if (keyword == "ARG" && stage is null)
            {
                var eq = args.IndexOf('=', StringComparison.Ordinal);
                model.GlobalArgs[eq < 0 ? args : args[..eq]] = eq < 0 ? "" : args[(eq + 1)..];
            }
            else if (keyword == "FROM")
            {
                var m = FromLine().Match(args);
                Assert.True(m.Success, $"cannot read FROM {args}");
                var image = ArgReference().Replace(m.Groups["image"].Value, r => model.GlobalArgs[r.Groups[1].Value]);
                stage = new Stage(image, m.Groups["name"].Success ? m.Groups["name"].Value : null, []);
                model.Stages.Add(stage);
            }
            else
            {
                Assert.NotNull(stage); // only ARG may precede the first FROM
                stage.Instructions.Add(new Instruction(keyword, args));
            }
        }

        return model;
    }

    /// <summary>The JSON-array (exec form) arguments of an instruction such as ENTRYPOINT.</summary>
    public static string[] ExecForm(Instruction instruction) =>
        JsonSerializer.Deserialize<string[]>(instruction.Arguments)
        ?? throw new InvalidOperationException($"{instruction.Keyword} is not in exec form");

    private static IEnumerable<string> LogicalLines(string text)
    {
        var pending = "";
        foreach (var raw in text.Split('\n'))
        {
            var line = raw.TrimEnd('\r').Trim();
            if (line.StartsWith('#') || (line.Length == 0 && pending.Length == 0))
            {
                continue;
            }

            if (line.EndsWith('\\'))
            {
                pending += line[..^1].Trim() + " ";
                continue;
            }

            var full = (pending + line).Trim();
            pending = "";
            if (full.Length > 0)
            {
                yield return full;
            }
        }
    }

    [GeneratedRegex(@"^(?:--platform=\S+\s+)?(?<image>\S+)(?:\s+AS\s+(?<name>\S+))?$", RegexOptions.IgnoreCase)]
    private static partial Regex FromLine();

    [GeneratedRegex(@"\$\{(\w+)\}")]
    private static partial Regex ArgReference();
}
