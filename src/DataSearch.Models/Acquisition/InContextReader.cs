using System.Text;
using DataSearch.Acquisition;
using DataSearch.Environments;
using DataSearch.Progress;
using DataSearch.Randomness;

namespace DataSearch.Models.Acquisition;

/// <summary>One worked example a reader may see before a question: a prompt, its response and its group (skill).</summary>
public sealed record WorkedExample(string Prompt, string Response, string Group);

/// <summary>
/// The reader of in-context use: a model of the policy's architecture with a longer context that answers
/// a question after a few worked examples, one per line (<c>prompt TAB response</c>), most relevant
/// last. It learns to read them from practice on clean world samples, a third of each kind: the
/// question's own example is among the ones shown (copy it), a counterfactual one is (the question with
/// another answer of its group: copy that, so the reader learns to trust the context over its memory),
/// or it is not (answer as without context; half of these show no examples at all).
/// </summary>
public static class InContextReader
{
    /// <summary>Separates an example's prompt from its response within its line.</summary>
    public const char Between = '\t';

    /// <summary>One example's line.</summary>
    public static string Line(string prompt, string response) => $"{Flat(prompt)}{Between}{Flat(response)}\n";

    /// <summary>
    /// The prompt for <paramref name="question"/> after as many of <paramref name="examples"/> (best first)
    /// as fit in <paramref name="budget"/> bytes together with the question; the best ends up nearest the
    /// question. The question ends with the separator its examples use, so that the answer follows the
    /// same byte in the question as in the example it may copy (an induction pattern a small model learns).
    /// </summary>
    public static string Prompt(IEnumerable<WorkedExample> examples, string question, int budget)
    {
        ArgumentNullException.ThrowIfNull(examples);
        ArgumentNullException.ThrowIfNull(question);
        var last = Flat(question) + Between;
        var used = Encoding.UTF8.GetByteCount(last);
        var lines = new List<string>();
        foreach (var example in examples)
        {
            var line = Line(example.Prompt, example.Response);
            var size = Encoding.UTF8.GetByteCount(line);
            if (used + size <= budget)
            {
                lines.Add(line);
                used += size;
            }
        }

        lines.Reverse();
        return string.Concat(lines) + last;
    }

    /// <summary>Bytes of prompt a context of <paramref name="context"/> tokens leaves beside an answer of <paramref name="answerBytes"/> bytes (plus the separator and the end of text).</summary>
    public static int Budget(int context, int answerBytes) => Math.Max(0, context - answerBytes - 2);

    /// <summary>Reading practice: <paramref name="count"/> training examples built from <paramref name="samples"/> (see the class summary).</summary>
    public static List<TokenizedExample> Practice(IReadOnlyList<WorkedExample> samples, int count, int examplesPerPrompt, int context, ulong seed)
    {
        ArgumentNullException.ThrowIfNull(samples);
        var random = new DeterministicRandom(seed ^ 0x4EADE4UL);
        var byGroup = samples.GroupBy(s => s.Group).ToDictionary(g => g.Key, g => g.ToList(), StringComparer.Ordinal);
        var practice = new List<TokenizedExample>(count);
        for (var attempt = 0; practice.Count < count && attempt < count * 3; attempt++)
        {
            var target = random.Pick(samples);
            var group = byGroup[target.Group];
            var kind = attempt % 3;
            var answer = kind == 1 ? random.Pick(group).Response : target.Response;
            if (kind == 1 && answer == target.Response)
            {
                continue;
            }

            var shown = new List<WorkedExample>();
            var distractors = kind == 2 && random.Chance(0.5) ? 0 : kind == 2 ? examplesPerPrompt : examplesPerPrompt - 1;
            for (var d = 0; d < distractors; d++)
            {
                // Half from the question's own group, as retrieval would find them; none is the question itself.
                var distractor = random.Chance(0.5) ? random.Pick(group) : random.Pick(samples);
                if (distractor.Prompt != target.Prompt)
                {
                    shown.Add(distractor);
                }
            }

            var copy = target with { Response = answer };
            if (kind < 2)
            {
                shown.Insert(random.Next(shown.Count + 1), copy);
            }

            var prompt = Prompt(shown, target.Prompt, Budget(context, Encoding.UTF8.GetByteCount(answer)));
            if (kind < 2 && !prompt.Contains(Line(copy.Prompt, copy.Response), StringComparison.Ordinal))
            {
                continue; // the example to copy did not fit: the label would teach guessing
            }

            practice.Add(ByteTokenizer.Example(prompt, answer));
        }

        return practice;
    }

    /// <summary>
    /// Builds the reader: a base model of <paramref name="options"/>' architecture with the settings'
    /// context, pre-trained on the environment's text with as many tokens per step as the policy's base
    /// model (cached like every base model), then given reading practice built from samples drawn at
    /// random from the pool (no ground truth chooses them).
    /// </summary>
    public static LanguageModel Build(IDataEnvironment environment, InContextSettings settings, EmbeddedModelOptions options, ulong seed, string cacheFolder, Action<string> log, IProgress<ProgressReport>? progress = null, CancellationToken cancellation = default)
    {
        ArgumentNullException.ThrowIfNull(environment);
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(log);
        // Pre-training sees as many tokens per step as the policy's base model did: fewer, longer rows.
        var config = options.Model with { Context = settings.Context };
        var pretraining = options.Pretraining with { BatchSize = Math.Max(1, options.Pretraining.BatchSize * options.Model.Context / settings.Context) };
        var (model, path, built) = BaseModelCache.GetOrBuild(environment.PretrainingText(), config, pretraining, cacheFolder, progress, cancellation);
        log($"reader base model ({settings.Context}-byte context) {(built ? "pre-trained and cached" : "loaded from cache")}: {path}");
        var pool = environment.Pool();
        var order = Enumerable.Range(0, pool.Count).ToList();
        new DeterministicRandom(seed ^ 0x4EAD5UL).Shuffle(order);
        var samples = order.Take(settings.ReaderSamples).Select(i =>
        {
            var (prompt, response) = EmbeddedEvaluator.PromptAndResponse(pool, i);
            return new WorkedExample(prompt, response, pool.GetTags(i).FirstOrDefault() ?? string.Empty);
        }).ToList();
        var batch = options.FineTuning.BatchSize / 2;
        var practice = Practice(samples, Math.Min(50_000, settings.ReaderSteps * batch), settings.Examples, settings.Context, seed);
        model.Train(practice, options.FineTuning with { Steps = settings.ReaderSteps, BatchSize = batch, Seed = seed }, progress, cancellation, stage: "reading practice");
        log($"reader: {settings.ReaderSteps} steps of reading practice on {practice.Count:N0} examples built from {samples.Count:N0} pool samples");
        return model;
    }

    private static string Flat(string text) => text.Replace(Between, ' ').Replace('\n', ' ');
}
