using System.CommandLine;
using System.Globalization;
using DataSearch.Cli.Internal;
using DataSearch.Errors;
using DataSearch.Extensions;
using DataSearch.IO;
using DataSearch.Models.Setup;
using DataSearch.Recipes;
using DataSearch.Search;
using Spectre.Console;

namespace DataSearch.Cli.Commands;

/// <summary><c>datasearch search --config search.yaml -o RUN</c> and <c>--resume RUN</c>.</summary>
internal static class SearchCommand
{
    public static Command Create(CliEnvironment environment)
    {
        var config = new Option<string?>("--config", "-c") { Description = "The search config (YAML); see docs/search.md." };
        var output = new Option<string?>("--output", "-o") { Description = "A new run folder." };
        var resume = new Option<string?>("--resume") { Description = "Continue the run in this folder (uses its config.yaml)." };
        var maxEvaluations = new Option<int?>("--max-evaluations") { Description = "Overrides max_evaluations (and MAX_EVALUATIONS)." };
        var seed = new Option<ulong?>("--seed") { Description = "Overrides the config's seed." };
        var parallel = new Option<int?>("--parallel") { Description = "Overrides parallel: evaluations in flight at once (for the command and Slurm backends)." };
        var extensions = ExtensionOption.Create();
        var command = new Command("search", """
            Search for the recipe whose subset trains the best model, spending a fixed budget of full
            evaluations: Latin-hypercube warm-up, then rounds of local edits ranked by a Gaussian process on
            recipe features and state vectors, reseeding on stagnation. Signals missing from the cache are
            computed first. Everything goes to the run folder (config.yaml, engine.log, search_log.jsonl,
            search_tree.json, recipes/, subsets/); after a crash or Ctrl-C, --resume continues without
            repeating a finished evaluation.

            Examples:
              datasearch search --config examples/search/search.yaml -o runs/search
              MAX_EVALUATIONS=20 datasearch search --resume runs/search
              datasearch search --config examples/llamafactory-vllm/search.yaml --parallel 4 -o runs/gpu
            """)
        {
            config, output, resume, maxEvaluations, seed, parallel, extensions,
        };
        command.SetAction(parsed =>
        {
            var (runFolder, settings) = Prepare(parsed.GetValue(config), parsed.GetValue(output), parsed.GetValue(resume));
            settings = settings with
            {
                MaxEvaluations = parsed.GetValue(maxEvaluations) ?? settings.MaxEvaluations,
                Seed = parsed.GetValue(seed) ?? settings.Seed,
                Parallel = parsed.GetValue(parallel) ?? settings.Parallel,
            };
            settings.ThrowIfInvalid("search settings");
            var extensionSet = ExtensionOption.Load(environment, parsed, extensions);
            var (log, engineLog) = SearchRun.Begin(environment, settings, extensionSet, runFolder, startedMarker: SearchRunFolder.LogName);
            using var closeLog = engineLog;
            var setup = SearchSetup.Create(environment.Host(), settings, extensionSet, runFolder);
            var (context, space, evaluator) = (setup.Context, setup.Space, setup.Evaluator);
            if (extensionSet.CatalogPatched)
            {
                AtomicFile.WriteAllText(Path.Combine(runFolder, "operator_catalog.extended.yaml"), extensionSet.Catalog.ToYaml());
            }

            log($"search in {runFolder}: {space.Operators.Count} operators searchable, budget {settings.MaxEvaluations} evaluations, seed {settings.Seed}");
            using var chat = Agents.ChatClientOptions.FromEnvironment(environment.Variables, environment.Secrets) is { } chatOptions
                ? new Agents.ChatClient(chatOptions, new Agents.ThinkingLog(Path.Combine(runFolder, "thinking_logs"), chatOptions.Redactor))
                : null;
            log(chat is null ? "no LLM endpoint configured (OPENAI_BASE_URL, LLM_MODEL): heuristic proposer only" : "feedback, action and selection agents: OpenAI-compatible endpoint configured; prompts and replies go to thinking_logs/");
            var agent = chat is null ? null : new LlmProposer(chat, extensionSet.Catalog, extensionSet.Registry, log);
            var controller = new SearchController(settings, context, space, evaluator, runFolder, log, agent,
                chat is null ? null : new FeedbackAgent(chat, log), chat is null ? null : new SelectionAgent(chat, log), setup.Screening);
            var outcome = ProgressDisplay.Run(environment, "search", progress => controller.Run(progress, environment.Cancellation));
            Render(environment, outcome, runFolder);
            return outcome.Best is null ? ExitCodes.Failure : ExitCodes.Success;
        });
        return command;
    }

    private static (string RunFolder, SearchConfig Settings) Prepare(string? config, string? output, string? resume)
    {
        var (runFolder, configPath) = RunFolderArguments.Resolve(config, output, resume, ["--resume"], "a search", SearchRunFolder.LogName);
        return (runFolder, SearchConfig.Read(configPath));
    }

    private static void Render(CliEnvironment environment, SearchOutcome outcome, string runFolder)
    {
        var table = new Table().Border(TableBorder.Rounded).Title($"search: {outcome.StopReason}")
            .AddColumns("id", "round", "edit", "samples", "objective", "predicted", "seconds");
        foreach (var record in outcome.Records.Where(r => r.RecipeHash.Length > 0))
        {
            var objective = record.Objective is { } o ? o.ToString("0.0", CultureInfo.InvariantCulture) : $"[red]{record.Status.Text()}[/]";
            var mark = record == outcome.Best ? "[bold]" : string.Empty;
            table.AddRow(
                $"{mark}{record.Id}{(mark.Length > 0 ? "[/]" : string.Empty)}",
                record.Round.ToString(CultureInfo.InvariantCulture),
                Markup.Escape(record.Edit),
                record.SubsetSamples.ToString("N0", CultureInfo.InvariantCulture),
                objective,
                record.Predicted is { } p ? $"{p[0]:0.0} ± {p[1]:0.0}" : string.Empty,
                record.Seconds.ToString("0", CultureInfo.InvariantCulture));
        }

        environment.Console.Write(table);
        if (outcome.Best is { } best)
        {
            environment.Output.WriteLine($"best: {best.Id}, in-distribution mean {best.Objective:0.0} on {best.SubsetSamples:N0} samples; recipe {new SearchRunFolder(runFolder).Recipe(best.Id)}, subset {new SearchRunFolder(runFolder).Subset(best.SubsetHash)}");
        }
    }
}
