using System.CommandLine;
using DataSearch.Cli.Internal;
using DataSearch.Evaluation;
using DataSearch.Pool;
using DataSearch.World;
using Spectre.Console;

namespace DataSearch.Cli.Commands;

/// <summary>
/// <c>datasearch demo</c>: the main job on the embedded default, needing no network, GPU or configuration.
/// It runs every stage that exists so far; each later capability adds its stage here.
/// </summary>
internal static class DemoCommand
{
    private const int Stages = 4;

    public static Command Create(CliEnvironment environment)
    {
        var output = new Option<string>("--output", "-o")
        {
            Description = "The run folder to write.",
            DefaultValueFactory = _ => Path.Combine("runs", "demo"),
        };
        var quick = new Option<bool>("--quick") { Description = "A smaller world and shorter training: a first taste in a few minutes." };
        var model = new Option<string?>("--model") { Description = "Model profile (default, quick, tiny); overrides the one --quick picks.", Hidden = true };
        var seed = new Option<ulong>("--seed") { Description = "Seeds the world and training.", DefaultValueFactory = _ => 1 };
        var command = new Command("demo", """
            Run the pipeline on the built-in skill world: generate the world (a pool with known
            pathologies, benchmarks, an encyclopedia), check its pool, pre-train (or load the cached)
            base model, then fine-tune it on the oracle subset, the full pool and a noise-heavy subset
            of the oracle's size, and compare their benchmark scores. Re-running reuses the caches.
            """)
        {
            output, quick, model, seed,
        };
        command.SetAction(parsed => Execute(
            environment,
            parsed.GetRequiredValue(output),
            parsed.GetValue(quick),
            parsed.GetValue(model) ?? (parsed.GetValue(quick) ? "quick" : "default"),
            parsed.GetValue(seed)));
        return command;
    }

    private static int Execute(CliEnvironment environment, string runFolder, bool quick, string modelProfile, ulong seed)
    {
        var modelOptions = EmbeddedSetup.Profile(modelProfile);
        var worldFolder = Path.Combine(runFolder, "world");
        Stage(environment, 1, "generate the built-in skill world");
        var options = quick || modelProfile == "tiny" ? WorldOptions.Small(seed) : WorldOptions.Default(seed);
        var manifest = ReuseOrGenerate(worldFolder, options);
        environment.Output.WriteLine($"{worldFolder}: {manifest.Samples:N0} samples from {options.Sources.Count} sources, {manifest.Benchmarks.Count} benchmarks (pool hash {manifest.PoolHash[..16]})");

        Stage(environment, 2, "check and summarise its pool");
        var poolFolder = Path.Combine(worldFolder, WorldStore.PoolFolder);
        var failed = PoolValidator.Validate(poolFolder, cancellationToken: environment.Cancellation).Where(c => !c.Passed).ToList();
        foreach (var check in failed)
        {
            environment.Error.WriteLine($"FAIL {check.Name}: {check.Detail}");
        }

        var statistics = PoolStatistics.Compute(PoolStore.Open(poolFolder).Pool);
        environment.Output.WriteLine(failed.Count == 0 ? "pool valid" : $"{failed.Count} pool check(s) failed");
        environment.Output.WriteLine($"sources: {string.Join(", ", statistics.Sources.Select(s => $"{s.Name} {s.Samples:N0}"))}; exact duplicates {statistics.ExactDuplicates:N0}");

        Stage(environment, 3, "pre-train or load the base model");
        var (pool, evaluator, _) = EmbeddedSetup.Create(environment, worldFolder, poolFolder, modelOptions);

        Stage(environment, 4, "fine-tune on three subsets and score the benchmarks");
        var results = new List<(string Name, int Samples, EvaluationResult Result)>();
        foreach (var name in new[] { "oracle", "full", "noisy" })
        {
            var indices = EmbeddedSetup.ResolveSubset(name, worldFolder, pool);
            var result = ProgressDisplay.Run(environment, $"evaluate {name}", progress =>
                evaluator.Evaluate(new EvaluationRequest(pool, indices, seed), progress, environment.Cancellation));
            results.Add((name, indices.Length, result));
            environment.Output.WriteLine($"{name,-7} {indices.Length,7:N0} samples: in-distribution mean {result.Objective:0.0} ({result.Cost.TotalSeconds:0.0} s)");
        }

        Summarise(environment, results);
        return failed.Count == 0 ? ExitCodes.Success : ExitCodes.Failure;
    }

    private static WorldManifest ReuseOrGenerate(string worldFolder, WorldOptions options)
    {
        if (File.Exists(Path.Combine(worldFolder, WorldStore.ManifestFile)))
        {
            var existing = WorldStore.ReadManifest(worldFolder);
            if (existing.Seed == options.Seed && existing.Samples == options.Sources.Sum(s => s.Samples))
            {
                return existing;
            }
        }

        return WorldStore.Save(WorldGenerator.Generate(options), worldFolder, overwrite: true);
    }

    private static void Summarise(CliEnvironment environment, List<(string Name, int Samples, EvaluationResult Result)> results)
    {
        var table = new Table().Border(TableBorder.Rounded).Title("benchmark scores (%) after fine-tuning on each subset");
        table.AddColumn("benchmark");
        table.AddColumn("kind");
        foreach (var (name, samples, _) in results)
        {
            table.AddColumn($"{name} ({samples:N0})");
        }

        foreach (var (score, index) in results[0].Result.Scores.Select((s, i) => (s, i)))
        {
            table.AddRow([score.Benchmark, WorldGenerator.Name(score.Kind), .. results.Select(r => $"{r.Result.Scores[index].Score:0.0}")]);
        }

        table.AddRow(["[bold]in-distribution mean[/]", string.Empty, .. results.Select(r => $"[bold]{r.Result.Objective:0.0}[/]")]);
        environment.Console.Write(table);
        environment.Output.WriteLine("The same budget of fine-tuning steps, three subsets: which data is chosen changes what the model learns.");
    }

    private static void Stage(CliEnvironment environment, int number, string title)
    {
        environment.Output.WriteLine();
        environment.Output.WriteLine($"[{number}/{Stages}] {title}");
    }
}
