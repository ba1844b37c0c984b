using System.CommandLine;
using System.Globalization;
using DataSearch.Cli.Internal;
using DataSearch.Search;

namespace DataSearch.Cli.Commands;

/// <summary><c>datasearch compare merge ZOO… [-o FILE] [--markdown]</c>: zoo comparisons run one by one, pooled.</summary>
internal static class CompareMergeCommand
{
    public static Command Create(CliEnvironment environment)
    {
        var folders = new Argument<string[]>("zoo") { Description = "Output folders of `compare --worlds`, e.g. one per fresh world seed (each world folder's compare.json is read; zoo.json, where there is one, gives the seeds it counts).", Arity = ArgumentArity.OneOrMore };
        var output = new Option<string?>("--output", "-o") { Description = "Also write the pooled summary here, in zoo.json's shape plus the runs pooled and what was left out." };
        var markdown = new Option<bool>("--markdown") { Description = "Print the tables as Markdown (for docs) instead of drawing them." };
        var command = new Command("merge", """
            Pool zoo comparisons run one at a time — another world seed, other fine-tuning seeds — into one
            table: every method as a percentage of each world's oracle, per world and over the zoo, mean ±
            std over all the runs' seeds (and rescored, where every run rescored: of the rescored oracle and
            of the mean of the oracle's two trainings), then the search against the strongest baseline, seed
            by seed. Only worlds and methods that every run holds are pooled; the rest is listed. Nothing is
            trained.

            Example:
              datasearch compare merge runs/zoo103 runs/zoo104 runs/zoo105 -o runs/zoo-fresh.json
            """)
        {
            folders, output, markdown,
        };
        command.SetAction(parsed =>
        {
            var pooled = ZooRuns.Read(parsed.GetRequiredValue(folders));
            var summaries = ZooSummaries.Of(pooled.Worlds);
            var seeds = pooled.Runs.SelectMany(r => r.Seeds).ToList();
            environment.Output.WriteLine($"{pooled.Runs.Count} run(s), {seeds.Count} seed(s) in all: {string.Join("; ", pooled.Runs.Select(r => $"{r.Folder} (seeds {string.Join(", ", r.Seeds)}{(r.Complete ? string.Empty : ", not finished")})"))}");
            if (parsed.GetValue(markdown))
            {
                WriteMarkdown(environment, summaries.Found, seeds.Count, "% of the oracle, as found (best of the budget)");
                if (summaries.Rescored is { } rescored)
                {
                    WriteMarkdown(environment, rescored, seeds.Count, "% of the oracle, rescored (each final subset trained again with a fresh seed)");
                }

                if (summaries.AgainstBothOracleTrainings is { } steadier)
                {
                    WriteMarkdown(environment, steadier, seeds.Count, "rescored, % of the mean of the oracle's two trainings (as found and rescored)");
                }
            }
            else
            {
                CompareCommand.RenderZoo(environment, summaries, seeds.Count, pooled.Budget);
            }

            CompareCommand.WriteHeadline(environment, summaries);

            foreach (var left in pooled.Left)
            {
                environment.Output.WriteLine($"left out: {left}");
            }

            if (pooled.SettingDifferences.Count > 0)
            {
                environment.Output.WriteLine("warning: the runs' settings differ, so a method of one name may not be the same method in each:");
                foreach (var difference in pooled.SettingDifferences)
                {
                    environment.Output.WriteLine($"  {difference}");
                }
            }

            if (pooled.Runs.Any(r => r.Builds.Count > 0))
            {
                environment.Output.WriteLine($"builds: {string.Join("; ", pooled.Runs.Select(r => $"{r.Folder}: {(r.Builds.Count > 0 ? string.Join(", ", r.Builds) : "not recorded")}"))}");
            }

            // Machines of two kinds may train a seed to different scores (within seed spread): say where that happened.
            if (pooled.Runs.SelectMany(r => r.Machines).Distinct(StringComparer.Ordinal).Count() > 1)
            {
                environment.Output.WriteLine($"machines: {string.Join("; ", pooled.Runs.Select(r => $"{r.Folder}: {(r.Machines.Count > 0 ? string.Join(" / ", r.Machines) : "not recorded")}"))}");
            }

            if (parsed.GetValue(output) is { } path)
            {
                CompareCommand.WriteZoo(path, summaries, seeds, pooled.Budget, pooled.Runs.All(r => r.Complete), pooled);
                environment.Output.WriteLine($"written: {path}");
            }

            return ExitCodes.Success;
        });
        return command;
    }

    private static void WriteMarkdown(CliEnvironment environment, ZooSummary summary, int seeds, string title)
    {
        environment.Output.WriteLine();
        environment.Output.WriteLine($"{title}, {(seeds < 2 ? "one seed" : $"mean ± std over {seeds} seeds")}:");
        environment.Output.WriteLine();
        environment.Output.WriteLine($"| method | {string.Join(" | ", summary.Worlds.Select(w => $"`{w}`"))} | zoo mean |");
        environment.Output.WriteLine($"| --- |{string.Concat(summary.Worlds.Select(_ => " ---: |"))} ---: |");
        foreach (var method in summary.Methods)
        {
            var cells = summary.Worlds.Select(w => summary.Cell(method, w) is { } cell ? CompareCommand.MeanAndSpread(cell.Mean, cell.StandardDeviation, seeds) : "–");
            environment.Output.WriteLine($"| {method} | {string.Join(" | ", cells)} | {CompareCommand.MeanAndSpread(summary.ZooMean(method), summary.ZooSeedSpread(method), seeds)} |");
        }

        environment.Output.WriteLine();
    }
}
