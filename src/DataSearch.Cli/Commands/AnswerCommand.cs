using System.CommandLine;
using DataSearch.Agents;
using DataSearch.Cli.Internal;
using DataSearch.Errors;
using DataSearch.Evaluation;
using DataSearch.Evaluation.Chat;
using DataSearch.Models;

namespace DataSearch.Cli.Commands;

/// <summary><c>datasearch answer --benchmark B -o ANSWERS.jsonl (--endpoint URL --model M | --checkpoint PT | --command CMD)</c>.</summary>
internal static class AnswerCommand
{
    /// <summary>The environment variable holding the answering endpoint's key (the judge's stays in OPENAI_API_KEY).</summary>
    public const string ApiKeyVariable = "ANSWER_API_KEY";

    public static Command Create(CliEnvironment environment)
    {
        var benchmark = new Option<string>("--benchmark", "-b") { Description = "AlpacaEval JSON, Arena-Hard or MT-Bench JSONL (see docs/chat.md).", Required = true };
        var output = new Option<string>("--output", "-o") { Description = "The answers file (JSONL); a rerun answers only what it lacks.", Required = true };
        var endpoint = new Option<string?>("--endpoint") { Description = $"An OpenAI-compatible endpoint serving the model (e.g. vllm serve: http://host:8000/v1); key from {ApiKeyVariable}." };
        var modelName = new Option<string?>("--model") { Description = "The model's name: as the endpoint serves it (required with --endpoint), or recorded beside the answers." };
        var checkpoint = new Option<string?>("--checkpoint") { Description = "An embedded model checkpoint (.pt), e.g. an acquisition run's checkpoints/iteration-003/policy.pt." };
        var commandText = new Option<string?>("--command") { Description = "A command that reads {questions} and writes {answers} (JSONL; see docs/chat.md)." };
        var slurm = new Option<bool>("--slurm") { Description = "Run --command as a Slurm batch job (re-attached on a rerun, never submitted twice)." };
        var partition = new Option<string?>("--partition") { Description = "Slurm partition." };
        var gpus = new Option<int>("--gpus") { Description = "GPUs for the Slurm job." };
        var time = new Option<string?>("--time") { Description = "Slurm time limit (e.g. 02:00:00); default: --timeout-minutes." };
        var sbatch = new Option<string[]>("--sbatch") { Description = "A further #SBATCH directive (repeatable), e.g. --sbatch=--account=lab.", Arity = ArgumentArity.ZeroOrMore };
        var limit = new Option<int?>("--limit") { Description = "Answer only the first N questions." };
        var maxTokens = new Option<int>("--max-tokens") { Description = "Longest answer per turn, in tokens (--endpoint).", DefaultValueFactory = _ => 1024 };
        var parallel = new Option<int>("--parallel") { Description = "Questions in flight at once (--endpoint).", DefaultValueFactory = _ => 8 };
        var timeout = new Option<double>("--timeout-minutes") { Description = "Wall-clock limit of --command.", DefaultValueFactory = _ => 240 };
        var command = new Command("answer", """
            Answer a chat benchmark's questions with the model under test, turn by turn (each turn sees the
            earlier ones and the model's own answers), into a JSONL answers file that `datasearch judge` reads.
            One backend: --endpoint (a served model, e.g. `vllm serve saves/run`), --checkpoint (the embedded
            model), or --command (any script, here or with --slurm as a batch job). Answers are saved one
            question at a time; a rerun asks only the questions not answered yet.

            Examples:
              datasearch answer -b mt-bench/question.jsonl --endpoint http://localhost:8000/v1 --model saves/run -o runs/mt-answers.jsonl
              datasearch answer -b alpaca-eval/gpt4_1106_preview_outputs.json --checkpoint runs/ads/checkpoints/iteration-003/policy.pt -o runs/alpaca.jsonl
              datasearch answer -b arena-hard-v0.1/question.jsonl --command "python3 gen.py --in {questions} --out {answers}" --slurm --gpus 1 -o runs/arena.jsonl
            """)
        {
            benchmark, output, endpoint, modelName, checkpoint, commandText, slurm, partition, gpus, time, sbatch, limit, maxTokens, parallel, timeout,
        };
        command.SetAction(parsed =>
        {
            if (parsed.GetValue(limit) is < 1 || parsed.GetValue(parallel) < 1)
            {
                throw new UsageException("--limit and --parallel: must be ≥ 1");
            }

            var path = Path.GetFullPath(parsed.GetRequiredValue(output));
            var questions = ChatBenchmark.Read(parsed.GetRequiredValue(benchmark)).Take(parsed.GetValue(limit) ?? int.MaxValue).ToList();
            var chosen = new[] { parsed.GetValue(endpoint), parsed.GetValue(checkpoint), parsed.GetValue(commandText) }.Count(v => v is not null);
            if (chosen != 1)
            {
                throw new UsageException("choose one backend: --endpoint URL --model NAME, --checkpoint PATH, or --command CMD");
            }

            if (parsed.GetValue(slurm) && parsed.GetValue(commandText) is null)
            {
                throw new UsageException("--slurm submits --command as a batch job: give --command");
            }

            using var chat = parsed.GetValue(endpoint) is { } url ? Client(environment, url, parsed.GetValue(modelName), parsed.GetValue(maxTokens)) : null;
            using var model = parsed.GetValue(checkpoint) is { } pt ? Load(pt) : null;
            IChatAnswerer answerer = (chat, model, parsed.GetValue(commandText)) switch
            {
                ({ } client, _, _) => new EndpointAnswerer(client, parsed.GetValue(maxTokens), parsed.GetValue(parallel)),
                (_, { } loaded, _) => new EmbeddedChatAnswerer(loaded, parsed.GetValue(modelName) ?? EmbeddedName(parsed.GetValue(checkpoint)!)),
                (_, _, { } text) => CommandBackend(environment, text, path, parsed.GetValue(modelName), parsed.GetValue(timeout),
                    parsed.GetValue(slurm) ? new SlurmSettings { Partition = parsed.GetValue(partition), Gpus = parsed.GetValue(gpus), Time = parsed.GetValue(time), Extra = parsed.GetValue(sbatch) ?? [] } : null),
                _ => throw new UsageException("no backend"),
            };

            environment.Error.WriteLine($"answering {questions.Count} questions with {answerer.Name}");
            var summary = ProgressDisplay.Run(environment, "answer", progress => ChatAnswering.Run(questions, answerer, path, progress, environment.Cancellation));
            environment.Output.WriteLine($"answered {summary.Asked} questions in {summary.Seconds:0.0} s" + (summary.AlreadyAnswered > 0 ? $" ({summary.AlreadyAnswered} were answered by an earlier run)" : string.Empty));
            environment.Output.WriteLine($"written: {path}");
            environment.Output.WriteLine($"next: datasearch judge -b {parsed.GetRequiredValue(benchmark)} -a {path} -o {Path.ChangeExtension(path, ".judged.json")}");
            return ExitCodes.Success;
        });
        return command;
    }

