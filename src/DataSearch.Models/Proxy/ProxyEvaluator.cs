using System.Diagnostics;
using System.Runtime.CompilerServices;
using DataSearch.Errors;
using DataSearch.Evaluation;
using DataSearch.Pool;
using DataSearch.Progress;
using DataSearch.Randomness;
using DataSearch.Text;

namespace DataSearch.Models.Proxy;

/// <summary>
/// The proxy evaluator (after RegMix's small proxy models): fine-tunes a copy of a small base model on
/// the subset for a fixed number of steps, with loss on responses only, then measures the loss of each
/// benchmark's reference answers given their questions on held-out items (a multiple-choice item in
/// cloze form: the right option's text given the question, see <see cref="ClozeForm"/>). Nothing is decoded, so it
/// works for any benchmark and any pool on a CPU. A benchmark's score is 100 × 2^−(bits per byte): the
/// geometric-mean probability per answer byte, in percent, higher is better. The objective is the same
/// transform of the in-distribution benchmarks' mean bits per byte (the geometric mean of their scores),
/// so that a tenth of a bit gained on any benchmark counts the same, whatever its level. Pool samples that overlap any benchmark question (the
/// <c>decontaminate</c> operator's 13-gram test) never train the proxy, whatever the subset.
/// </summary>
public sealed class ProxyEvaluator : IEvaluator
{
    private readonly LanguageModel baseModel;
    private readonly ProxyOptions options;
    private readonly IReadOnlyList<(Benchmark Benchmark, TokenizedExample[] Items)> heldOut;
    private readonly ContaminationIndex contamination;
    private readonly ConditionalWeakTable<SamplePool, string?[]> overlaps = [];

    /// <summary>Creates the evaluator; it scores up to <see cref="ProxyOptions.ItemsPerBenchmark"/> items of each benchmark, drawn once.</summary>
    /// <exception cref="InvalidConfigurationException">There are no benchmarks.</exception>
    public ProxyEvaluator(LanguageModel baseModel, IReadOnlyList<Benchmark> benchmarks, ProxyOptions options)
    {
        ArgumentNullException.ThrowIfNull(baseModel);
        ArgumentNullException.ThrowIfNull(benchmarks);
        ArgumentNullException.ThrowIfNull(options);
        if (benchmarks.Count == 0)
        {
            throw new InvalidConfigurationException("evaluator", ["benchmarks: none given; the proxy scores the loss of benchmark answers"]);
        }

        this.baseModel = baseModel;
        this.options = options;
        heldOut = [.. benchmarks.Select(b => (b, Draw(b.Items, options.ItemsPerBenchmark)
            .Select(i => options.Cloze ? ClozeForm.Of(i) : i)
            .Select(i => ByteTokenizer.Example(i.Prompt, i.Answer)).ToArray()))];
        contamination = ContaminationIndex.Build([.. benchmarks.Select(b => b.Questions())], ContaminationIndex.DefaultNgram, ContaminationIndex.DefaultMinimum);
    }

    /// <summary>The items of each benchmark the proxy scores: the same ones for every evaluation.</summary>
    public static IReadOnlyList<BenchmarkItem> Draw(IReadOnlyList<BenchmarkItem> items, int count)
    {
        ArgumentNullException.ThrowIfNull(items);
        if (count >= items.Count)
        {
            return items;
        }

        var order = Enumerable.Range(0, items.Count).ToArray();
        new DeterministicRandom(ProxyOptions.ItemSeed).Shuffle(order);
        return [.. order.Take(count).Order().Select(i => items[i])];
    }

    /// <summary>How many of <paramref name="pool"/>'s samples overlap each benchmark (never trained on), by benchmark name.</summary>
    public IReadOnlyDictionary<string, int> Contaminated(SamplePool pool)
    {
        ArgumentNullException.ThrowIfNull(pool);
        return Overlaps(pool).OfType<string>().GroupBy(name => name, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
    }

    public EvaluationResult Evaluate(EvaluationRequest request, IProgress<ProgressReport>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        request.ThrowIfOutsidePool();

        var overlap = Overlaps(request.Pool);
        var training = request.Subset.Where(i => overlap[i] is null).ToList();
        var removed = request.Subset.Count - training.Count;
        if (training.Count == 0)
        {
            throw new UsageException(request.Subset.Count == 0
                ? "the subset is empty: there is nothing to train on"
                : $"all {request.Subset.Count:N0} samples of the subset overlap benchmark questions: nothing is left to train on");
        }

        using (TrainingLock.Hold(options.Threads, progress, cancellationToken))
        {
            return Run(request, training, removed, progress, cancellationToken);
        }
    }

    private EvaluationResult Run(EvaluationRequest request, List<int> training, int removed, IProgress<ProgressReport>? progress, CancellationToken cancellationToken)
    {
        var watch = Stopwatch.StartNew();
        LanguageModel.UseThreads(options.Threads);
        var context = options.Model.Context;
        var examples = training.Select(i => ContextWindow.Fit(EmbeddedEvaluator.ExampleOf(request.Pool, i), context)).ToList();
        using var model = baseModel.Clone();
        var report = model.Train(examples, options.FineTuning with { Seed = request.Seed }, progress, cancellationToken, stage: "fine-tune proxy");

        var scoreWatch = Stopwatch.StartNew();
        var scores = new List<BenchmarkScore>();
        for (var b = 0; b < heldOut.Count; b++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var (benchmark, items) = heldOut[b];
            var bits = AnswerLoss.BitsPerByte(AnswerLoss.Measure(model, items));
            scores.Add(new BenchmarkScore(benchmark.Name, benchmark.Kind, Score(bits), 0, items.Length, bits));
            progress?.Report(new ProgressReport("score held-out answers", b + 1, heldOut.Count, "benchmarks"));
        }

        var inDistribution = scores.Where(s => s.Kind == BenchmarkKind.InDistribution).ToList();
        var objective = inDistribution.Count > 0 ? Score(inDistribution.Average(s => s.BitsPerByte!.Value)) : 0;
        var cost = new EvaluationCost(report.Tokens, report.Steps, report.Seconds, scoreWatch.Elapsed.TotalSeconds, watch.Elapsed.TotalSeconds);
        string[] log =
        [
            $"proxy fine-tuned {report.Steps} steps on {examples.Count:N0} samples{(removed > 0 ? $" ({removed:N0} of the subset left out: they overlap benchmark questions)" : string.Empty)}: loss {report.FirstLoss:0.000} → {report.LastLoss:0.000}, {report.TokensPerSecond:N0} tokens/s",
            $"scored {heldOut.Sum(h => h.Items.Length):N0} held-out answers in {cost.DecodeSeconds:0.0} s: {string.Join(", ", scores.Select(s => $"{s.Benchmark} {s.BitsPerByte:0.000} bits/byte"))}",
        ];
        return new EvaluationResult(scores, objective, cost, log);
    }

    /// <summary>The higher-is-better score of a loss: 100 × 2^−<paramref name="bitsPerByte"/>, the geometric-mean probability per answer byte in percent.</summary>
    public static double Score(double bitsPerByte) => 100 * Math.Pow(2, -bitsPerByte);

    private string?[] Overlaps(SamplePool pool) => overlaps.GetValue(pool, p => contamination.MatchAll(p));
}
