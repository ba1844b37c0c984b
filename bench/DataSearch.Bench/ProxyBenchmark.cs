using System.Diagnostics;
using System.Globalization;
using DataSearch.Environments;
using DataSearch.Evaluation;
using DataSearch.Models;
using DataSearch.Models.Proxy;
using DataSearch.Progress;
using DataSearch.Search;
using DataSearch.World;

namespace DataSearch.Bench;

/// <summary>
/// The proxy evaluator's cost (target: one default-size evaluation ≤ 90 s on 2 cores): the base model's
/// pre-training (or cache load), then the full pool evaluated with a few seeds, split into fine-tuning,
/// scoring and the decontamination check. On a search config's environment (e.g.
/// examples/environments/real-data.yaml with the real pool), else on the default world.
/// </summary>
internal static class ProxyBenchmark
{
    public static int Run(string[] args)
    {
        var seeds = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 2;
        IDataEnvironment data = args.Length > 0 && args[0] != "world"
            ? EnvironmentFactory.Create(SearchConfig.Read(args[0]).Environment ?? throw new ArgumentException($"{args[0]}: no environment: block"))
            : WorldEnvironment.Generate(WorldOptions.Default(1));
        Console.WriteLine($"environment: {data.Description}");
        var options = ProxyOptions.Default;
        var watch = Stopwatch.StartNew();
        var evaluator = Evaluators.Proxy(data, options, Console.WriteLine, new SilentStages(), CancellationToken.None);
        Console.WriteLine($"base model ready in {watch.Elapsed.TotalSeconds:0.0} s");
        var pool = data.Pool();
        watch.Restart();
        var contaminated = evaluator.Contaminated(pool);
        var decontamination = watch.Elapsed.TotalSeconds;
        Console.WriteLine($"decontamination check of {pool.Count:N0} samples: {decontamination:0.0} s ({contaminated.Values.Sum():N0} overlap)");
        Console.WriteLine();
        Console.WriteLine("| full pool, default proxy | seconds | fine-tuning | scoring | tokens/s |");
        Console.WriteLine("| --- | ---: | ---: | ---: | ---: |");
        for (var seed = 1UL; seed <= (ulong)seeds; seed++)
        {
            var result = evaluator.Evaluate(new EvaluationRequest(pool, [.. Enumerable.Range(0, pool.Count)], seed));
            var label = seed == 1 ? "seed 1 (cold: first in the process)" : $"seed {seed} (warm)";
            Console.WriteLine($"| {label} | {result.Cost.TotalSeconds:0.0} | {result.Cost.TrainSeconds:0.0} | {result.Cost.DecodeSeconds:0.0} | {result.Cost.TrainingTokens / result.Cost.TrainSeconds:N0} |");
        }

        return 0;
    }
}
