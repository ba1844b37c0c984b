using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using DataSearch.Agents;
using DataSearch.Errors;
using DataSearch.Evaluation;
using DataSearch.IO;
using DataSearch.Randomness;

namespace DataSearch.Acquisition.Policies;

/// <summary>
/// A policy trained by the user's own trainer (LLaMA-Factory, TRL, a script) and answering through a
/// command (<c>policy.kind: command</c>) or an OpenAI-compatible endpoint (<c>policy.kind: endpoint</c>).
/// A policy is a folder the train command wrote, under <c>RUN/policies/ID/</c>; ID is a hash of what it
/// was trained from (the model it started from, the data, steps, seed and the command), so an update
/// asked again — after a crash, or the same data twice — reuses the finished folder instead of training
/// again. A folder counts as finished once <c>ID.done</c> is written beside it, after the command.
/// </summary>
public sealed class CommandPolicyBackend : IPolicyBackend
{
    /// <summary>Placeholders of <c>train_command</c>.</summary>
    public static readonly IReadOnlyList<string> TrainPlaceholders = ["from_model", "data", "model_dir", "model_id", "steps", "seed", "batch_size", "learning_rate"];

    /// <summary>Placeholders of <c>answer_command</c>.</summary>
    public static readonly IReadOnlyList<string> AnswerPlaceholders = ["model_dir", "model_id", "questions", "answers"];

    /// <summary>Placeholders of <c>serve_command</c> and <c>endpoint_model</c>.</summary>
    public static readonly IReadOnlyList<string> ServePlaceholders = ["model_dir", "model_id"];

    /// <summary>The id of the base model (<c>base_model</c>, before any training).</summary>
    public const string BaseId = "base";

    private static readonly JsonSerializerOptions Json = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private readonly PolicySettings settings;
    private readonly string folder;
    private readonly IReadOnlyList<(string Prompt, string Response)> seedPairs;
    private readonly ChatClient? chat;
    private readonly Action<string> log;

    /// <param name="settings">The policy block of the config (its kind, commands, base model).</param>
    /// <param name="folder"><c>RUN/policies</c>.</param>
    /// <param name="seedPairs">Pool samples replayed into every update (<c>replay_fraction</c>) so the format is not forgotten.</param>
    /// <param name="chat">The endpoint <c>kind: endpoint</c> answers through (null for <c>kind: command</c>).</param>
    /// <param name="log">Where each training and serving step is reported.</param>
    public CommandPolicyBackend(PolicySettings settings, string folder, IReadOnlyList<(string Prompt, string Response)> seedPairs, ChatClient? chat, Action<string> log)
    {
        this.settings = settings ?? throw new ArgumentNullException(nameof(settings));
        this.folder = Path.GetFullPath(folder);
        this.seedPairs = seedPairs ?? throw new ArgumentNullException(nameof(seedPairs));
        this.log = log ?? throw new ArgumentNullException(nameof(log));
        if (settings.Kind == PolicySettings.Endpoint && chat is null)
        {
            throw new UsageException("policy: kind: endpoint needs an OpenAI-compatible endpoint: set OPENAI_BASE_URL (and OPENAI_API_KEY if it wants one)");
        }

        this.chat = chat;
    }

    public PolicySettings Settings => settings;

    /// <summary>The base model as configured (<c>base_model</c>), untrained; its id is <see cref="BaseId"/>.</summary>
    public IPolicy Base() => new CommandPolicy(this, BaseId, settings.BaseModel ?? string.Empty);

    public IPolicy Update(IPolicy from, IReadOnlyList<AcquiredSample> samples, int steps, ulong seed, CancellationToken cancellation)
    {
        ArgumentNullException.ThrowIfNull(samples);
        var source = from as CommandPolicy ?? throw new ArgumentException("a command backend updates only its own policies", nameof(from));
        var pairs = samples.Select(s => (s.Prompt, s.Response)).ToList();
        var replay = (int)Math.Round(pairs.Count * settings.ReplayFraction / (1 - settings.ReplayFraction));
        if (replay > 0 && seedPairs.Count > 0)
        {
            var random = new DeterministicRandom(seed ^ 0x5EEDUL);
            pairs.AddRange(Enumerable.Range(0, replay).Select(_ => random.Pick(seedPairs)));
        }

        return Train(source, pairs, steps, seed, cancellation);
    }

