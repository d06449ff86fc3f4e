namespace GpuSpectral.Cli;

/// <summary>The small real checkpoint analysed when no path is given (copied next to the program at build).</summary>
internal static class DefaultSample
{
    public const string FileName = "digits_mlp.safetensors";

    public static string PathOrThrow()
    {
        var beside = Path.Combine(AppContext.BaseDirectory, "samples", FileName);
        if (File.Exists(beside))
        {
            return beside;
        }

        throw new FileNotFoundException($"no path given and the sample model {beside} is missing", beside);
    }
}
