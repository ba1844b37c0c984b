using System.CommandLine;
using DataSearch.Cli.Internal;
using DataSearch.Errors;
using DataSearch.Export;
using DataSearch.IO;
using DataSearch.Pool;

namespace DataSearch.Cli.Commands;

/// <summary><c>datasearch export (--pool P | --world W) [--subset S] --format llamafactory|jsonl|parquet -o OUT</c>.</summary>
internal static class ExportCommand
{
    public static Command Create(CliEnvironment environment)
    {
        var world = new Option<string?>("--world", "-w") { Description = "A world folder (its pool, and its named subsets)." };
        var pool = new Option<string?>("--pool", "-p") { Description = "The pool folder; default: the world's pool." };
        var subset = new Option<string?>("--subset", "-s") { Description = "An .ids file (one sample id per line), or a world subset name (oracle, full, noisy); default: every sample." };
        var format = new Option<string>("--format", "-f") { Description = "llamafactory (a folder), jsonl or parquet (a file).", Required = true };
        var output = new Option<string>("--output", "-o") { Description = "The folder (llamafactory) or file to write.", Required = true };
        var name = new Option<string>("--dataset-name") { Description = "llamafactory: the dataset's name in dataset_info.json.", DefaultValueFactory = _ => "datasearch" };
        var model = new Option<string>("--model") { Description = "llamafactory: the model to fine-tune.", DefaultValueFactory = _ => "Qwen/Qwen2.5-1.5B-Instruct" };
        var template = new Option<string>("--template") { Description = "llamafactory: the model's chat template.", DefaultValueFactory = _ => "qwen" };
        var finetuning = new Option<string>("--finetuning-type") { Description = "llamafactory: lora or full.", DefaultValueFactory = _ => "lora" };
        var epochs = new Option<double>("--epochs") { Description = "llamafactory: training epochs.", DefaultValueFactory = _ => 3 };
        var cutoff = new Option<int>("--cutoff-len") { Description = "llamafactory: tokens per example.", DefaultValueFactory = _ => 2048 };
        var learningRate = new Option<double>("--learning-rate") { Description = "llamafactory: peak learning rate.", DefaultValueFactory = _ => 1e-4 };
        var outputDir = new Option<string?>("--output-dir") { Description = "llamafactory: where the trained model goes (default saves/NAME)." };
        var trainTemplate = new Option<string?>("--train-template") { Description = "llamafactory: a training YAML with {placeholders} instead of the built-in one." };
        var seed = new Option<ulong>("--seed") { Description = "llamafactory: the training seed (seed: in the YAML; added when a template lacks it).", DefaultValueFactory = _ => LlamaFactoryOptions.DefaultSeed };
        var command = new Command("export", """
            Write a subset of a pool for a training engine:
              llamafactory  a folder with NAME.json (ShareGPT layout), the entry merged into
                            dataset_info.json (other entries kept), and NAME.train.yaml, a training
                            config from a template (model, template, lora/full, epochs, cutoff, output)
              jsonl         canonical JSONL (OpenAI-style messages with sample ids and provenance)
              parquet       the same columns as Parquet
            Each reads back with 'datasearch pool import'.

            Examples:
              datasearch export --world runs/world --subset oracle --format llamafactory -o runs/lf
              datasearch export --pool pool --subset runs/search/subsets/HASH.ids --format jsonl -o best.jsonl
            """)
        {
            world, pool, subset, format, output, name, model, template, finetuning, epochs, cutoff, learningRate, outputDir, trainTemplate, seed,
        };
        command.SetAction(parsed =>
        {
            var poolFolder = parsed.GetValue(pool) ?? (parsed.GetValue(world) is { } w
                ? Path.Combine(w, World.WorldStore.PoolFolder)
                : throw new UsageException("give --pool, --world, or both"));
            // Named subsets (oracle, …) live in a world folder: the given one, else the pool's parent.
            var worldFolder = parsed.GetValue(world) ?? Path.GetDirectoryName(Path.GetFullPath(poolFolder))!;
            var samples = PoolStore.Open(poolFolder).Pool;
            var indices = parsed.GetValue(subset) is { } s ? EmbeddedSetup.ResolveSubset(s, worldFolder, samples) : [.. Enumerable.Range(0, samples.Count)];
            var path = parsed.GetRequiredValue(output);
            var chosen = parsed.GetRequiredValue(format);
            if (!SubsetExport.Formats.Contains(chosen))
            {
                throw new UsageException($"--format: '{chosen}' is not llamafactory, jsonl or parquet");
            }

            var summary = SubsetExport.Write(chosen, samples, indices, path, new LlamaFactoryOptions(
                parsed.GetRequiredValue(name), parsed.GetRequiredValue(model), parsed.GetRequiredValue(template), parsed.GetRequiredValue(finetuning),
                parsed.GetValue(epochs), parsed.GetValue(cutoff), parsed.GetValue(learningRate), parsed.GetValue(outputDir), parsed.GetValue(trainTemplate), parsed.GetValue(seed)));
            environment.Output.WriteLine($"wrote {summary.Samples:N0} samples: {string.Join(", ", summary.Files)}");
            if (summary.Unusual.Count > 0)
            {
                environment.Error.WriteLine($"warning: {summary.Unusual.Count:N0} samples do not alternate human/gpt turns ending with gpt, which LLaMA-Factory skips (first: {string.Join(", ", summary.Unusual.Take(3))})");
            }

            if (chosen == "llamafactory")
            {
                environment.Output.WriteLine($"train with: cd {path} && llamafactory-cli train {parsed.GetRequiredValue(name)}.train.yaml");
            }

            return ExitCodes.Success;
        });
        return command;
    }
}
