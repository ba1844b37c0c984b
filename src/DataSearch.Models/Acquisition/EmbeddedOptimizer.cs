using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using DataSearch.Acquisition;
using DataSearch.Acquisition.Optimizers;
using MathNet.Numerics.Statistics;

namespace DataSearch.Models.Acquisition;

/// <summary>
/// The embedded optimizer: a small transformer (the policy's own model code, its own weights) that reads a
/// compact task analysis — category, probe accuracy, how many unknown names and failed probes — and writes
/// a trajectory template (<see cref="TrajectoryTemplate"/>: calls whose arguments may refer to the task's
/// names, failed probes, instruction or category), expanded into the trajectory that runs.
/// <para>
/// It starts by imitating, uniformly, the templates of every plan the heuristic knows for each task it
/// meets, so sampling at temperature 1 explores them all (and numbers or call mixes between them). It
/// learns by <b>reward-filtered, advantage-weighted fine-tuning</b>: after each iteration, the templates
/// whose reward beat their task's mean are added, repeated in proportion to their advantage, to what it
/// is trained on; greedy decoding then gives its best trajectory. (Preference pairs with a DPO loss
/// would need a frozen reference model and pairwise log-ratios; with a few dozen rewarded trajectories
/// per iteration, filtered fine-tuning is the stable choice at this scale.)
/// </para>
/// </summary>
public sealed class EmbeddedOptimizer : ITrajectoryOptimizer, IDisposable
{
    /// <summary>The optimizer's network: small, with room for a prompt and a two-call template.</summary>
    public static GptConfig Network { get; } = new(Layers: 2, Width: 64, Heads: 4, Context: 96);

    /// <summary>Steps of the first imitation training, and of each later update.</summary>
    public const int WarmSteps = 150;

    /// <inheritdoc cref="WarmSteps"/>
    public const int UpdateSteps = 50;

    /// <summary>Most copies of one rewarded template in the training data.</summary>
    public const int MaxRepeats = 4;

    private const string Prefix = "template:";
    private const int MaxTemplateBytes = 64;

    private readonly ulong seed;
    private LanguageModel model;
    private List<Example> imitation = [];
    private List<Example> rewarded = [];
    private Dictionary<string, string> promptOfTask = new(StringComparer.Ordinal);
    private bool stale = true;
    private int trainings;

    public EmbeddedOptimizer(ulong seed)
    {
        this.seed = seed;
        model = LanguageModel.Create(Network, seed);
    }

    public string Name => "embedded";

    /// <summary>What the model reads for a task.</summary>
    public static string Prompt(OptimizerInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var analysis = input.Analysis;
        return string.Create(CultureInfo.InvariantCulture,
            $"{input.Category}|{analysis.ProbeAccuracy:0.0}|{Math.Min(9, analysis.Entities.Count)}|{Math.Min(9, analysis.FailedProbes.Count)}");
    }

    public IReadOnlyList<ProposedTrajectory> Propose(OptimizerInput input, int count, ulong seed)
    {
        ArgumentNullException.ThrowIfNull(input);
        Meet(input);
        var prompt = Prompt(input);
        var templates = new List<string>();
        var samples = model.Sample([.. Enumerable.Repeat(prompt, count * 3)], MaxTemplateBytes, temperature: 1.0, seed);
        foreach (var template in samples.Select(s => s.Trim()).Distinct(StringComparer.Ordinal))
        {
            if (templates.Count < count && TrajectoryParser.TryParse(template, out _) is not null)
            {
                templates.Add(template);
            }
        }

        // Sampling rarely repeats itself this much; when it does, the plan menu fills in.
        foreach (var template in TrajectoryTemplate.ForPlans(input).Values.Where(t => !templates.Contains(t)))
        {
            if (templates.Count >= count)
            {
                break;
            }

            templates.Add(template);
        }

        return [.. templates.Select(t => Proposal(t, input))];
    }

    public ProposedTrajectory Best(OptimizerInput input, ulong seed)
    {
        ArgumentNullException.ThrowIfNull(input);
        Meet(input);
        var template = model.Answer([Prompt(input)], MaxTemplateBytes)[0].Trim();
        return TrajectoryParser.TryParse(template, out _) is not null
            ? Proposal(template, input)
            : Proposal(TrajectoryTemplate.ForPlans(input)[HeuristicOptimizer.RulePlan(input)], input);
    }

