using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using DataSearch.Acquisition;
using DataSearch.Cli.Internal;
using DataSearch.Errors;
using DataSearch.Evaluation;
using DataSearch.IO;
using DataSearch.Models;
using DataSearch.Models.Acquisition;

namespace DataSearch.Cli.Commands;

/// <summary>
/// <c>datasearch policy train|answer</c>: the embedded model behind the contract of <c>policy: {kind:
/// command}</c> (docs/acquisition.md), so that contract can be tried, and tested, without an engine; a
/// user's own trainer and answerer take their place.
/// </summary>
internal static class PolicyCommand
{
    /// <summary>The checkpoint inside a model folder.</summary>
    private const string CheckpointName = "model.pt";

    public static Command Create(CliEnvironment environment)
    {
        var command = new Command("policy", "The embedded model behind the policy command contract of datasearch acquire (policy: {kind: command}).");
        command.Subcommands.Add(CreateTrain(environment));
        command.Subcommands.Add(CreateAnswer(environment));
        return command;
    }

    private static Command CreateTrain(CliEnvironment environment)
    {
        var from = new Option<string>("--from") { Description = "A model folder this command wrote, or an embedded profile name (tiny, quick, default) for a fresh model.", Required = true };
        var data = new Option<string>("--data") { Description = "JSONL of {\"prompt\", \"response\"} pairs.", Required = true };
        var output = new Option<string>("--out") { Description = "The model folder to write.", Required = true };
        var steps = new Option<int>("--steps") { Description = "Training steps.", Required = true };
        var seed = new Option<ulong>("--seed") { Description = "Training seed.", DefaultValueFactory = _ => 1 };
        var batch = new Option<int>("--batch-size") { Description = "Rows per step.", DefaultValueFactory = _ => 16 };
        var rate = new Option<double>("--learning-rate") { Description = "AdamW learning rate.", DefaultValueFactory = _ => 3e-3 };
        var command = new Command("train", """
            Fine-tune an embedded model on a JSONL file of {"prompt", "response"} pairs and write it to a folder:
            the train_command side of the policy contract.

            Example (in an acquisition config):
              policy:
                kind: command
                base_model: tiny
                train_command: datasearch policy train --from {from_model} --data {data} --out {model_dir} --steps {steps} --seed {seed} --batch-size {batch_size} --learning-rate {learning_rate}
                answer_command: datasearch policy answer --model {model_dir} --questions {questions} --answers {answers}
            """)
        {
            from, data, output, steps, seed, batch, rate,
        };
        command.SetAction(parsed =>
        {
            var source = parsed.GetRequiredValue(from);
            var trainingSeed = parsed.GetValue(seed);
            using var model = Directory.Exists(source)
                ? LanguageModel.Load(Path.Combine(source, CheckpointName))
                : EmbeddedModelOptions.Profile(source) is { } profile
                    ? LanguageModel.Create(profile.Model, trainingSeed)
                    : throw new UsageException($"--from: '{source}' is neither a model folder nor an embedded profile (default, medium, quick, tiny)");
            var examples = ReadPairs(parsed.GetRequiredValue(data)).Select(p => ByteTokenizer.Example(p.Prompt, p.Response)).ToList();
            if (examples.Count > 0)
            {
                // The options of acquire's own policy updates, so the contract trains as the embedded backend does.
                var options = new PolicyTrainer(new PolicySettings { BatchSize = parsed.GetValue(batch), LearningRate = parsed.GetValue(rate) }, []).Options(parsed.GetValue(steps), trainingSeed);
                model.Train(examples, options, stage: "policy train");
            }

            var folder = parsed.GetRequiredValue(output);
            Directory.CreateDirectory(folder);
            model.Save(Path.Combine(folder, CheckpointName));
            environment.Output.WriteLine($"trained on {examples.Count} pairs: {folder}");
            return ExitCodes.Success;
        });
        return command;
    }

    private static Command CreateAnswer(CliEnvironment environment)
    {
        var model = new Option<string>("--model") { Description = "A model folder written by datasearch policy train.", Required = true };
        var questions = new Option<string>("--questions") { Description = "JSONL of {\"id\", \"question\"}.", Required = true };
        var answers = new Option<string>("--answers") { Description = "JSONL of {\"id\", \"answer\"} to write.", Required = true };
        var maxBytes = new Option<int>("--max-new-bytes") { Description = "Bytes an answer may take.", DefaultValueFactory = _ => 32 };
        var command = new Command("answer", "Answer a JSONL file of {\"id\", \"question\"} greedily with a model folder and write {\"id\", \"answer\"} lines: the answer_command side of the policy contract.")
        {
            model, questions, answers, maxBytes,
        };
        command.SetAction(parsed =>
        {
            using var loaded = LanguageModel.Load(Path.Combine(parsed.GetRequiredValue(model), CheckpointName));
            var path = parsed.GetRequiredValue(questions);
            var rows = new List<(string Id, string Question)>();
            var number = 0;
            foreach (var line in File.ReadLines(path))
            {
                number++;
                if (string.IsNullOrWhiteSpace(line))
                {
                    continue;
                }

                var row = Parse(line, path, number);
                rows.Add((Field(row, "id", path, number), Field(row, "question", path, number)));
            }

            var replies = rows.Count == 0 ? [] : loaded.Answer([.. rows.Select(r => r.Question)], parsed.GetValue(maxBytes));
            var options = new JsonSerializerOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
            AtomicFile.WriteAllText(parsed.GetRequiredValue(answers), string.Concat(rows.Select((r, i) => JsonSerializer.Serialize(new { id = r.Id, answer = replies[i] }, options) + "\n")));
            environment.Output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"answered {rows.Count} questions"));
            return ExitCodes.Success;
        });
        return command;
    }

    private static List<(string Prompt, string Response)> ReadPairs(string path)
    {
        if (!File.Exists(path))
        {
            throw new UsageException($"--data: {path} does not exist");
        }

        var pairs = new List<(string, string)>();
        var number = 0;
        foreach (var line in File.ReadLines(path))
        {
            number++;
            if (!string.IsNullOrWhiteSpace(line))
            {
                var row = Parse(line, path, number);
                pairs.Add((Field(row, "prompt", path, number), Field(row, "response", path, number)));
            }
        }

        return pairs;
    }

    private static JsonObject Parse(string line, string path, int number)
    {
        try
        {
            return JsonNode.Parse(line) as JsonObject ?? throw new UsageException($"{path}:{number}: expected a JSON object");
        }
        catch (JsonException e)
        {
            throw new UsageException($"{path}:{number}: not JSON ({e.Message})");
        }
    }

    private static string Field(JsonObject row, string name, string path, int number) =>
        row[name] is { } value && value.GetValueKind() == JsonValueKind.String
            ? value.GetValue<string>()
            : throw new UsageException($"{path}:{number}: field '{name}' must be a string");
}