    /// <summary>Trains a policy from <paramref name="from"/> on <paramref name="pairs"/> as they are (the base policy's seed fine-tune).</summary>
    public IPolicy Train(IPolicy from, IReadOnlyList<(string Prompt, string Response)> pairs, int steps, ulong seed, CancellationToken cancellation)
    {
        ArgumentNullException.ThrowIfNull(pairs);
        var source = from as CommandPolicy ?? throw new ArgumentException("a command backend updates only its own policies", nameof(from));
        var data = string.Concat(pairs.Select(p => JsonSerializer.Serialize(new { prompt = p.Prompt, response = p.Response }, Json) + "\n"));
        var id = Id(source.Id, data, steps, seed);
        var modelDir = Path.Combine(folder, id);
        var done = modelDir + ".done";
        if (!File.Exists(done))
        {
            Directory.CreateDirectory(folder);
            if (Directory.Exists(modelDir))
            {
                Directory.Delete(modelDir, recursive: true); // an interrupted training: start it again
            }

            Directory.CreateDirectory(modelDir);
            var dataFile = Path.Combine(folder, id + ".data.jsonl");
            AtomicFile.WriteAllText(dataFile, data);
            var values = new Dictionary<string, string>(StringComparer.Ordinal)
            {
                ["from_model"] = source.Location,
                ["data"] = dataFile,
                ["model_dir"] = modelDir,
                ["model_id"] = id,
                ["steps"] = steps.ToString(System.Globalization.CultureInfo.InvariantCulture),
                ["seed"] = seed.ToString(System.Globalization.CultureInfo.InvariantCulture),
                ["batch_size"] = settings.BatchSize.ToString(System.Globalization.CultureInfo.InvariantCulture),
                ["learning_rate"] = settings.LearningRate.ToString("R", System.Globalization.CultureInfo.InvariantCulture),
            };
            Run(settings.TrainCommand!, values, Path.Combine(folder, id + ".train"), "train_command", cancellation);
            AtomicFile.WriteAllText(done, $"{{\"from\": \"{source.Id}\", \"samples\": {pairs.Count}, \"steps\": {steps}, \"seed\": {seed}}}\n");
            log($"policy {id}: trained from {source.Id} on {pairs.Count} samples, {steps} steps");
        }

        if (settings.ServeCommand is { } serve)
        {
            Run(serve, new Dictionary<string, string>(StringComparer.Ordinal) { ["model_dir"] = modelDir, ["model_id"] = id }, Path.Combine(folder, id + ".serve"), "serve_command", cancellation);
        }

        return new CommandPolicy(this, id, modelDir);
    }

    public IPolicy Load(string path)
    {
        var pointer = JsonFile.Read<PolicyPointer>(path + ".json", "a policy checkpoint", new JsonSerializerOptions { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower });
        if (pointer.Kind != "command" || pointer.Id is null || pointer.Location is null)
        {
            throw new UsageException($"{path}.json: not a command policy's checkpoint (policy.kind changed since the run began?)");
        }

        if (pointer.Id != BaseId && !File.Exists(Path.Combine(folder, pointer.Id + ".done")))
        {
            throw new UsageException($"{path}.json: the policy {pointer.Id} it names is not in {folder} (or did not finish training)");
        }

        return new CommandPolicy(this, pointer.Id, pointer.Id == BaseId ? settings.BaseModel ?? string.Empty : Path.Combine(folder, pointer.Id));
    }

