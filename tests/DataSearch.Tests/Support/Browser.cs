using System.Diagnostics;

namespace DataSearch.Tests.Support;

/// <summary>Headless Chromium, to look at a report as a person would: a screenshot and the DOM after scripts ran.</summary>
public static class Browser
{
    /// <summary>Set (as .ci/run does) to make a missing browser a failure instead of a skip.</summary>
    public const string RequireVariable = "DATASEARCH_REQUIRE_BROWSER";

    /// <summary>The browser on PATH, or null.</summary>
    public static string? Executable { get; } = new[] { "chromium", "chromium-browser", "google-chrome" }
        .SelectMany(name => (Environment.GetEnvironmentVariable("PATH") ?? string.Empty).Split(Path.PathSeparator).Select(dir => Path.Combine(dir, name)))
        .FirstOrDefault(File.Exists);

    /// <summary>Saves a screenshot of <paramref name="page"/> at the given window size.</summary>
    public static void Screenshot(string page, string png, int width, int height) =>
        Run($"--screenshot={png} --window-size={width},{height} --hide-scrollbars", page);

    /// <summary>The page's DOM after its scripts ran.</summary>
    public static string DumpDom(string page) => Run("--dump-dom", page);

    private static string Run(string arguments, string page)
    {
        var start = new ProcessStartInfo(Executable ?? throw new InvalidOperationException("no browser on PATH"),
            $"--headless --no-sandbox --disable-gpu --no-first-run --disable-extensions {arguments} file://{Path.GetFullPath(page)}")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var process = Process.Start(start)!;
        var error = process.StandardError.ReadToEndAsync();
        var output = process.StandardOutput.ReadToEnd();
        if (!process.WaitForExit(TimeSpan.FromMinutes(2)))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{Executable} did not finish in two minutes");
        }

        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{Executable} exited with {process.ExitCode}: {error.Result}");
        }

        return output;
    }
}

/// <summary>A fact that needs headless Chromium: skipped with the reason when there is none, unless <see cref="Browser.RequireVariable"/> is set.</summary>
public sealed class BrowserFactAttribute : FactAttribute
{
    public BrowserFactAttribute()
    {
        if (Browser.Executable is null && Environment.GetEnvironmentVariable(Browser.RequireVariable) != "1")
        {
            Skip = "no chromium on PATH (apt-get install chromium; .ci/run installs it and sets DATASEARCH_REQUIRE_BROWSER=1)";
        }
    }
}
