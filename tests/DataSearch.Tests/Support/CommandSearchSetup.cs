using DataSearch.Cli;

namespace DataSearch.Tests.Support;

/// <summary>
/// A small built-in world (seed 3) with a search whose evaluator is a shell command scoring a subset by
/// its size: a whole search from the command line in seconds, for tests of what surrounds evaluation.
/// </summary>
public static class CommandSearchSetup
{
    /// <summary>Writes <c>world/</c>, <c>score.sh</c> and <c>search.yaml</c> (budget <paramref name="budget"/>) into <paramref name="temp"/>; returns the config's path.</summary>
    public static string Write(TempFolder temp, int budget)
    {
        var generate = CliRunner.Run("world", "generate", "--seed", "3", "--small", "-o", temp.File("world"));
        Assert.True(generate.ExitCode == ExitCodes.Success, generate.Error);
        File.WriteAllText(temp.File("score.sh"), """
            #!/bin/sh
            n=$(grep -c . "$1")
            awk -v n="$n" 'BEGIN { printf "{\"benchmarks\": [{\"name\": \"size\", \"score\": %.6f}]}\n", 100 * n / (n + 500) }' > "$2"
            """);
        return temp.Write("search.yaml", $"""
            world: world
            max_evaluations: {budget}
            n_lhs_seeds: 2
            source_screening: "off"
            candidates_per_round: 20
            model: tiny
            evaluator:
              kind: command
              commands:
                - sh score.sh {"{subset_ids}"} {"{result}"}
            """);
    }
}