    /// <summary>The problems of the command settings, each naming its field; empty when they are usable.</summary>
    public static IEnumerable<string> Problems(PolicySettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        if (settings.Kind == PolicySettings.Embedded)
        {
            yield break;
        }

        if (string.IsNullOrWhiteSpace(settings.TrainCommand))
        {
            yield return $"policy.train_command: policy kind {settings.Kind} needs the command that trains a policy";
        }

        if (settings.Kind == PolicySettings.Command && string.IsNullOrWhiteSpace(settings.AnswerCommand))
        {
            yield return "policy.answer_command: policy kind command needs the command that answers questions (or use kind: endpoint)";
        }

        foreach (var (field, text, known) in new[]
        {
            ("train_command", settings.TrainCommand, TrainPlaceholders),
            ("answer_command", settings.AnswerCommand, AnswerPlaceholders),
            ("serve_command", settings.ServeCommand, ServePlaceholders),
            ("endpoint_model", settings.EndpointModel, ServePlaceholders),
        })
        {
            var unknown = text is null ? [] : Export.Placeholders.Pattern().Matches(text).Select(m => m.Groups[1].Value).Where(p => !known.Contains(p)).Distinct().ToList();
            if (unknown.Count > 0)
            {
                yield return $"policy.{field}: unknown placeholder(s) {string.Join(", ", unknown.Select(u => $"{{{u}}}"))}; known: {string.Join(", ", known.Select(p => $"{{{p}}}"))}";
            }
        }

        if (settings.TimeoutMinutes <= 0)
        {
            yield return "policy.timeout_minutes: must be > 0";
        }
    }

    private IReadOnlyList<string> Answer(CommandPolicy policy, IReadOnlyList<BenchmarkItem> items, CancellationToken cancellation)
    {
        if (items.Count == 0)
        {
            return [];
        }

        return settings.Kind == PolicySettings.Endpoint ? AnswerByEndpoint(policy, items, cancellation) : AnswerByCommand(policy, items, cancellation);
    }

    private List<string> AnswerByCommand(CommandPolicy policy, IReadOnlyList<BenchmarkItem> items, CancellationToken cancellation)
    {
        var work = Path.Combine(folder, "answers");
        Directory.CreateDirectory(work);
        var name = $"{policy.Id}-{Guid.NewGuid():N}";
        var questions = Path.Combine(work, name + ".questions.jsonl");
        var answers = Path.Combine(work, name + ".answers.jsonl");
        // Only ids and questions reach the command: never the reference answers.
        AtomicFile.WriteAllText(questions, string.Concat(items.Select((item, i) => JsonSerializer.Serialize(new { id = i.ToString(System.Globalization.CultureInfo.InvariantCulture), question = item.Prompt }, Json) + "\n")));
        try
        {
            Run(settings.AnswerCommand!, new Dictionary<string, string>(StringComparer.Ordinal) { ["model_dir"] = policy.Location, ["model_id"] = policy.Id, ["questions"] = questions, ["answers"] = answers }, Path.Combine(work, name), "answer_command", cancellation);
            return ReadAnswers(answers, items.Count);
        }
        finally
        {
            foreach (var file in Directory.EnumerateFiles(work, name + ".*"))
            {
                File.Delete(file);
            }
        }
    }

    /// <summary>Reads the answer command's <c>{answers}</c> file: one <c>{"id", "answer"}</c> per question; a missing id or a malformed line is a located error.</summary>
    public static List<string> ReadAnswers(string path, int count)
    {
        if (!File.Exists(path))
        {
            throw new EvaluationFailedException($"policy.answer_command finished but wrote no answers to {{answers}} ({path})");
        }

        var answers = new string?[count];
        var number = 0;
        foreach (var line in File.ReadLines(path))
        {
            number++;
            if (string.IsNullOrWhiteSpace(line))
            {
                continue;
            }

            JsonObject? row;
            try
            {
                row = JsonNode.Parse(line) as JsonObject;
            }
            catch (JsonException e)
            {
                throw new EvaluationFailedException($"{path}:{number}: not JSON ({e.Message})");
            }

            var id = row?["id"]?.ToString();
            var answer = row?["answer"];
            if (id is null || !int.TryParse(id, System.Globalization.CultureInfo.InvariantCulture, out var index) || index < 0 || index >= count)
            {
                throw new EvaluationFailedException($"{path}:{number}: field 'id' must be one of the question ids 0–{count - 1}, found {id ?? "nothing"}");
            }

            if (answer is null || answer.GetValueKind() != JsonValueKind.String)
            {
                throw new EvaluationFailedException($"{path}:{number}: field 'answer' must be a string");
            }

            answers[index] = answer.GetValue<string>();
        }

        var missing = Enumerable.Range(0, count).Where(i => answers[i] is null).ToList();
        return missing.Count > 0
            ? throw new EvaluationFailedException($"{path}: no answer for question id(s) {string.Join(", ", missing.Take(10))}{(missing.Count > 10 ? ", …" : string.Empty)} of {count}")
            : [.. answers.Select(a => a!)];
    }

