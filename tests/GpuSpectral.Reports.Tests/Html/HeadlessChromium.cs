using System.Diagnostics;

namespace GpuSpectral.Reports.Tests.Html;

/// <summary>Runs Debian's headless Chromium to load a page and dump its DOM after the scripts ran.</summary>
internal static class HeadlessChromium
{
    /// <summary>Set to 1 (scripts/test does, after ensure_chromium) to make a missing Chromium a failure.</summary>
    public const string RequireVariable = "GPUSPECTRAL_REQUIRE_CHROMIUM";

    /// <summary>One page load: Chromium starts in about a second; a minute means it hung.</summary>
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    /// <summary>The chromium executable: /usr/bin/chromium, else "chromium" on PATH; null when absent.</summary>
    public static string? Executable { get; } = Find();

    public static bool Required => Environment.GetEnvironmentVariable(RequireVariable) == "1";

    /// <summary>Loads <paramref name="htmlPath"/> (with an optional query such as "?sort=alpha") and returns the DOM
    /// serialised after load (--dump-dom). Fails the test when Chromium is missing, times out or exits non-zero.</summary>
    public static string DumpDom(string htmlPath, string query = "")
    {
        var exe = Executable ?? throw new Xunit.Sdk.XunitException(
            $"chromium not found (/usr/bin/chromium or PATH) while {RequireVariable}=1; run scripts/chromium-deps.sh's ensure_chromium.");
        var profile = Path.Combine(Path.GetTempPath(), "gpuspectral-chromium-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(profile);
        try
        {
            var psi = new ProcessStartInfo(exe)
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            };
            foreach (var a in new[]
            {
                "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-extensions",
                "--disable-dev-shm-usage", $"--user-data-dir={profile}", "--dump-dom",
                new Uri(Path.GetFullPath(htmlPath)).AbsoluteUri + query,
            })
            {
                psi.ArgumentList.Add(a);
            }

            using var p = Process.Start(psi) ?? throw new Xunit.Sdk.XunitException("chromium did not start");
            var stdout = p.StandardOutput.ReadToEndAsync();
            var stderr = p.StandardError.ReadToEndAsync();
            if (!p.WaitForExit(Timeout))
            {
                p.Kill(entireProcessTree: true);
                throw new Xunit.Sdk.XunitException($"chromium timed out after {Timeout.TotalSeconds} s");
            }

            p.WaitForExit();
            if (p.ExitCode != 0 || stdout.Result.Length == 0)
            {
                throw new Xunit.Sdk.XunitException($"chromium exited {p.ExitCode}:\n{Tail(stderr.Result)}");
            }

            return stdout.Result;
        }
        finally
        {
            try
            {
                Directory.Delete(profile, recursive: true);
            }
            catch (IOException)
            {
                // A crashed helper process may still hold a file for a moment; the folder is in /tmp.
            }
        }
    }

    private static string Tail(string s) => s.Length <= 2000 ? s : s[^2000..];

    private static string? Find()
    {
        if (File.Exists("/usr/bin/chromium"))
        {
            return "/usr/bin/chromium";
        }

        foreach (var dir in (Environment.GetEnvironmentVariable("PATH") ?? string.Empty).Split(Path.PathSeparator))
        {
            var f = Path.Combine(dir, "chromium");
            if (dir.Length > 0 && File.Exists(f))
            {
                return f;
            }
        }

        return null;
    }
}

/// <summary>
/// A fact that needs headless Chromium: skipped with the reason when Chromium is absent, unless
/// GPUSPECTRAL_REQUIRE_CHROMIUM=1, in which case it runs and fails (xunit 2 has no runtime Assert.Skip).
/// </summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class ChromiumFactAttribute : FactAttribute
{
    public ChromiumFactAttribute()
    {
        if (HeadlessChromium.Executable is null && !HeadlessChromium.Required)
        {
            Skip = "chromium is not installed (apt-get install chromium, or scripts/chromium-deps.sh ensure_chromium); "
                + $"set {HeadlessChromium.RequireVariable}=1 to make this a failure";
        }
    }
}
