namespace GpuSpectral.TestSupport;

/// <summary>Locates the read-only <c>shared/</c> folder (fixtures, data, reference) beside the checkout.</summary>
public static class SharedData
{
    private static readonly Lazy<string> Root = new(Find);

    /// <summary>Absolute path of <c>shared/</c>.</summary>
    public static string RootPath => Root.Value;

    /// <summary>Path of a file or folder under <c>shared/fixtures</c>.</summary>
    public static string Fixture(string relative) => Path.Combine(RootPath, "fixtures", relative);

    /// <summary>Path of a file or folder under <c>shared/data</c>.</summary>
    public static string Data(string relative) => Path.Combine(RootPath, "data", relative);

    /// <summary>Path of the repository root (the folder holding <c>GpuSpectral.sln</c>).</summary>
    public static string RepoRoot => FindRepoRoot() ?? throw new DirectoryNotFoundException("GpuSpectral.sln not found");

    private static string Find()
    {
        var env = Environment.GetEnvironmentVariable("GPUSPECTRAL_SHARED");
        if (!string.IsNullOrEmpty(env) && Directory.Exists(env))
        {
            return Path.GetFullPath(env);
        }

        var repo = FindRepoRoot();
        if (repo is not null)
        {
            var beside = Path.GetFullPath(Path.Combine(repo, "..", "shared"));
            if (Directory.Exists(beside))
            {
                return beside;
            }
        }

        throw new DirectoryNotFoundException(
            "shared/ not found beside the checkout; set GPUSPECTRAL_SHARED to its path");
    }

    private static string? FindRepoRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "GpuSpectral.sln"))
                || File.Exists(Path.Combine(dir.FullName, "GpuSpectral.slnx")))
            {
                return dir.FullName;
            }
        }

        return null;
    }
}
