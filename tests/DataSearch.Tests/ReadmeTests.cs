using DataSearch.Tests.Support;

namespace DataSearch.Tests;

/// <summary>The README starts with the two commands, and CI runs exactly the test command it shows.</summary>
public class ReadmeTests
{
    [Fact]
    public void The_readme_opens_with_the_demo_and_the_test_command_that_ci_runs()
    {
        var repository = RepositoryFolder.Path;
        var lines = File.ReadAllLines(Path.Combine(repository, "README.md"));
        var block = lines.SkipWhile(l => !l.StartsWith("```", StringComparison.Ordinal)).Skip(1).TakeWhile(l => !l.StartsWith("```", StringComparison.Ordinal))
            .Select(l => l.Split('#')[0].Trim()).Where(l => l.Length > 0).ToList();
        Assert.Equal(2, block.Count);
        Assert.Equal("./datasearch demo", block[0]);
        Assert.StartsWith("dotnet test ", block[1], StringComparison.Ordinal);

        // The first code block comes before any section: the two commands are what a reader sees first.
        Assert.True(Array.FindIndex(lines, l => l.StartsWith("```", StringComparison.Ordinal)) < Array.FindIndex(lines, l => l.StartsWith("## ", StringComparison.Ordinal)));
        var ci = File.ReadAllText(Path.Combine(repository, ".ci", "run"));
        Assert.Contains(block[1], ci, StringComparison.Ordinal);
    }
}
