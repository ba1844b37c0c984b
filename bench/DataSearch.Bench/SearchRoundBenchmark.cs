using DataSearch.Extensions;
using DataSearch.Recipes;
using DataSearch.Search;
using DataSearch.Signals;
using DataSearch.Signals.Providers;
using DataSearch.World;

namespace DataSearch.Bench;

/// <summary>
/// Controller overhead per round — proposal, materialisation of every candidate, GP fit, ranking —
/// without evaluation: the default world with its text, duplicate and relevance signals, and an
/// evaluator that scores a subset from the world's ground truth instantly.
/// </summary>
internal static class SearchRoundBenchmark
{
    public static int Run(string[] args)
    {
        var candidates = args.Length > 0 ? int.Parse(args[0], System.Globalization.CultureInfo.InvariantCulture) : 200;
        var world = WorldGenerator.Generate(WorldOptions.Default(1));
        var targets = world.Targets.Select(t => new TargetSet(t.Key, [.. t.Value.Select(i => $"{i.Prompt}\n{i.Answer}")])).ToList();
        var input = new SignalInput(world.Pool, "bench", targets);
        var signals = new SignalSet(world.Pool.Count, TextProviders.For(withTargets: true).Select(p => p.Compute(input, null, default)));
        var extensions = ExtensionSet.Load([]);
        var context = new RecipeContext(world.Pool, signals, extensions.Registry);
        var space = SearchSpace.Build(extensions.Catalog, extensions.Registry, signals, world.Pool, benchmarksKnown: false);
        var folder = Path.Combine(Path.GetTempPath(), $"datasearch-search-bench-{Environment.ProcessId}");
        var config = new SearchConfig { World = "bench", MaxEvaluations = 24, NLhsSeeds = 4, CandidatesPerRound = candidates, Seed = 1 };
        try
        {
            var outcome = new SearchController(config, context, space, new GroundTruthEvaluator(world), folder, _ => { }).Run();
            var rounds = outcome.Records.Where(r => r.Round > 0 && r.RecipeHash.Length > 0).ToList();
            var seconds = rounds.Select(r => r.RoundSeconds).Order().ToList();
            Console.WriteLine($"pool {world.Pool.Count:N0} samples, {space.Operators.Count} searchable operators, {candidates} candidates proposed per round, {rounds.Count} rounds");
            Console.WriteLine();
            Console.WriteLine("| rounds | candidates ranked (median) | round seconds: median | p90 | max | first round |");
            Console.WriteLine("| ---: | ---: | ---: | ---: | ---: | ---: |");
            Console.WriteLine($"| {rounds.Count} | {rounds.Select(r => r.Candidates).Order().ElementAt(rounds.Count / 2)} | {BenchRunner.F(seconds[seconds.Count / 2])} | {BenchRunner.F(seconds[(int)(seconds.Count * 0.9)])} | {BenchRunner.F(seconds[^1])} | {BenchRunner.F(rounds[0].RoundSeconds)} |");
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }

        return 0;
    }
}