    private List<string> AnswerByEndpoint(CommandPolicy policy, IReadOnlyList<BenchmarkItem> items, CancellationToken cancellation)
    {
        var model = Export.Placeholders.Pattern().Replace(settings.EndpointModel ?? "{model_id}", m => m.Groups[1].Value == "model_dir" ? policy.Location : policy.Id);
        var answers = new List<string>(items.Count);
        foreach (var item in items)
        {
            cancellation.ThrowIfCancellationRequested();
            try
            {
                var reply = chat!.CompleteTextAsync("policy", model, [new ChatTurn("user", item.Prompt)], settings.MaxAnswerTokens, cancellation).GetAwaiter().GetResult();
                answers.Add(reply.Trim());
            }
            catch (AgentUnavailableException e)
            {
                // An unanswered question scores as wrong; the run goes on, and the log says why.
                log($"policy {policy.Id}: no answer from the endpoint ({e.Message}); counted as wrong");
                answers.Add(string.Empty);
            }
        }

        return answers;
    }

    private void Run(string template, IReadOnlyDictionary<string, string> values, string logPrefix, string field, CancellationToken cancellation)
    {
        var filled = Export.Placeholders.Pattern().Replace(template, m => EvaluationWorkspace.ShellQuote(values[m.Groups[1].Value]));
        using var limit = new CancellationTokenSource(TimeSpan.FromMinutes(settings.TimeoutMinutes));
        try
        {
            ShellCommand.Run(filled, settings.CommandDirectory ?? Directory.GetCurrentDirectory(), new Dictionary<string, string>(), logPrefix, limit.Token, $"policy.timeout_minutes ({settings.TimeoutMinutes:0.#})", cancellation);
        }
        catch (EvaluationFailedException e)
        {
            throw new EvaluationFailedException($"policy.{field}: {e.Message}");
        }
    }

    private string Id(string from, string data, int steps, ulong seed)
    {
        var key = $"{from}\n{steps}\n{seed}\n{settings.BatchSize}\n{settings.LearningRate:R}\n{settings.TrainCommand}\n{data}";
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)))[..16];
    }

    /// <summary>What a command policy's checkpoint holds: its id and where it is.</summary>
    private sealed record PolicyPointer(string Kind, string? Id, string? Location);

    /// <summary>A policy of this backend: an id and the folder (or, for the base, the model name) it lives in.</summary>
    private sealed class CommandPolicy(CommandPolicyBackend backend, string id, string location) : IPolicy
    {
        public string Id => id;

        public string Location => location;

        public IReadOnlyList<string> Answer(IReadOnlyList<BenchmarkItem> items, CancellationToken cancellation)
        {
            ArgumentNullException.ThrowIfNull(items);
            return backend.Answer(this, items, cancellation);
        }

        // The folder is never changed after training, so a copy can share it.
        public IPolicy Clone() => new CommandPolicy(backend, id, location);

        public void Save(string path)
        {
            Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
            AtomicFile.WriteAllText(path + ".json", JsonSerializer.Serialize(new PolicyPointer("command", id, location), new JsonSerializerOptions(Json) { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower }) + "\n");
        }

        public void Dispose()
        {
        }
    }
}
