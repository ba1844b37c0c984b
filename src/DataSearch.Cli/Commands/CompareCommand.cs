using System.CommandLine;
using System.Globalization;
using DataSearch.Cli.Internal;
using DataSearch.Errors;
using DataSearch.Search;
using DataSearch.World;
using Spectre.Console;

namespace DataSearch.Cli.Commands;

/// <summary><c>datasearch compare --config search.yaml --seeds 5 -o DIR</c>: the search against its baselines.</summary>
internal static class CompareCommand
{
    public static Command Create(CliEnvironment environment)
    {
        var config = new Option<string>("--config", "-c") { Description = "The search config (YAML).", Required = true };
        var seeds = new Option<int>("--seeds") { Description = "Seeds 1..N, each a full search plus every baseline.", DefaultValueFactory = _ => 5 };
        var output = new Option<string>("--output", "-o") { Description = "The comparison folder (rerunning resumes from its cache).", Required = true };
        var ablations = new Option<bool>("--ablations") { Description = "Also run the search without GP ranking, without the state vector and without reseeding (methods ablation:NAME)." };
        var extensions = ExtensionOption.Create();
        var command = new Command("compare", """
            Run the search and its baselines with the same evaluator and budget over several seeds: random
            recipe search, random top-k (a random subset of the search's best size), the best single source,
            each single operator at its catalog defaults whose signals exist (BM25 and embedding relevance
            top-k, IFD, MONA, varentropy, quality, dedup), the full pool and the world's oracle;
            with --ablations also the search without GP ranking, without the state vector, without reseeding.
            Evaluations of the same subset and seed are shared between methods and cached in
            evaluations.jsonl, so a rerun resumes. Writes compare.json (per method: mean, std, per-seed
            results, best-so-far curves) and prints the table.

            Example:
              datasearch compare --config examples/search/search.yaml --seeds 3 -o runs/compare
              datasearch compare --config examples/search/search.yaml --seeds 3 --ablations -o runs/compare
            """)
        {
            config, seeds, output, ablations, extensions,
        };
        command.SetAction(parsed =>
        {
            var settings = SearchConfig.Read(parsed.GetRequiredValue(config));
            var count = parsed.GetValue(seeds);
            if (count is < 1 or > 20)
            {
                throw new UsageException("--seeds: expected 1 to 20");
            }

            var folder = parsed.GetRequiredValue(output);
            var extensionSet = ExtensionOption.Load(environment, parsed, extensions);
            var (log, file) = SearchSetup.Begin(environment, settings, extensionSet, folder, startedMarker: "config.yaml");
            using var closeLog = file;
            var setup = SearchSetup.Create(environment, settings, extensionSet, folder, log);
            // The oracle row is a report of the world's hidden ground truth: read here, never by the search.
            var oracle = setup.WorldFolder is null ? null : Path.Combine(setup.WorldFolder, "subsets", "oracle.ids");
            var oracleIndices = File.Exists(oracle) ? Pool.SubsetFile.Read(oracle, setup.Context.Pool) : null;
            var comparison = new Comparison(settings, setup.Context, setup.Space, setup.Evaluator, folder, log) { RunAblations = parsed.GetValue(ablations), Screening = setup.Screening };
            var results = ProgressDisplay.Run(environment, "compare", progress =>
                comparison.Run([.. Enumerable.Range(1, count).Select(s => (ulong)s)], oracleIndices, progress, environment.Cancellation));
            Render(environment, results, count, settings.MaxEvaluations);
            environment.Output.WriteLine($"written: {new SearchRunFolder(folder).Comparison}");
            return ExitCodes.Success;
        });
        return command;
    }

    /// <summary>Prints the methods' results, best first.</summary>
    public static void Render(CliEnvironment environment, IReadOnlyList<MethodResult> results, int seeds, int budget)
    {
        var table = new Table().Border(TableBorder.Rounded).Title($"in-distribution mean over {seeds} seed(s), budget {budget}")
            .AddColumns("method", "mean ± std", "per seed");
        foreach (var result in results.OrderByDescending(r => r.Mean))
        {
            table.AddRow(Markup.Escape(result.Method), $"{result.Mean:0.0} ± {result.StandardDeviation:0.0}",
                string.Join(" / ", result.PerSeed.Select(v => v.ToString("0.0", CultureInfo.InvariantCulture))));
        }

        environment.Console.Write(table);
    }
}