    private static ChatClient Client(CliEnvironment environment, string url, string? model, int maxTokens)
    {
        if (string.IsNullOrWhiteSpace(model))
        {
            throw new UsageException("--endpoint needs --model: the name the endpoint serves the model under");
        }

        if (maxTokens <= 0)
        {
            throw new UsageException("--max-tokens: must be > 0");
        }

        var options = new ChatClientOptions(url.TrimEnd('/'), environment.Variables(ApiKeyVariable), model, model, TimeSpan.FromMinutes(10), 4, TimeSpan.FromSeconds(1))
        {
            Secrets = environment.Secrets,
        };
        environment.Error.WriteLine($"endpoint: {options}");
        return new ChatClient(options);
    }

    private static LanguageModel Load(string checkpoint)
    {
        if (!File.Exists(checkpoint))
        {
            throw new UsageException($"--checkpoint: {checkpoint}: no such file");
        }

        LanguageModel.UseThreads(Environment.ProcessorCount);
        return LanguageModel.Load(checkpoint);
    }

    /// <summary><c>embedded:iteration-003/policy.pt</c>: the checkpoint's folder says which model it is.</summary>
    private static string EmbeddedName(string checkpoint) =>
        $"embedded:{Path.GetFileName(Path.GetDirectoryName(Path.GetFullPath(checkpoint)))}/{Path.GetFileName(checkpoint)}";

    private static CommandAnswerer CommandBackend(CliEnvironment environment, string text, string output, string? model, double timeoutMinutes, SlurmSettings? slurm)
    {
        if (CommandAnswerer.Problems(text).ToList() is { Count: > 0 } problems)
        {
            throw new UsageException(string.Join("; ", problems));
        }

        if (timeoutMinutes <= 0)
        {
            throw new UsageException("--timeout-minutes: must be > 0");
        }

        return new CommandAnswerer(text, model ?? "command", output + ".work", Directory.GetCurrentDirectory(), timeoutMinutes, slurm, line => environment.Error.WriteLine(line));
    }
}
