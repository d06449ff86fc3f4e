namespace GpuSpectral.Cli;

/// <summary>Checks an <c>--out</c> path before any work is done, so a typo does not cost the analysis.</summary>
internal static class OutputTarget
{
    public static bool IsParts(string? path) => path?.EndsWith(".jsonl", StringComparison.OrdinalIgnoreCase) == true;

    public static void Check(string? path, bool resume)
    {
        if (resume && !IsParts(path))
        {
            throw new ArgumentException("--resume needs --out FILE.jsonl (the file that holds the finished layers)");
        }

        if (path is null)
        {
            return;
        }

        if (!path.EndsWith(".csv", StringComparison.OrdinalIgnoreCase)
            && !path.EndsWith(".json", StringComparison.OrdinalIgnoreCase) && !IsParts(path))
        {
            throw new ArgumentException($"--out {path}: the extension must be .csv, .json or .jsonl");
        }

        var dir = Path.GetDirectoryName(Path.GetFullPath(path));
        if (dir is not null && !Directory.Exists(dir))
        {
            throw new DirectoryNotFoundException($"--out {path}: the folder {dir} does not exist");
        }

        if (IsParts(path) && File.Exists(path) && !resume)
        {
            throw new ArgumentException($"--out {path} exists: add --resume to continue that run, or remove the file");
        }
    }
}
