using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using DataSearch.Cli.Internal;
using DataSearch.Pool;
using Spectre.Console;

namespace DataSearch.Cli.Commands;

/// <summary><c>datasearch pool stats POOL</c>: counts per source, length quantiles, turns and duplicates.</summary>
internal static class PoolStatsCommand
{
    public static Command Create(CliEnvironment environment)
    {
        var pool = new Argument<string[]>("pool")
        {
            Description = "A pool folder, or data files to read on the fly.",
            Arity = ArgumentArity.OneOrMore,
        };
        var json = new Option<bool>("--json") { Description = "Print the statistics as JSON." };
        var command = new Command("stats", """
            Summarise a pool: samples per source, prompt/response length quantiles, assistant turns,
            exact duplicate conversations (kept with distinct ids; the dedup operator removes them),
            duplicate ids, empty responses, tags.

            Example:
              datasearch pool stats pool
            """)
        {
            pool, json,
        };
        command.SetAction(parsed =>
        {
            var statistics = PoolStatistics.Compute(PoolInput.Open(environment, parsed.GetRequiredValue(pool)));
            if (parsed.GetValue(json))
            {
                environment.Output.WriteLine(JsonSerializer.Serialize(statistics, CliJson.Options));
            }
            else
            {
                Render(environment.Console, statistics);
            }

            return ExitCodes.Success;
        });
        return command;
    }

    private static void Render(IAnsiConsole console, PoolStatistics stats)
    {
        static string N(long value) => value.ToString("N0", CultureInfo.InvariantCulture);
        static string Share(long part, long whole) => whole == 0 ? "-" : $"{100.0 * part / whole:0.0}%";

        console.MarkupLine($"[bold]{N(stats.Samples)}[/] samples, {N(stats.Messages)} messages, {stats.Sources.Count} source(s)");
        var sources = new Table().Border(TableBorder.Rounded).Title("sources")
            .AddColumns("source", "samples", "share", "exact dups", "empty responses", "median prompt chars", "median response chars");
        foreach (var source in stats.Sources)
        {
            sources.AddRow(
                Markup.Escape(source.Name),
                N(source.Samples),
                Share(source.Samples, stats.Samples),
                N(source.ExactDuplicates),
                N(source.EmptyResponses),
                N(source.MedianPromptChars),
                N(source.MedianResponseChars));
        }

        console.Write(sources);

        var lengths = new Table().Border(TableBorder.Rounded).Title("length in characters")
            .AddColumns("", "min", "p10", "median", "p90", "p99", "max", "mean");
        foreach (var (name, q) in new[] { ("prompt", stats.PromptChars), ("response", stats.ResponseChars) })
        {
            lengths.AddRow(name, N(q.Min), N(q.P10), N(q.P50), N(q.P90), N(q.P99), N(q.Max), q.Mean.ToString("N1", CultureInfo.InvariantCulture));
        }

        console.Write(lengths);

        var quality = new Table().Border(TableBorder.Rounded).Title("structure and duplicates").AddColumns("", "samples", "share");
        quality.AddRow("exact duplicate conversations", N(stats.ExactDuplicates), Share(stats.ExactDuplicates, stats.Samples));
        quality.AddRow("  in distinct groups", N(stats.DuplicateGroups), string.Empty);
        quality.AddRow("duplicate ids", N(stats.DuplicateIds), Share(stats.DuplicateIds, stats.Samples));
        quality.AddRow("empty responses", N(stats.EmptyResponses), Share(stats.EmptyResponses, stats.Samples));
        quality.AddRow("with a system prompt", N(stats.WithSystemPrompt), Share(stats.WithSystemPrompt, stats.Samples));
        quality.AddRow("with a target answer", N(stats.WithTarget), Share(stats.WithTarget, stats.Samples));
        foreach (var turns in stats.AssistantTurns)
        {
            quality.AddRow($"{turns.Turns} assistant turn(s)", N(turns.Samples), Share(turns.Samples, stats.Samples));
        }

        console.Write(quality);
        if (stats.Tags.Count > 0)
        {
            console.MarkupLine("[bold]top tags:[/] " + Markup.Escape(string.Join(", ", stats.Tags.Select(t => $"{t.Tag} ({N(t.Samples)})"))));
        }
    }
}
