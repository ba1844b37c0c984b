using System.CommandLine;
using System.Text.Json;
using DataSearch.Cli.Internal;
using DataSearch.Evaluation;
using DataSearch.IO;
using DataSearch.Models.Setup;
using DataSearch.Pool;
using DataSearch.Search;
using Spectre.Console;

namespace DataSearch.Cli.Commands;

/// <summary>
/// <c>datasearch eval --world W --subset S</c>: one evaluation with the embedded model; with
/// <c>--environment config.yaml</c>, the config's environment and evaluator (e.g. the proxy on your own
/// pool and benchmark files).
/// </summary>
internal static class EvalCommand
{
    public static Command Create(CliEnvironment environment)
    {
        var world = new Option<string?>("--world", "-w") { Description = "The world folder (benchmarks, corpus); default: the pool's parent folder." };
        var pool = new Option<string?>("--pool", "-p") { Description = "The pool folder; default: the world's pool." };
        var config = new Option<string?>("--environment", "--config")
        {
            Description = "A search config (search.yaml) whose environment: and evaluator: blocks say what to train on and how to score (e.g. evaluator: {kind: proxy} on your own files).",
        };
        var subset = new Option<string>("--subset", "-s")
        {
            Description = "An .ids file (one sample id per line), full (the whole pool), or a subset of the world: oracle, noisy.",
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
              datasearch eval --environment examples/environments/real-data.yaml --subset full
            """)
        {
            world, pool, config, subset, seed, model, output, resultFile, threads,
        };
        command.SetAction(parsed =>
        {
            if (parsed.GetValue(config) is { } configPath)
            {
                if (parsed.GetValue(world) is not null || parsed.GetValue(pool) is not null)
                {
                    throw new Errors.UsageException("--environment names the data; leave out --world and --pool");
                }

                var (configuredPool, configured, label, workFolder) = ConfiguredEvaluator(environment, configPath, parsed.GetValue(threads));
                int[] chosen = parsed.GetRequiredValue(subset) == "full"
                    ? [.. Enumerable.Range(0, configuredPool.Count)]
                    : SubsetFile.Read(parsed.GetRequiredValue(subset), configuredPool);
                environment.Error.WriteLine($"evaluator: {label}");
                Finish(environment, parsed, configured, configuredPool, chosen);

                // The evaluator's scratch folder (a command backend's workspace) is kept only when it failed, for its logs.
                if (Directory.Exists(workFolder))
                {
                    Directory.Delete(workFolder, recursive: true);
                }

                return ExitCodes.Success;
            }

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
            Finish(environment, parsed, evaluator, samples, indices);
            return ExitCodes.Success;
        });
        return command;

        void Finish(CliEnvironment cli, ParseResult parsed, IEvaluator chosen, SamplePool data, int[] selected)
        {
            var result = ProgressDisplay.Run(cli, "evaluate", progress =>
                chosen.Evaluate(new EvaluationRequest(data, selected, parsed.GetValue(seed)), progress, cli.Cancellation));
            Render(cli, parsed.GetRequiredValue(subset), selected.Length, result);
            if (parsed.GetValue(output) is { } path)
            {
                AtomicFile.WriteAllText(path, JsonSerializer.Serialize(result, CliJson.Options) + "\n");
            }

            if (parsed.GetValue(resultFile) is { } contract)
            {
                AtomicFile.WriteAllText(contract, ResultFile.Format(result.Scores));
            }
        }
    }

    /// <summary>The pool and evaluator a search config names (its environment: and evaluator: blocks); the embedded evaluator needs a world.</summary>
    private static (SamplePool Pool, IEvaluator Evaluator, string Label, string WorkFolder) ConfiguredEvaluator(CliEnvironment environment, string configPath, int? threads)
    {
        var settings = SearchConfig.Read(configPath);
        var data = SignalSetup.EnvironmentOf(settings.Environment, settings.World, settings.Pool, settings.Targets);
        var evaluatorSettings = settings.Evaluator;
        if (threads is { } count)
        {
            evaluatorSettings = count >= 1
                ? evaluatorSettings with { Proxy = evaluatorSettings.Proxy with { Threads = count } }
                : throw new Errors.UsageException("--threads: expected 1 or more");
        }

        SearchSetup.ThrowIfEvaluatorCannotScore(evaluatorSettings, data);
        var samples = PoolInput.Open(environment, [settings.Pool ?? data.PoolFolder ?? throw new Errors.UsageException($"{configPath}: the environment names no pool")]);
        var runFolder = Directory.CreateTempSubdirectory("datasearch-eval-").FullName;
        var evaluator = Models.Evaluators.Create(evaluatorSettings, data, settings.Model, runFolder, environment.Error.WriteLine, new ProgressStages(environment), environment.Cancellation);
        var label = evaluatorSettings.Kind == "proxy" ? $"proxy ({evaluatorSettings.Proxy.Size}, {evaluatorSettings.Proxy.Items} held-out items per benchmark, multiple choice as {evaluatorSettings.Proxy.Choices})" : evaluatorSettings.Kind;
        if (evaluator is Models.Proxy.ProxyEvaluator proxy)
        {
            var removed = proxy.Contaminated(samples);
            environment.Error.WriteLine(removed.Count == 0
                ? "decontamination: no pool sample overlaps a benchmark question"
                : $"decontamination: {removed.Values.Sum():N0} pool samples overlap benchmark questions and never train the proxy ({string.Join(", ", removed.Select(r => $"{r.Key} {r.Value:N0}"))})");
        }

        return (samples, evaluator, label, runFolder);
    }

    /// <summary>Prints one evaluation as a table of benchmark scores.</summary>
    public static void Render(CliEnvironment environment, string label, int samples, EvaluationResult result)
    {
        var lossBased = result.Scores.Any(s => s.BitsPerByte is not null);
        var table = new Table().Border(TableBorder.Rounded).Title($"{Markup.Escape(label)}: {samples:N0} samples")
            .AddColumns("benchmark", "kind", "score", lossBased ? "bits/byte (items)" : "correct");
        foreach (var score in result.Scores)
        {
            table.AddRow(
                score.Benchmark,
                World.WorldGenerator.Name(score.Kind),
                $"{score.Score:0.0}",
                score.BitsPerByte is { } bits ? $"{bits:0.000} ({score.Items})" : $"{score.Correct}/{score.Items}");
        }

        environment.Console.Write(table);
        environment.Output.WriteLine($"in-distribution mean: {result.Objective:0.0}   ({result.Cost.Steps} steps, {result.Cost.TrainingTokens:N0} tokens, {result.Cost.TotalSeconds:0.0} s)");
        foreach (var line in result.Log)
        {
            environment.Output.WriteLine($"  {line}");
        }
    }
}
