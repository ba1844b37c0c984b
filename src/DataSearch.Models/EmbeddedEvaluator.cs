using System.Diagnostics;
using DataSearch.Errors;
using DataSearch.Evaluation;
using DataSearch.Pool;
using DataSearch.Progress;

namespace DataSearch.Models;

/// <summary>
/// The embedded evaluator: fine-tunes a copy of the base model on the subset for a fixed number of
/// steps, greedily decodes every benchmark and scores the answers with each benchmark's checker.
/// </summary>
public sealed class EmbeddedEvaluator : IEvaluator
{
    private readonly LanguageModel baseModel;
    private readonly IReadOnlyList<Benchmark> benchmarks;
    private readonly EmbeddedModelOptions options;

    /// <summary>Creates the evaluator; each benchmark scores with its own checker.</summary>
    /// <exception cref="InvalidConfigurationException">There are no benchmarks.</exception>
    public EmbeddedEvaluator(LanguageModel baseModel, IReadOnlyList<Benchmark> benchmarks, EmbeddedModelOptions options)
    {
        ArgumentNullException.ThrowIfNull(benchmarks);
        if (benchmarks.Count == 0)
        {
            throw new InvalidConfigurationException("evaluator", ["benchmarks: none given"]);
        }

        this.baseModel = baseModel;
        this.benchmarks = benchmarks;
        this.options = options;
    }

    public EvaluationResult Evaluate(EvaluationRequest request, IProgress<ProgressReport>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.Subset.Count == 0)
        {
            throw new UsageException("the subset is empty: there is nothing to train on");
        }

        request.ThrowIfOutsidePool();

        using (TrainingLock.Hold(options.Threads, progress, cancellationToken))
        {
            return Run(request, progress, cancellationToken);
        }
    }

    private EvaluationResult Run(EvaluationRequest request, IProgress<ProgressReport>? progress, CancellationToken cancellationToken)
    {
        var watch = Stopwatch.StartNew();
        LanguageModel.UseThreads(options.Threads);
        var examples = request.Subset.Select(i => ExampleOf(request.Pool, i)).ToList();
        using var model = baseModel.Clone();
        var training = model.Train(examples, options.FineTuning with { Seed = request.Seed }, progress, cancellationToken, stage: "fine-tune");

        var decodeWatch = Stopwatch.StartNew();
        var scores = new List<BenchmarkScore>();
        for (var b = 0; b < benchmarks.Count; b++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var benchmark = benchmarks[b];
            var correct = model.CountCorrect(benchmark.Items, benchmark.Checker.Check);
            scores.Add(new BenchmarkScore(benchmark.Name, benchmark.Kind, 100.0 * correct / benchmark.Items.Count, correct, benchmark.Items.Count));
            progress?.Report(new ProgressReport("decode benchmarks", b + 1, benchmarks.Count, "benchmarks"));
        }

        var inDistribution = scores.Where(s => s.Kind == BenchmarkKind.InDistribution).ToList();
        var objective = inDistribution.Count > 0 ? inDistribution.Average(s => s.Score) : 0;
        var cost = new EvaluationCost(training.Tokens, training.Steps, training.Seconds, decodeWatch.Elapsed.TotalSeconds, watch.Elapsed.TotalSeconds);
        string[] log =
        [
            $"fine-tuned {training.Steps} steps on {examples.Count:N0} samples: loss {training.FirstLoss:0.000} → {training.LastLoss:0.000}, {training.TokensPerSecond:N0} tokens/s",
            $"decoded {benchmarks.Sum(b => b.Items.Count):N0} questions in {cost.DecodeSeconds:0.0} s",
        ];
        return new EvaluationResult(scores, objective, cost, log);
    }

    /// <summary>A pool sample as a training example: earlier messages form the prompt, the last assistant message is the response.</summary>
    public static TokenizedExample ExampleOf(SamplePool pool, int index)
    {
        var (prompt, response) = PromptAndResponse(pool, index);
        return ByteTokenizer.Example(prompt, response);
    }

    /// <summary>A pool sample's prompt (the messages before its last assistant message, one per line) and response (that message).</summary>
    public static (string Prompt, string Response) PromptAndResponse(SamplePool pool, int index)
    {
        ArgumentNullException.ThrowIfNull(pool);
        var count = pool.GetMessageCount(index);
        var last = count - 1;
        while (last > 0 && pool.GetRole(index, last) != ChatRole.Assistant)
        {
            last--;
        }

        var prompt = string.Join('\n', Enumerable.Range(0, last).Select(m => pool.GetContent(index, m)));
        return (prompt, pool.GetContent(index, last));
    }
}
