using System.Diagnostics;

namespace DataSearch.Tests.Cli;

public class ProgramNameTests
{
    [Fact]
    public void The_built_program_calls_itself_datasearch_in_its_usage_lines()
    {
        // A RootCommand would take its name from the file that runs; only the built program shows that.
        var cli = Path.Combine(AppContext.BaseDirectory, "DataSearch.Cli.dll");
        var start = new ProcessStartInfo("dotnet", [cli, "pool", "import", "--help"]) { RedirectStandardOutput = true };
        using var process = Process.Start(start)!;
        var help = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        Assert.Equal(0, process.ExitCode);
        Assert.Contains("datasearch pool import", help, StringComparison.Ordinal);
        Assert.DoesNotContain("DataSearch.Cli", help, StringComparison.Ordinal);
    }
}
