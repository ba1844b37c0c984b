using DataSearch.Evaluation;
using DataSearch.Models;
using DataSearch.World;

namespace DataSearch.Bench;

/// <summary>
/// "Data matters" on the default world: evaluates the oracle, the full pool and the noisy subset with
/// several seeds, and reports scores, spread and the time per evaluation.
/// </summary>
internal static class WorldEvaluationBenchmark
{
    public static int Run(string[] args)
    {
        // SEEDS is a count (1..N) or a range ("6-10"), so a run can extend an earlier one.
        var seedRange = args.Length > 0 ? args[0].Split('-') : ["3"];
        var firstSeed = seedRange.Length > 1 ? ulong.Parse(seedRange[0], System.Globalization.CultureInfo.InvariantCulture) : 1UL;
        var lastSeed = ulong.Parse(seedRange[^1], System.Globalization.CultureInfo.InvariantCulture);
        var steps = args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : EmbeddedModelOptions.Default.FineTuning.Steps;
        var fineTuning = EmbeddedModelOptions.Default.FineTuning with { Steps = steps };
        fineTuning = args.Length > 3 ? fineTuning with { BatchSize = int.Parse(args[3], System.Globalization.CultureInfo.InvariantCulture) } : fineTuning;
        fineTuning = args.Length > 4 ? fineTuning with { LearningRate = double.Parse(args[4], System.Globalization.CultureInfo.InvariantCulture) } : fineTuning;
        fineTuning = args.Length > 6 ? fineTuning with { PackingLookahead = int.Parse(args[6], System.Globalization.CultureInfo.InvariantCulture) } : fineTuning;
        var options = EmbeddedModelOptions.Default with { FineTuning = fineTuning };
        Console.WriteLine($"fine-tuning: {fineTuning.Steps} steps of {fineTuning.BatchSize} rows, learning rate {fineTuning.LearningRate}, packing look-ahead {fineTuning.PackingLookahead}");
        var worldOptions = WorldOptions.Default(1);
        worldOptions = args.Length > 5 ? worldOptions with { BenchmarkSize = int.Parse(args[5], System.Globalization.CultureInfo.InvariantCulture) } : worldOptions;
        Console.WriteLine($"world: seed 1, {worldOptions.BenchmarkSize} questions per benchmark");
        var world = WorldGenerator.Generate(worldOptions);
        LanguageModel.UseThreads(options.Threads);
        var watch = System.Diagnostics.Stopwatch.StartNew();
        var (baseModel, path, built) = BaseModelCache.GetOrBuild(world.PretrainingText, options.Model, options.Pretraining, BaseModelCache.DefaultFolder());
        Console.WriteLine($"base model {(built ? "built" : "loaded")} in {watch.Elapsed.TotalSeconds:0.0} s: {path}");
        var evaluator = new EmbeddedEvaluator(baseModel, world.Benchmarks, options);
        var rows = new List<(string Subset, ulong Seed, EvaluationResult Result)>();
        foreach (var subset in args.Length > 2 ? args[2].Split(',') : ["oracle", "full", "noisy"])
        {
            for (var seed = firstSeed; seed <= lastSeed; seed++)
            {
                var result = evaluator.Evaluate(new EvaluationRequest(world.Pool, world.Subsets[subset], seed));
                rows.Add((subset, seed, result));
                Console.WriteLine($"{subset,-7} seed {seed}: objective {result.Objective:0.0}  [{string.Join(' ', result.Scores.Select(s => $"{s.Benchmark}={s.Score:0}"))}]  {result.Cost.TotalSeconds:0.0} s ({result.Cost.TrainSeconds:0.0} train, {result.Cost.DecodeSeconds:0.0} decode)  {result.Log[0]}");
            }
        }

        Console.WriteLine();
        Console.WriteLine("| subset | in-distribution mean | std over seeds | seconds per evaluation |");
        Console.WriteLine("| --- | ---: | ---: | ---: |");
        foreach (var group in rows.GroupBy(r => r.Subset))
        {
            var values = group.Select(r => r.Result.Objective).ToList();
            var mean = values.Average();
            var std = Math.Sqrt(values.Sum(v => (v - mean) * (v - mean)) / Math.Max(1, values.Count - 1));
            Console.WriteLine($"| {group.Key} | {mean:0.0} | {std:0.0} | {group.Average(r => r.Result.Cost.TotalSeconds):0.0} |");
        }

        // The first evaluation pays for compiling the training and decoding code; the rest run warm.
        var warm = rows.Skip(1).Select(r => r.Result.Cost.TotalSeconds).Order().ToList();
        Console.WriteLine();
        Console.WriteLine($"seconds per evaluation: cold (the first in the process) {rows[0].Result.Cost.TotalSeconds:0.0}, warm (median of the other {warm.Count}) {(warm.Count > 0 ? warm[warm.Count / 2].ToString("0.0", System.Globalization.CultureInfo.InvariantCulture) : "-")}");

        return 0;
    }
}
