using DataSearch.Recipes;
using DataSearch.Signals;
using DataSearch.Signals.Providers;
using DataSearch.World;

namespace DataSearch.Bench;

/// <summary>
/// The recipe engine on large pools: a built-in world scaled to 100k and 1M samples with its text and
/// exact-duplicate signals, then a 4-step recipe (filter → dedup → mix → top-k): its first run in the
/// process (cold, what `recipe run` pays) and the median of 21 more (warm).
/// </summary>
internal static class RecipeBenchmark
{
    private const string Recipe = """
        seed: 1
        steps:
          - op: score_filter
            params: {signal: chars, low_quantile: 0.05, high_quantile: 0.95}
          - op: semantic_dedup
            params: {strategy: exact}
          - op: source_mix
            params: {source_weights: {textbook: 4, forum: 2, chat_logs: 1, scrape: 2, puzzles: 1}}
          - op: top_k
            params: {signal: ngram_entropy, fraction: 0.5}
        """;

    public static int Run(string[] args)
    {
        var sizes = args.Length > 0 ? args[0].Split(',').Select(s => int.Parse(s, System.Globalization.CultureInfo.InvariantCulture)) : [100_000, 1_000_000];
        Console.WriteLine("| pool | signals computed in | recipe, cold | recipe, warm median | recipes/s, warm | min | max | output | peak RSS |");
        Console.WriteLine("| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
        foreach (var size in sizes)
        {
            var options = WorldOptions.Default(1);
            var factor = size / (double)options.Sources.Sum(s => s.Samples);
            var world = WorldGenerator.Generate(options with { Sources = [.. options.Sources.Select(s => s with { Samples = (int)Math.Round(s.Samples * factor) })] });
            var input = new SignalInput(world.Pool, "bench", []);
            var watch = System.Diagnostics.Stopwatch.StartNew();
            var signals = new SignalSet(world.Pool.Count, [new TextSignals().Compute(input, null, default), new ExactDuplicates().Compute(input, null, default)]);
            var signalSeconds = watch.Elapsed.TotalSeconds;
            var context = new RecipeContext(world.Pool, signals, OperatorRegistry.CreateDefault());
            var recipe = RecipeReader.Parse(Recipe);
            var first = System.Diagnostics.Stopwatch.StartNew();
            RecipeExecutor.Run(recipe, context);
            var cold = first.Elapsed.TotalMilliseconds;
            var times = new List<double>();
            var output = 0;
            for (var i = 0; i < 21; i++)
            {
                var run = System.Diagnostics.Stopwatch.StartNew();
                output = RecipeExecutor.Run(recipe, context).Selection.Count;
                times.Add(run.Elapsed.TotalMilliseconds);
            }

            times.Sort();
            Console.WriteLine($"| {world.Pool.Count:N0} | {BenchRunner.F(signalSeconds, "0.0")} s | {BenchRunner.F(cold, "0.0")} ms | {BenchRunner.F(times[10], "0.0")} ms | {BenchRunner.F(1000 / times[10], "0.0")} | {BenchRunner.F(times[0], "0.0")} ms | {BenchRunner.F(times[^1], "0.0")} ms | {output:N0} | {BenchRunner.F(BenchRunner.PeakRss() / 1e9, "0.00")} GB |");
        }

        return 0;
    }
}
