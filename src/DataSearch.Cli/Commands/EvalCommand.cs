using System.CommandLine;
using System.Text.Json;
using DataSearch.Cli.Internal;
using DataSearch.Evaluation;
using DataSearch.IO;
using Spectre.Console;

namespace DataSearch.Cli.Commands;

/// <summary><c>datasearch eval --world W --subset S</c>: one full evaluation with the embedded model.</summary>
internal static class EvalCommand
{
    public static Command Create(CliEnvironment environment)
    {
        var world = new Option<string?>("--world", "-w") { Description = "The world folder (benchmarks, corpus); default: the pool's parent folder." };
        var pool = new Option<string?>("--pool", "-p") { Description = "The pool folder; default: the world's pool." };
        var subset = new Option<string>("--subset", "-s")
        {
            Description = "An .ids file (one sample id per line), or a subset of the world: oracle, full, noisy.",
            Required = true,
        };
        var seed = new Option<ulong>("--seed") { Description = "Seeds fine-tuning.", DefaultValueFactory = _ => 1 };
        var model = new Option<string>("--model") { Description = "Model profile: default, medium, quick or tiny.", DefaultValueFactory = _ => "default" };
        var output = new Option<string?>("--output", "-o") { Description = "Also write the result as JSON to this file." };
        var threads = new Option<int?>("--threads") { Description = "CPU threads for training and decoding (default: all cores); give a batch job the CPUs it was allocated." };
        var resultFile = new Option<string?>("--result") { Description = "Also write the scores as a result file (the contract external backends use; docs/backends.md)." };
        var command = new Command("eval", """
            Fine-tune the cached base model on a subset for a fixed number of steps, decode every benchmark
            and print per-benchmark scores, the in-distribution mean and the cost. The base model is
            pre-trained on the world's corpus on first use and cached (see DATASEARCH_CACHE).

            Examples:
              datasearch eval --world runs/world --subset oracle
              datasearch eval --pool runs/world/pool --subset my.ids -o result.json
            """)
        {
            world, pool, subset, seed, model, output, resultFile, threads,
        };
        command.SetAction(parsed =>
        {
            var poolFolder = parsed.GetValue(pool);
            var worldFolder = parsed.GetValue(world) ?? (poolFolder is null
                ? throw new Errors.UsageException("give --world, --pool, or both")
                : EmbeddedSetup.WorldOf(poolFolder));
            var options = EmbeddedSetup.Profile(parsed.GetRequiredValue(model));
            if (parsed.GetValue(threads) is { } count)
            {
                options = count >= 1 ? options with { Threads = count } : throw new Errors.UsageException("--threads: expected 1 or more");
            }

            var (samples, evaluator, _) = EmbeddedSetup.Create(environment, worldFolder, poolFolder, options);
            var indices = EmbeddedSetup.ResolveSubset(parsed.GetRequiredValue(subset), worldFolder, samples);
            var result = ProgressDisplay.Run(environment, "evaluate", progress =>
                evaluator.Evaluate(new EvaluationRequest(samples, indices, parsed.GetValue(seed)), progress, environment.Cancellation));
            Render(environment, parsed.GetRequiredValue(subset), indices.Length, result);
            if (parsed.GetValue(output) is { } path)
            {
                AtomicFile.WriteAllText(path, JsonSerializer.Serialize(result, CliJson.Options) + "\n");
            }

            if (parsed.GetValue(resultFile) is { } contract)
            {
                AtomicFile.WriteAllText(contract, ResultFile.Format(result.Scores));
            }

            return ExitCodes.Success;
        });
        return command;
    }

    /// <summary>Prints one evaluation as a table of benchmark scores.</summary>
    public static void Render(CliEnvironment environment, string label, int samples, EvaluationResult result)
    {
        var table = new Table().Border(TableBorder.Rounded).Title($"{Markup.Escape(label)}: {samples:N0} samples")
            .AddColumns("benchmark", "kind", "score", "correct");
        foreach (var score in result.Scores)
        {
            table.AddRow(score.Benchmark, World.WorldGenerator.Name(score.Kind), $"{score.Score:0.0}", $"{score.Correct}/{score.Items}");
        }

        environment.Console.Write(table);
        environment.Output.WriteLine($"in-distribution mean: {result.Objective:0.0}   ({result.Cost.Steps} steps, {result.Cost.TrainingTokens:N0} tokens, {result.Cost.TotalSeconds:0.0} s)");
        foreach (var line in result.Log)
        {
            environment.Output.WriteLine($"  {line}");
        }
    }
}
