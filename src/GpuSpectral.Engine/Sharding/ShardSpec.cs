using System.Globalization;

namespace GpuSpectral.Engine.Sharding;

/// <summary>
/// One shard of a run split over several processes: this process analyses the layers that
/// <see cref="ShardAssignment"/> gives to <see cref="Index"/> out of <see cref="Count"/>.
/// </summary>
/// <param name="Index">0 ≤ Index &lt; Count.</param>
/// <param name="Count">Number of shards, ≥ 1.</param>
public sealed record ShardSpec(int Index, int Count)
{
    /// <summary>Environment variables read by <c>--shard auto</c>, in this order, for the shard index.</summary>
    public static readonly string[] IndexVariables = ["JOB_COMPLETION_INDEX", "SLURM_ARRAY_TASK_ID"];

    /// <summary>Environment variables read by <c>--shard auto</c> for the shard count when none is given.</summary>
    public static readonly string[] CountVariables = ["GPUSPECTRAL_SHARD_COUNT", "SLURM_ARRAY_TASK_COUNT"];

    /// <summary>The spec as written on the command line: <c>i/N</c>.</summary>
    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Index}/{Count}");

    /// <summary>
    /// Parses <c>i/N</c>, or <c>auto</c> (index from <see cref="IndexVariables"/>, count from
    /// <paramref name="count"/> or <see cref="CountVariables"/>).
    /// </summary>
    /// <param name="text">The <c>--shard</c> value.</param>
    /// <param name="count">The <c>--shard-count</c> value, or null.</param>
    /// <param name="environment">Reads an environment variable (null when unset).</param>
    /// <exception cref="ArgumentException">Malformed, out of range, or <c>auto</c> without the variables.</exception>
    public static ShardSpec Parse(string text, int? count, Func<string, string?> environment)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(environment);
        int index, total;
        if (text.Trim().Equals("auto", StringComparison.OrdinalIgnoreCase))
        {
            var (indexVar, indexText) = FirstSet(IndexVariables, environment);
            if (indexText is null)
            {
                throw new ArgumentException(
                    $"--shard auto: none of {string.Join(", ", IndexVariables)} is set (run it as a Kubernetes "
                    + "Indexed Job or a Slurm array task, or give --shard i/N)");
            }

            index = ParseInt(indexText, indexVar!);
            if (count is int c)
            {
                total = c;
            }
            else
            {
                var (countVar, countText) = FirstSet(CountVariables, environment);
                if (countText is null)
                {
                    throw new ArgumentException(
                        $"--shard auto: give --shard-count N or set {string.Join(" or ", CountVariables)}");
                }

                total = ParseInt(countText, countVar!);
            }
        }
        else
        {
            var parts = text.Split('/');
            if (parts.Length != 2)
            {
                throw new ArgumentException($"--shard {text}: expected i/N (for example 0/4) or auto");
            }

            index = ParseInt(parts[0], "--shard");
            total = ParseInt(parts[1], "--shard");
            if (count is int c && c != total)
            {
                throw new ArgumentException($"--shard {text} disagrees with --shard-count {c}");
            }
        }

        if (total < 1 || index < 0 || index >= total)
        {
            throw new ArgumentException(
                string.Create(CultureInfo.InvariantCulture, $"shard {index}/{total}: need 0 ≤ index < count and count ≥ 1"));
        }

        return new ShardSpec(index, total);
    }

    private static (string? Name, string? Value) FirstSet(string[] names, Func<string, string?> environment)
    {
        foreach (var name in names)
        {
            var v = environment(name);
            if (!string.IsNullOrWhiteSpace(v))
            {
                return (name, v);
            }
        }

        return (null, null);
    }

    private static int ParseInt(string text, string source) =>
        int.TryParse(text.Trim(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var v)
            ? v
            : throw new ArgumentException($"{source}: '{text}' is not an integer");
}