    public double? Learn(IReadOnlyList<TrajectoryRecord> results)
    {
        ArgumentNullException.ThrowIfNull(results);
        var mine = results.Where(r => r.Plan?.StartsWith(Prefix, StringComparison.Ordinal) == true && promptOfTask.ContainsKey(r.TaskId)).ToList();
        if (mine.Count == 0)
        {
            return null;
        }

        // The advantage scale: the spread of rewards this iteration, so weights do not depend on λ's units.
        var scale = Math.Max(1e-9, mine.Select(r => r.Reward).PopulationStandardDeviation());
        foreach (var task in mine.GroupBy(r => r.TaskId, StringComparer.Ordinal))
        {
            var mean = task.Average(r => r.Reward);
            foreach (var record in task.Where(r => r.Reward > mean && r.Gain > 0))
            {
                var repeats = Math.Clamp((int)Math.Ceiling((record.Reward - mean) / scale), 1, MaxRepeats);
                rewarded.Add(new Example(promptOfTask[task.Key], record.Plan![Prefix.Length..], repeats));
            }
        }

        return Train(UpdateSteps).LastLoss;
    }

    public string SaveState()
    {
        var folder = Directory.CreateTempSubdirectory("datasearch-optimizer-");
        try
        {
            var path = Path.Combine(folder.FullName, "optimizer.pt");
            model.Save(path);
            return JsonSerializer.Serialize(new State(
                Convert.ToBase64String(File.ReadAllBytes(path)), File.ReadAllText(path + ".json"), imitation, rewarded, promptOfTask, stale, trainings));
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    public void LoadState(string json)
    {
        var state = JsonSerializer.Deserialize<State>(json) ?? throw new JsonException("the embedded optimizer's state is empty");
        var folder = Directory.CreateTempSubdirectory("datasearch-optimizer-");
        try
        {
            var path = Path.Combine(folder.FullName, "optimizer.pt");
            File.WriteAllBytes(path, Convert.FromBase64String(state.Weights));
            File.WriteAllText(path + ".json", state.Description);
            var loaded = LanguageModel.Load(path);
            model.Dispose();
            model = loaded;
        }
        finally
        {
            folder.Delete(recursive: true);
        }

        imitation = [.. state.Imitation];
        rewarded = [.. state.Rewarded];
        promptOfTask = new Dictionary<string, string>(state.Prompts, StringComparer.Ordinal);
        stale = state.Stale;
        trainings = state.Trainings;
    }

    public void Dispose() => model.Dispose();

    /// <summary>The first time a kind of task is seen, its plan templates join the imitation data and the model is trained.</summary>
    private void Meet(OptimizerInput input)
    {
        var prompt = Prompt(input);
        promptOfTask[input.TaskId] = prompt;
        if (!imitation.Any(e => e.Prompt == prompt))
        {
            imitation.AddRange(TrajectoryTemplate.ForPlans(input).Values.Select(t => new Example(prompt, t, 1)));
            stale = true;
        }

        if (stale)
        {
            Train(trainings == 0 ? WarmSteps : UpdateSteps);
        }
    }

    private TrainingReport Train(int steps)
    {
        var examples = imitation.Concat(rewarded)
            .SelectMany(e => Enumerable.Repeat(ByteTokenizer.Example(e.Prompt, e.Template), e.Repeats))
            .ToList();
        var options = new TrainingOptions(steps, BatchSize: 8, LearningRate: 3e-3, WeightDecay: 0.01, WarmupSteps: Math.Min(20, steps / 5), Seed: seed + (ulong)trainings);
        trainings++;
        stale = false;
        return model.Train(examples, options, stage: "embedded optimizer");
    }

    private static ProposedTrajectory Proposal(string template, OptimizerInput input) =>
        new(TrajectoryTemplate.Expand(template, input), Prefix + template);

    private sealed record Example(
        [property: JsonPropertyName("prompt")] string Prompt,
        [property: JsonPropertyName("template")] string Template,
        [property: JsonPropertyName("repeats")] int Repeats);

    private sealed record State(
        [property: JsonPropertyName("weights")] string Weights,
        [property: JsonPropertyName("description")] string Description,
        [property: JsonPropertyName("imitation")] IReadOnlyList<Example> Imitation,
        [property: JsonPropertyName("rewarded")] IReadOnlyList<Example> Rewarded,
        [property: JsonPropertyName("prompts")] IReadOnlyDictionary<string, string> Prompts,
        [property: JsonPropertyName("stale")] bool Stale,
        [property: JsonPropertyName("trainings")] int Trainings);
}
